// A tolerant ESC/POS-to-text reader for previews (simulator, console): prints the text lines,
// "[QR Code]" for a symbol and skips every other command by its known length.
import iconv from "iconv-lite";
import type { CodePage } from "./profiles.js";

export function escposToText(bytes: Uint8Array, codePage: CodePage): string[] {
  const b = Buffer.from(bytes);
  const lines: string[] = [];
  let chunk: number[] = [];
  const flush = () => {
    lines.push(iconv.decode(Buffer.from(chunk), codePage));
    chunk = [];
  };
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    const next = b[i + 1];
    if (c === 0x0a) {
      flush();
      i += 1;
    } else if (c >= 0x20) {
      chunk.push(c);
      i += 1;
    } else if (c === 0x1b) {
      // ESC @, ESC 2, ESC m, ESC i: 2 bytes; ESC p: 5 bytes; others with one argument: 3 bytes.
      i += next === 0x40 || next === 0x32 || next === 0x6d || next === 0x69 ? 2 : next === 0x70 ? 5 : 3;
    } else if (c === 0x1d && next === 0x28) {
      const len = (b[i + 3] ?? 0) + (b[i + 4] ?? 0) * 256;
      if (b[i + 6] === 0x51) lines.push("[QR Code]");
      i += 5 + len;
    } else if (c === 0x1d && next === 0x6b && b[i + 2] === 0x51) {
      lines.push("[QR Code]");
      i += 9 + (b[i + 7] ?? 0) + (b[i + 8] ?? 0) * 256;
    } else if (c === 0x1d) {
      i += next === 0x56 && (b[i + 2] ?? 0) >= 65 ? 4 : next === 0xf9 ? 4 : 3;
    } else if (c === 0x10 || c === 0x1c) {
      i += c === 0x10 ? 3 : 2;
    } else {
      i += 1;
    }
  }
  if (chunk.length) flush();
  return lines;
}
