// Barcode validation and framing: pure functions fed with known codes and bad input.
import { describe, expect, it } from "vitest";
import { checkBarcode, gtinCheckDigit } from "../../src/hal/scanner/barcode.js";
import { EvdevDecoder, inputEvent } from "../../src/hal/scanner/evdev-decoder.js";
import { GS1_PREFIXES } from "../../src/hal/scanner/gs1-prefixes.js";
import { ScanFramer } from "../../src/hal/scanner/scan-framer.js";

const bytes = (s: string) => Buffer.from(s, "latin1");

describe("checkBarcode (GS1 check digit and prefix)", () => {
  it("accepts published examples: EAN-13 (Brazil, Germany), UPC-A, EAN-8", () => {
    expect(checkBarcode("7891000100103")).toMatchObject({
      ok: true,
      symbology: "ean13",
      issuer: "GS1 Brasil",
    });
    expect(checkBarcode("4006381333931")).toMatchObject({
      ok: true,
      symbology: "ean13",
      issuer: "GS1 Germany",
    });
    expect(checkBarcode("036000291452")).toMatchObject({ ok: true, symbology: "upca", issuer: "GS1 US" });
    expect(checkBarcode("96385074")).toMatchObject({ ok: true, symbology: "ean8" });
  });

  it("marks in-store numbers (prefix 20-29) as restricted", () => {
    // check digit by hand: body 200000000000 -> 2*1 = 2 -> 8
    expect(checkBarcode("2000000000008")).toMatchObject({ ok: true, restricted: true });
  });

  it("rejects a wrong check digit, bad lengths, letters, unassigned prefixes and coupons", () => {
    expect(checkBarcode("7891000100104")).toMatchObject({ ok: false, reason: "check-digit" });
    expect(checkBarcode("789100")).toMatchObject({ ok: false, reason: "bad-length" });
    expect(checkBarcode("78910001001")).toMatchObject({ ok: false, reason: "bad-length" });
    expect(checkBarcode("78910001001034")).toMatchObject({ ok: false, reason: "bad-length" });
    expect(checkBarcode("ABC123")).toMatchObject({ ok: false, reason: "not-numeric" });
    expect(checkBarcode("")).toMatchObject({ ok: false, reason: "not-numeric" });
    // prefix 140 is unassigned; check digit by hand: 4*3 + 1*1 = 13 -> 7
    expect(checkBarcode("1400000000007")).toMatchObject({ ok: false, reason: "gs1-prefix" });
    // prefix 990 is a coupon; check digit: 9*3 + 9*1 = 36 -> 4
    expect(checkBarcode("9900000000004")).toMatchObject({ ok: false, reason: "not-a-product" });
  });

  it("check digit: every single-digit error in a valid code is caught", () => {
    const code = "7891000100103";
    for (let i = 0; i < code.length; i++)
      for (let d = 0; d <= 9; d++) {
        const changed = code.slice(0, i) + d + code.slice(i + 1);
        if (changed !== code) expect(checkBarcode(changed).ok, changed).toBe(false);
      }
    expect(gtinCheckDigit("789100010010")).toBe(3);
  });

  it("the prefix table is ordered and does not overlap", () => {
    for (let i = 1; i < GS1_PREFIXES.length; i++) {
      const prev = GS1_PREFIXES[i - 1];
      const cur = GS1_PREFIXES[i];
      expect(cur && prev && cur.from > prev.to && cur.from <= cur.to).toBe(true);
    }
  });
});

describe("ScanFramer", () => {
  it("splits on CR, LF and CR LF, across chunk boundaries", () => {
    const f = new ScanFramer(64);
    expect(f.push(bytes("7891000"))).toEqual([]);
    expect(f.push(bytes("100103\r\n4006381333931\n96385074\r"))).toEqual([
      { kind: "code", text: "7891000100103" },
      { kind: "code", text: "4006381333931" },
      { kind: "code", text: "96385074" },
    ]);
  });

  it("binary noise becomes one rejection; the next code still reads", () => {
    const f = new ScanFramer(64);
    expect(f.push(Uint8Array.of(0x00, 0xff, 0x37, 0x89, 0x0d, ...bytes("96385074\r")))).toEqual([
      { kind: "rejected", reason: "noise", raw: "··7·" },
      { kind: "code", text: "96385074" },
    ]);
  });

  it("an endless line gives exactly one too-long rejection and bounded memory, then recovers", () => {
    const f = new ScanFramer(16);
    const frames = [...f.push(bytes("A".repeat(10_000))), ...f.push(bytes("B".repeat(10_000)))];
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ kind: "rejected", reason: "too-long" });
    expect(f.push(bytes("\r96385074\r"))).toEqual([{ kind: "code", text: "96385074" }]);
  });

  it("flush() ends a code without suffix (inter-byte timeout); empty lines are silent", () => {
    const f = new ScanFramer(64);
    expect(f.push(bytes("\r\n\r\n4006381333931"))).toEqual([]);
    expect(f.flush()).toEqual([{ kind: "code", text: "4006381333931" }]);
    expect(f.flush()).toEqual([]);
  });
});

describe("EvdevDecoder (struct input_event)", () => {
  const key = (code: number, size: 16 | 24 = 24) => [
    inputEvent(1, code, 1, size),
    inputEvent(1, code, 0, size),
  ];
  const syn = (size: 16 | 24 = 24) => inputEvent(0, 0, 0, size);

  it("maps key presses to characters with shift, ignores releases, sync and autorepeat, Enter is CR", () => {
    const stream = Buffer.concat([
      ...key(8), // 7
      syn(),
      inputEvent(1, 9, 2), // autorepeat of 8: ignored
      ...key(10), // 9
      inputEvent(1, 42, 1), // shift down
      ...key(30), // A
      inputEvent(1, 42, 0), // shift up
      ...key(30), // a
      ...key(28), // Enter
    ]);
    const d = new EvdevDecoder(24);
    // Fed in awkward chunks: records split across reads.
    let out = "";
    for (let i = 0; i < stream.length; i += 7) out += d.push(stream.subarray(i, i + 7));
    expect(out).toBe("79Aa\r");
  });

  it("reads 16-byte records (32-bit kernels) and turns unknown keys into noise bytes", () => {
    const d = new EvdevDecoder(16);
    expect(d.push(Buffer.concat([...key(2, 16), ...key(200, 16), ...key(28, 16)]))).toBe("1\x00\r");
  });
});
