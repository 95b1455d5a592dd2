// The real serialport stack over socat pty pairs: a fake printer on the far end answers DLE EOT;
// paper-out, cover-open, no answer, paper running out mid-job, unplug and replug.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import { danfeText, renderDanfe } from "../../src/hal/printer/danfe/render-danfe.js";
import { PRINTER_PROFILES, type PrinterModel } from "../../src/hal/printer/escpos/profiles.js";
import { SerialPrinter } from "../../src/hal/printer/printer-serial.js";
import { SerialLink } from "../../src/hal/serial/serial-link.js";
import { silentLogger } from "../../src/log.js";
import { BEMATECH_CODE_PAGES, decodeEscPos, EPSON_CODE_PAGES } from "../helpers/escpos-decoder.js";
import { FakePrinter } from "./helpers/fake-printer.js";
import { SocatPair, until } from "./helpers/socat.js";

const XML = readFileSync(join(import.meta.dirname, "..", "fixtures", "hal", "nfce", "offline.xml"), "utf8");
const QR = /<qrCode>([^<]+)<\/qrCode>/.exec(XML)?.[1];

describe("serial printer over a pty pair", () => {
  let pty: SocatPair;
  let fake: FakePrinter;
  let link: SerialLink;
  let printer: SerialPrinter;

  async function setup(model: PrinterModel = "epson-tm-t20") {
    link = new SerialLink({
      path: pty.a,
      baudRate: 115200,
      backoff: { initialMs: 50, maxMs: 200, factor: 2 },
      clock: systemClock,
      log: silentLogger,
    });
    printer = new SerialPrinter({
      link,
      profile: PRINTER_PROFILES[model],
      statusTimeoutMs: 400,
      clock: systemClock,
      log: silentLogger,
    });
    await printer.start();
  }

  beforeEach(async () => {
    pty = new SocatPair();
    await pty.start();
    fake = new FakePrinter(pty.b);
    await fake.open();
  });

  afterEach(async () => {
    await printer?.stop();
    await fake.close();
    await pty.stop();
  });

  for (const model of ["epson-tm-t20", "bematech-mp4200"] as const)
    it(`prints the DANFE on ${model}: status before and after, every division and the QR arrive intact`, async () => {
      await setup(model);
      fake.received.length = 0;
      const options = { profile: PRINTER_PROFILES[model], paperWidthMm: 80 as const };
      const result = await printer.print(renderDanfe(XML, options));
      expect(result).toMatchObject({ printed: true });
      await until(() => fake.received.length > 0 && fake.bytes().at(-1) === 4, 2000, "status after the job");
      const receipt = decodeEscPos(
        fake.bytes(),
        model === "bematech-mp4200" ? BEMATECH_CODE_PAGES : EPSON_CODE_PAGES,
      );
      const requests = receipt.elements.filter((e) => e.type === "status-request").map((e) => e.n);
      expect(requests).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
      expect(receipt.elements[0]).toEqual({ type: "status-request", n: 1 });
      expect(receipt.elements.at(-1)).toEqual({ type: "status-request", n: 4 });
      const expected = danfeText(XML, options).filter((l) => l !== "" && !l.includes("[QR Code]"));
      expect(receipt.lines().filter((l) => l !== "")).toEqual(expected);
      expect(receipt.qrCodes().map((q) => q.payload)).toEqual([QR]);
    });

  it("paper out before the job: nothing is sent, printed is false with the reason", async () => {
    await setup();
    fake.condition = { paperOut: true };
    fake.received.length = 0;
    const result = await printer.print(
      renderDanfe(XML, { profile: PRINTER_PROFILES["epson-tm-t20"], paperWidthMm: 80 }),
    );
    expect(result).toMatchObject({
      printed: false,
      reason: "Impressora sem papel.",
      status: { paperOut: true },
    });
    expect(decodeEscPos(fake.bytes()).elements.every((e) => e.type === "status-request")).toBe(true);
    expect(printer.status()).toMatchObject({ state: "down", detail: "paper out" });
  });

  it("an error reported by DLE EOT 3 (e.g. autocutter) blocks the job", async () => {
    await setup();
    fake.condition = { error: true };
    const result = await printer.print(Uint8Array.of(0x41, 0x0a));
    expect(result).toMatchObject({ printed: false, reason: "Erro na impressora.", status: { error: true } });
  });

  it("cover open before the job: not printed", async () => {
    await setup();
    fake.condition = { coverOpen: true };
    const result = await printer.print(Uint8Array.of(0x41, 0x0a));
    expect(result).toMatchObject({
      printed: false,
      reason: "Tampa da impressora aberta.",
      status: { coverOpen: true },
    });
  });

  it("a printer that does not answer DLE EOT is reported unreachable within the timeout", async () => {
    await setup();
    fake.condition = { silent: true };
    const started = Date.now();
    const result = await printer.print(Uint8Array.of(0x41, 0x0a));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({
      printed: false,
      reason: "Impressora não responde.",
      status: { reachable: false },
    });
  });

  it("paper running out during the job makes the receipt 'not printed' (reprint), not a false success", async () => {
    await setup();
    fake.afterCut = { paperOut: true };
    const result = await printer.print(
      renderDanfe(XML, { profile: PRINTER_PROFILES["epson-tm-t20"], paperWidthMm: 80 }),
    );
    expect(result.printed).toBe(false);
    expect(result.reason).toContain("reimprima");
  });

  it("noise on the line before a status reply is skipped (resync)", async () => {
    await setup();
    fake.condition = { noise: [0xff, 0x00, 0x41], paperNearEnd: true };
    const status = await printer.readStatus();
    expect(status).toMatchObject({ reachable: true, paperNearEnd: true, paperOut: false });
    expect(printer.status()).toMatchObject({ state: "degraded", detail: "paper near end" });
  });

  it("drawer pulse in the profile's dialect; drawer state from DLE EOT 1 bit 2", async () => {
    await setup();
    fake.received.length = 0;
    expect(await printer.pulseDrawer(100)).toBe(true);
    fake.condition = { drawerOpen: true };
    expect((await printer.readStatus()).drawerOpen).toBe(true);
    expect(decodeEscPos(fake.bytes()).elements[0]).toEqual({
      type: "pulse",
      command: "esc-p",
      pin: 2,
      onMs: 100,
      offMs: 100,
    });
  });

  it("survives unplug and replug: down while away, prints again after re-opening the same path", async () => {
    await setup();
    expect(link.status().state).toBe("ok");
    await fake.close();
    await pty.stop(); // unplug
    // Event-driven (the port closes when the pty vanishes); the margin is for a loaded CI machine.
    await until(() => link.status().state === "down", 10_000, "link down");
    const away = await printer.print(Uint8Array.of(0x41, 0x0a));
    expect(away).toMatchObject({ printed: false, status: { reachable: false } });
    await pty.start(); // replug on the same link paths
    fake = new FakePrinter(pty.b);
    await fake.open();
    await until(() => link.status().state === "ok", 5000, "link re-opened");
    await until(() => printer.status().state === "ok", 2000, "printer status re-read after replug");
    const back = await printer.print(Uint8Array.of(0x41, 0x0a));
    expect(back).toMatchObject({ printed: true });
  });

  it("a device path that does not exist yet is retried, never thrown", async () => {
    link = new SerialLink({
      path: join(pty.dir, "not-yet"),
      baudRate: 9600,
      backoff: { initialMs: 20, maxMs: 40, factor: 2 },
      clock: systemClock,
      log: silentLogger,
    });
    printer = new SerialPrinter({
      link,
      profile: PRINTER_PROFILES["elgin-i9"],
      statusTimeoutMs: 100,
      clock: systemClock,
      log: silentLogger,
    });
    await printer.start();
    expect(link.status()).toMatchObject({ state: "down" });
    expect(link.status().detail).toMatch(/open failed.*reconnecting in \d+ ms/);
    expect(await printer.print(Uint8Array.of(0x41))).toMatchObject({ printed: false });
  });
});
