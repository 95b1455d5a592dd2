// Text to code-page bytes through a table built once per code page from the very tables the
// receipt encoder uses (@point-of-sale/codepage-encoder, its own dependency). CodepageEncoder.encode
// clones the whole definition on every call and searches 256 entries per character; the table
// gives the same byte (the first position holding the character, else '?') in one lookup.
import CodepageEncoder from "@point-of-sale/codepage-encoder";
import iconv from "iconv-lite";
import type { CodePage } from "./profiles.js";

const QUESTION_MARK = 0x3f;
const tables = new Map<CodePage, Uint8Array | null>();

/**
 * One byte per UTF-16 unit, as CodepageEncoder.encode gives it; null when the code page holds a
 * character outside the BMP (encode then looks at whole code points and a table per unit would lie).
 */
export function codePageTable(codePage: CodePage): Uint8Array | null {
  let table = tables.get(codePage);
  if (table === undefined) {
    const codepoints = CodepageEncoder.getEncoding(codePage).codepoints;
    table = new Uint8Array(0x10000).fill(QUESTION_MARK);
    // Backwards, so that a character listed twice keeps its first position (encode's findIndex).
    for (let byte = codepoints.length - 1; byte >= 0; byte--) {
      const cp = codepoints[byte] as number;
      if (cp > 0xffff) {
        table = null;
        break;
      }
      table[cp] = byte;
    }
    tables.set(codePage, table);
  }
  return table;
}

const FALLBACKS: Record<string, string> = {
  "–": "-",
  "—": "-",
  "“": '"',
  "”": '"',
  "‘": "'",
  "’": "'",
  "•": "*",
};

const ASCII = /^[\x00-\x7f]*$/;
const printableMemo = new Map<CodePage, Map<string, string>>();

/** Characters the code page lacks become their closest ASCII, never a silent '?'. */
export function printable(text: string, codePage: CodePage): string {
  if (ASCII.test(text)) return text;
  let memo = printableMemo.get(codePage);
  if (!memo) {
    memo = new Map();
    printableMemo.set(codePage, memo);
  }
  let out = "";
  for (const ch of text) {
    let mapped = memo.get(ch);
    if (mapped === undefined) {
      mapped = printableChar(ch, codePage);
      // Letters repeat from receipt to receipt; arbitrary input must not grow the memo forever.
      if (memo.size < 4096) memo.set(ch, mapped);
    }
    out += mapped;
  }
  return out;
}

function printableChar(ch: string, codePage: CodePage): string {
  const mapped = FALLBACKS[ch] ?? ch;
  if (mapped.length === 1 && mapped.charCodeAt(0) < 0x80) return mapped;
  if (iconv.decode(iconv.encode(mapped, codePage), codePage) === mapped) return mapped;
  return mapped
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "?");
}
