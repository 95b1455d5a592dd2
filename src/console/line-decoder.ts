// Bytes from a serial line -> clean text lines. Survives garbage: control bytes and escape sequences
// are dropped, invalid UTF-8 is dropped, backspace edits, and an endless line is cut and reported.

export interface DecodedInput {
  lines: string[];
  /** How many lines were too long and discarded. */
  overflowed: number;
  /** How many empty lines (a bare Enter: the technician asking for a prompt). */
  blank: number;
}

const ESC = 0x1b;

export class LineDecoder {
  private buffer: number[] = [];
  private discarding = false;
  private afterCR = false;
  private inEscape: 0 | 1 | 2 = 0; // 1: after ESC, 2: inside CSI "ESC [ ... final"

  constructor(private readonly maxLength = 256) {}

  push(chunk: Uint8Array): DecodedInput {
    const out: DecodedInput = { lines: [], overflowed: 0, blank: 0 };
    for (const byte of chunk) {
      if (this.inEscape === 1) {
        this.inEscape = byte === 0x5b ? 2 : 0;
        continue;
      }
      if (this.inEscape === 2) {
        if (byte >= 0x40 && byte <= 0x7e) this.inEscape = 0;
        continue;
      }
      if (byte === 0x0a && this.afterCR) {
        this.afterCR = false;
        continue;
      }
      this.afterCR = byte === 0x0d;
      if (byte === 0x0d || byte === 0x0a) {
        if (this.discarding) out.overflowed++;
        else {
          const line = clean(Buffer.from(this.buffer).toString("utf8"));
          if (line !== "") out.lines.push(line);
          else out.blank++;
        }
        this.buffer = [];
        this.discarding = false;
        continue;
      }
      if (this.discarding) continue;
      if (byte === ESC) this.inEscape = 1;
      else if (byte === 0x08 || byte === 0x7f) this.buffer.pop();
      else if (byte === 0x03 || byte === 0x15)
        this.buffer = []; // Ctrl-C, Ctrl-U: drop the line
      else if (byte >= 0x20) {
        this.buffer.push(byte);
        if (this.buffer.length > this.maxLength) {
          this.buffer = [];
          this.discarding = true;
        }
      }
    }
    return out;
  }
}

/** Printable text only, trimmed; U+FFFD (invalid UTF-8) and C1 controls removed. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, "").trim();
}
