// Splits the scanner byte stream into codes: CR, LF or CR LF end a code; flush() ends one after
// an inter-byte timeout (scanners without a suffix). Binary noise and endless lines become one
// rejection each, never a code, and never unbounded memory. Pure state machine over bytes.

export type Frame =
  | { kind: "code"; text: string }
  | { kind: "rejected"; reason: "noise" | "too-long"; raw: string };

export class ScanFramer {
  private buffer: number[] = [];
  private noisy = false;
  private overflowed = false;

  constructor(private readonly maxLength: number) {}

  push(bytes: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    for (const byte of bytes) {
      if (byte === 0x0d || byte === 0x0a) {
        const frame = this.end();
        if (frame) frames.push(frame);
        continue;
      }
      if (this.overflowed) continue;
      if (byte < 0x20 || byte > 0x7e) this.noisy = true;
      this.buffer.push(byte);
      if (this.buffer.length > this.maxLength) {
        frames.push({ kind: "rejected", reason: "too-long", raw: this.raw() });
        this.buffer = [];
        this.noisy = false;
        this.overflowed = true;
      }
    }
    return frames;
  }

  /** Inter-byte timeout: whatever is buffered is a complete code (or garbage). */
  flush(): Frame[] {
    const frame = this.end();
    return frame ? [frame] : [];
  }

  get pending(): boolean {
    return this.buffer.length > 0;
  }

  private end(): Frame | undefined {
    const wasOverflow = this.overflowed;
    const noisy = this.noisy;
    const raw = this.raw();
    const empty = this.buffer.length === 0;
    this.buffer = [];
    this.noisy = false;
    this.overflowed = false;
    if (wasOverflow || empty) return undefined;
    if (noisy) return { kind: "rejected", reason: "noise", raw };
    return { kind: "code", text: raw.trim() };
  }

  /** Printable rendering for logs and the operator, truncated. */
  private raw(): string {
    return this.buffer
      .slice(0, 64)
      .map((b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : "·"))
      .join("");
  }
}
