import { describe, expect, it } from "vitest";
import { LineDecoder } from "../../src/console/line-decoder.js";

const bytes = (s: string | number[]) => (typeof s === "string" ? Buffer.from(s, "utf8") : Uint8Array.from(s));

describe("LineDecoder", () => {
  it("splits on CR, LF and CRLF, across chunks, and skips empty lines", () => {
    const d = new LineDecoder();
    expect(d.push(bytes("sta")).lines).toEqual([]);
    expect(d.push(bytes("tus\r")).lines).toEqual(["status"]);
    expect(d.push(bytes("\nlog 5\n\r\n\npending\r\n"))).toEqual({
      lines: ["log 5", "pending"],
      overflowed: 0,
      blank: 2,
    });
  });

  it("applies backspace, drops Ctrl-C lines, ANSI escape sequences and control bytes", () => {
    const d = new LineDecoder();
    expect(d.push(bytes("stx\x7fatus\r")).lines).toEqual(["status"]);
    expect(d.push(bytes("rm -rf /\x03sync\r")).lines).toEqual(["sync"]);
    expect(d.push(bytes("\x1b[A\x1b[Dclock\x00\x07\r")).lines).toEqual(["clock"]);
  });

  it("drops invalid UTF-8 and keeps accented text", () => {
    const d = new LineDecoder();
    expect(d.push(bytes([0xff, 0xfe, 0x80, 0x0d])).lines).toEqual([]);
    expect(d.push(bytes("diagnóstico\n")).lines).toEqual(["diagnóstico"]);
  });

  it("caps an endless line: discarded up to the next newline and reported once", () => {
    const d = new LineDecoder(16);
    const r1 = d.push(bytes("x".repeat(10_000)));
    expect(r1).toEqual({ lines: [], overflowed: 0, blank: 0 });
    const r2 = d.push(bytes("yyy\nstatus\n"));
    expect(r2).toEqual({ lines: ["status"], overflowed: 1, blank: 0 });
  });

  it("never throws on random binary noise", () => {
    const d = new LineDecoder(64);
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      const chunk = Uint8Array.from({ length: 257 }, () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed & 0xff;
      });
      const { lines } = d.push(chunk);
      for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001f\ufffd]/);
    }
  });
});
