// Scanners over the real stacks: serialport on a socat pty pair (the test writes on the far end),
// an evdev keyboard wedge through a FIFO, and the simulator through the same pipeline.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SerialPort } from "serialport";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock, systemClock } from "../../src/clock.js";
import { inputEvent } from "../../src/hal/scanner/evdev-decoder.js";
import type { ScanEvent, Scanner, ScanRejection } from "../../src/hal/scanner/scanner.js";
import { EvdevScanner } from "../../src/hal/scanner/scanner-evdev.js";
import { SerialScanner } from "../../src/hal/scanner/scanner-serial.js";
import { SimScanner } from "../../src/hal/scanner/scanner-sim.js";
import { SerialLink } from "../../src/hal/serial/serial-link.js";
import { silentLogger } from "../../src/log.js";
import { SocatPair, until } from "./helpers/socat.js";

function record(scanner: Scanner) {
  const scans: ScanEvent[] = [];
  const rejections: ScanRejection[] = [];
  scanner.on("scan", (e) => scans.push(e));
  scanner.on("rejected", (r) => rejections.push(r));
  return {
    scans,
    rejections,
    codes: () => scans.map((s) => s.code),
    reasons: () => rejections.map((r) => r.reason),
  };
}

async function openFar(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  port.on("error", () => {});
  return port;
}

const send = (port: SerialPort, data: string | Uint8Array) =>
  new Promise<void>((resolve, reject) =>
    port.write(Buffer.from(data as string, "latin1"), (e) => (e ? reject(e) : port.drain(() => resolve()))),
  );

describe("serial scanner over a pty pair", () => {
  let pty: SocatPair;
  let far: SerialPort;
  let scanner: SerialScanner;
  let link: SerialLink;

  beforeEach(async () => {
    pty = new SocatPair();
    await pty.start();
    link = new SerialLink({
      path: pty.a,
      baudRate: 9600,
      backoff: { initialMs: 50, maxMs: 200, factor: 2 },
      clock: systemClock,
      log: silentLogger,
    });
    scanner = new SerialScanner({
      link,
      maxLength: 64,
      interByteTimeoutMs: 40,
      clock: systemClock,
      log: silentLogger,
    });
    await scanner.start();
    far = await openFar(pty.b);
  });

  afterEach(async () => {
    await scanner.stop();
    if (far.isOpen) await new Promise<void>((r) => far.close(() => r()));
    await pty.stop();
  });

  it("reads injected codes with CR, LF and CR LF suffixes", async () => {
    const r = record(scanner);
    await send(far, "7891000100103\r4006381333931\n036000291452\r\n");
    await until(() => r.scans.length === 3, 2000, "three scans");
    expect(r.codes()).toEqual(["7891000100103", "4006381333931", "036000291452"]);
    expect(r.scans[2]).toMatchObject({ symbology: "upca" });
    expect(r.rejections).toEqual([]);
  });

  it("rejects garbage, binary noise, an endless line and half codes with a signal, and keeps reading", async () => {
    const r = record(scanner);
    await send(far, Uint8Array.of(0x00, 0xff, 0xfe, 0x1b, 0x0d));
    await send(far, "X".repeat(5000));
    await send(far, "\r78910\r7891000100104\rHELLO\r");
    await send(far, "96385074\r");
    await until(() => r.scans.length === 1, 2000, "the good code after the garbage");
    expect(r.reasons()).toEqual(["noise", "too-long", "bad-length", "check-digit", "not-numeric"]);
    expect(r.codes()).toEqual(["96385074"]);
    expect(r.rejections[0]?.message).toMatch(/Passe o produto novamente/);
  });

  it("a scanner without suffix is framed by the inter-byte timeout", async () => {
    const r = record(scanner);
    await send(far, "4006381333931");
    await until(() => r.scans.length === 1, 2000, "timeout-framed scan");
    expect(r.codes()).toEqual(["4006381333931"]);
  });

  it("survives unplug and replug of the scanner", async () => {
    const r = record(scanner);
    await new Promise<void>((res) => far.close(() => res()));
    await pty.stop();
    await until(() => scanner.status().state === "down", 3000, "scanner down");
    await pty.start();
    await until(() => scanner.status().state === "ok", 5000, "scanner back");
    far = await openFar(pty.b);
    await send(far, "7891000100103\r");
    await until(() => r.scans.length === 1, 2000, "scan after replug");
    expect(r.codes()).toEqual(["7891000100103"]);
  });
});

describe("evdev keyboard-wedge scanner (FIFO standing in for /dev/input/by-id/*-event-kbd)", () => {
  it("reads typed digits + Enter as a code, rejects a misread, and re-opens after the device goes away", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nfce-evdev-"));
    const fifo = join(dir, "scanner-event-kbd");
    execFileSync("mkfifo", [fifo]);
    const scanner = new EvdevScanner({
      path: fifo,
      maxLength: 64,
      interByteTimeoutMs: 40,
      backoff: { initialMs: 20, maxMs: 40, factor: 2 },
      clock: systemClock,
      log: silentLogger,
    });
    const r = record(scanner);
    await scanner.start();
    const digitKey: Record<string, number> = {
      "1": 2,
      "2": 3,
      "3": 4,
      "4": 5,
      "5": 6,
      "6": 7,
      "7": 8,
      "8": 9,
      "9": 10,
      "0": 11,
    };
    const typed = (code: string) =>
      Buffer.concat(
        [...code]
          .flatMap((ch) => [
            inputEvent(1, digitKey[ch] ?? 0, 1),
            inputEvent(1, digitKey[ch] ?? 0, 0),
            inputEvent(0, 0, 0),
          ])
          .concat([inputEvent(1, 28, 1), inputEvent(1, 28, 0)]),
      );
    // Opened asynchronously: opening a FIFO blocks until the other side opens it.
    let writer = await open(fifo, "w");
    await writer.write(typed("7891000100103"));
    await writer.write(typed("7891000100104"));
    await until(() => r.scans.length + r.rejections.length === 2, 2000, "two reads");
    expect(r.codes()).toEqual(["7891000100103"]);
    expect(r.reasons()).toEqual(["check-digit"]);
    await writer.close(); // the device goes away
    await until(() => scanner.status().state === "down", 2000, "evdev down");
    writer = await open(fifo, "w"); // and comes back
    await writer.write(typed("96385074"));
    await until(() => r.scans.length === 2, 3000, "scan after re-open");
    expect(r.codes()).toEqual(["7891000100103", "96385074"]);
    await scanner.stop();
    await writer.close();
    await scanner.stop();
  });
});

describe("simulated scanner", () => {
  it("runs injected codes through the same validation and refuses input while stopped", async () => {
    const clock = new ManualClock("2026-11-22T12:00:00Z");
    const sim = new SimScanner(clock);
    const r = record(sim);
    expect(() => sim.injectScan("7891000100103")).toThrow(/stopped/);
    await sim.start();
    sim.injectScan("7891000100103");
    sim.injectScan("7891000100104");
    sim.injectBytes(Buffer.from("96385074"), true);
    expect(r.codes()).toEqual(["7891000100103", "96385074"]);
    expect(r.reasons()).toEqual(["check-digit"]);
    expect(r.scans[0]?.at).toEqual(new Date("2026-11-22T12:00:00Z"));
  });
});
