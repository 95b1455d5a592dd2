// Laid-out lines to ESC/POS bytes for one printer profile. The reference is
// @point-of-sale/receipt-printer-encoder (encodeLinesWithLibrary); QR and cut use the profile's
// dialect (commands.ts). Receipts of plain lines take a direct path that writes the very bytes the
// library writes for them (its init, ESC t again after every raw command, bold around the text,
// one LF per line), ~50x faster; test/hal/encode-lines.test.ts compares both on generated receipts.
import ReceiptPrinterEncoder from "@point-of-sale/receipt-printer-encoder";
import type { DanfeLine } from "../danfe/layout-danfe.js";
import { codePageTable, printable } from "./code-page-table.js";
import { alignCommand, cutCommand, qrCommand } from "./commands.js";
import type { PaperWidthMm, PrinterProfile } from "./profiles.js";
import { qrGeometry } from "./qr-size.js";

export { printable } from "./code-page-table.js";

const ESC = 0x1b;
const LF = 0x0a;
/** The library's initialize(): ESC @, FS . (Kanji off), ESC M 0 (font A). */
const LIBRARY_INITIALIZE = [ESC, 0x40, 0x1c, 0x2e, ESC, 0x4d, 0x00];
const BOLD_ON = [ESC, 0x45, 1];
const BOLD_OFF = [ESC, 0x45, 0];
const FEED_BEFORE_CUT = 4;

export function encodeLines(
  lines: readonly DanfeLine[],
  profile: PrinterProfile,
  paper: PaperWidthMm,
): Uint8Array {
  return encodeLinesDirect(lines, profile, paper) ?? encodeLinesWithLibrary(lines, profile, paper);
}

/**
 * The direct path; undefined for what it does not cover: a text line that is empty, blank, longer
 * than the paper (the library wraps it) or holds a control character, a QR or cut not followed by
 * text, or a code page the table cannot represent.
 */
export function encodeLinesDirect(
  lines: readonly DanfeLine[],
  profile: PrinterProfile,
  paper: PaperWidthMm,
): Uint8Array | undefined {
  const table = codePageTable(profile.codePage);
  if (!table) return undefined;
  const columns = profile.columns[paper];
  const texts: string[] = [];
  const blocks: Uint8Array[] = [];
  const qrBlocks = new Map<string, Uint8Array>();
  let size = LIBRARY_INITIALIZE.length + profile.init.length + 3;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as DanfeLine;
    if (line.kind === "text") {
      const t = printable(line.text, profile.codePage);
      if (!isPlainLine(t, columns)) return undefined;
      texts.push(t);
      // ESC t before the first text and before the first text after a raw block.
      size += t.length + 1 + (line.bold ? 6 : 0) + (i === 0 || lines[i - 1]?.kind !== "text" ? 3 : 0);
      continue;
    }
    if (lines[i + 1]?.kind !== "text" && !(line.kind === "cut" && i === lines.length - 1)) return undefined;
    let block: Uint8Array;
    if (line.kind === "qr") {
      block = qrBlocks.get(line.payload) ?? qrBlock(line.payload, profile, paper);
      qrBlocks.set(line.payload, block);
    } else {
      block = cutBlock(profile);
    }
    blocks.push(block);
    size += block.length;
  }

  const out = new Uint8Array(size);
  let at = 0;
  const put = (bytes: ArrayLike<number>) => {
    out.set(bytes, at);
    at += bytes.length;
  };
  put(LIBRARY_INITIALIZE);
  put(profile.init);
  const selectCodePage = [ESC, 0x74, profile.codePageNumber];
  put(selectCodePage);
  // The library forgets the printer's code page after any raw bytes and sends ESC t again.
  let codePageSent = false;
  let text = 0;
  let block = 0;
  for (const line of lines) {
    if (line.kind !== "text") {
      put(blocks[block++] as Uint8Array);
      codePageSent = false;
      continue;
    }
    const t = texts[text++] as string;
    if (line.bold) put(BOLD_ON);
    if (!codePageSent) {
      put(selectCodePage);
      codePageSent = true;
    }
    for (let c = 0; c < t.length; c++) out[at++] = table[t.charCodeAt(c)] as number;
    if (line.bold) put(BOLD_OFF);
    out[at++] = LF;
  }
  return out;
}

function isPlainLine(text: string, columns: number): boolean {
  if (text.length === 0 || text.length > columns) return false;
  let blank = true;
  for (let c = 0; c < text.length; c++) {
    const code = text.charCodeAt(c);
    if (code < 0x20 || code === 0x7f) return false;
    if (code !== 0x20) blank = false;
  }
  return !blank;
}

function qrBlock(payload: string, profile: PrinterProfile, paper: PaperWidthMm): Uint8Array {
  const geometry = qrGeometry(payload, profile.dotsPerMm, profile.printableDots[paper]);
  return concat([
    alignCommand("center"),
    qrCommand(profile, payload, geometry.moduleDots),
    [LF],
    alignCommand("left"),
  ]);
}

function cutBlock(profile: PrinterProfile): Uint8Array {
  return concat([new Array<number>(FEED_BEFORE_CUT).fill(LF), cutCommand(profile)]);
}

function concat(parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Every line through the encoder library: the reference, and the path for unusual lines. */
export function encodeLinesWithLibrary(
  lines: readonly DanfeLine[],
  profile: PrinterProfile,
  paper: PaperWidthMm,
): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({
    language: "esc-pos",
    columns: profile.columns[paper],
    codepageMapping: { [profile.codePage]: profile.codePageNumber },
    newline: "\n",
    feedBeforeCut: 0,
  });
  encoder.initialize();
  if (profile.init.length) encoder.raw([...profile.init]);
  encoder.raw([0x1b, 0x74, profile.codePageNumber]).codepage(profile.codePage);
  for (const line of lines) {
    if (line.kind === "text") {
      const t = printable(line.text, profile.codePage);
      if (line.bold) encoder.bold(true).line(t).bold(false);
      else encoder.line(t);
    } else if (line.kind === "qr") {
      const geometry = qrGeometry(line.payload, profile.dotsPerMm, profile.printableDots[paper]);
      encoder
        .raw(alignCommand("center"))
        .raw(qrCommand(profile, line.payload, geometry.moduleDots))
        .raw([0x0a])
        .raw(alignCommand("left"));
    } else {
      encoder.newline(4).raw(cutCommand(profile));
    }
  }
  return encoder.encode();
}
