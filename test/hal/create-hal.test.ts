// The composition root for hardware: drivers chosen from config.hardware, simulators usable end to
// end, a missing or absent device degrading instead of crashing.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { type HardwareConfig, HardwareSchema } from "../../src/config/schema.js";
import { isKioskError } from "../../src/errors.js";
import { createHal } from "../../src/hal/create-hal.js";
import { ledPattern } from "../../src/hal/leds/led-pattern.js";
import { danfeText, renderDanfe } from "../../src/hal/printer/danfe/render-danfe.js";
import type { ScanEvent } from "../../src/hal/scanner/scanner.js";
import { silentLogger } from "../../src/log.js";

const hardware = (partial: object): HardwareConfig =>
  Value.Default(HardwareSchema, structuredClone(partial)) as HardwareConfig;
const clock = new ManualClock("2026-11-22T12:00:00Z");
const deps = { log: silentLogger, clock, backoff: { initialMs: 20, maxMs: 40, factor: 2 } };
const XML = readFileSync(join(import.meta.dirname, "..", "fixtures", "hal", "nfce", "offline.xml"), "utf8");

describe("createHal", () => {
  it("all simulated (the defaults): scan, print the DANFE with a preview, pulse the drawer, show LEDs", async () => {
    const hal = await createHal(hardware({}), deps);
    const scans: ScanEvent[] = [];
    hal.scanner.on("scan", (e) => scans.push(e));
    hal.sim.scanner?.injectScan("7891000100103");
    expect(scans.map((s) => s.code)).toEqual(["7891000100103"]);

    const options = { profile: hal.printer.profile, paperWidthMm: 80 as const };
    expect(await hal.printer.print(renderDanfe(XML, options))).toMatchObject({ printed: true });
    const visible = (lines: string[]) => lines.map((l) => l.trim()).filter((l) => l !== "");
    expect(visible(hal.sim.printer?.preview() ?? [])).toEqual(visible(danfeText(XML, options)));

    hal.sim.printer?.setCondition({ paperOut: true });
    expect(await hal.printer.print(renderDanfe(XML, options))).toMatchObject({
      printed: false,
      reason: "Impressora sem papel.",
    });
    expect(hal.statusOf("printer")).toMatchObject({ state: "down", detail: "paper out" });

    expect(await hal.drawer.open()).toEqual({ opened: true });
    hal.leds.show(ledPattern({ mode: "contingency", deadlineNear: true, faults: ["printer"] }));
    expect(hal.sim.leds?.contingency.mode).toBe("blink-fast");
    expect(hal.sim.leds?.fault.mode).toBe("blink-slow");
    expect(hal.sim.leds?.online.mode).toBe("off");
    await hal.stop();
    await hal.stop();
    expect(hal.statusOf("scanner").state).toBe("down");
  });

  it("the paper width and model come from config", async () => {
    const hal = await createHal(hardware({ printer: { model: "bematech-mp4200", paperWidthMm: 58 } }), deps);
    expect(hal.printer.profile.model).toBe("bematech-mp4200");
    await hal.stop();
  });

  it("serial devices whose paths do not exist yet: the kiosk starts, the devices report down and retry", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nfce-hal-"));
    const hal = await createHal(
      hardware({
        printer: { driver: "serial", path: join(dir, "usb-EPSON_TM-T20-if00") },
        scanner: { driver: "serial", path: join(dir, "usb-Honeywell_scanner-if00") },
        drawer: { driver: "printer" },
      }),
      deps,
    );
    expect(hal.statusOf("printer").state).toBe("down");
    expect(hal.statusOf("scanner")).toMatchObject({ state: "down" });
    expect(await hal.printer.print(Uint8Array.of(0x41))).toMatchObject({
      printed: false,
      reason: "Impressora não responde.",
    });
    expect(await hal.drawer.open()).toMatchObject({ opened: false });
    await hal.stop();
  });

  it("a serial driver without a path is a configuration error naming the key", async () => {
    let error: unknown;
    try {
      await createHal(hardware({ printer: { driver: "serial" } }), deps);
    } catch (e) {
      error = e;
    }
    expect(isKioskError(error) && [error.code, error.field]).toEqual([
      "KIOSK_ERR_CONFIG_INVALID",
      "hardware.printer.path",
    ]);
  });

  it("sysfs LEDs with one LED missing: the kiosk runs, LEDs report degraded, the others still work", async () => {
    const root = mkdtempSync(join(tmpdir(), "nfce-leds-"));
    for (const name of ["nfce:green:online", "nfce:red:fault"]) {
      mkdirSync(join(root, name));
      for (const f of ["brightness", "trigger", "delay_on", "delay_off"])
        writeFileSync(join(root, name, f), "");
    }
    const hal = await createHal(hardware({ leds: { driver: "sysfs", root } }), deps);
    expect(hal.statusOf("leds")).toMatchObject({ state: "degraded" });
    expect(hal.statusOf("leds").detail).toContain("nfce:amber:contingency");
    hal.leds.show(ledPattern({ mode: "online", deadlineNear: false, faults: [] }));
    expect(readFileSync(join(root, "nfce:green:online", "brightness"), "utf8")).toBe("1");
    await hal.stop();
    expect(readFileSync(join(root, "nfce:green:online", "brightness"), "utf8")).toBe("0");
  });

  it("gpio drawer resolves the chip base and drives base + line", async () => {
    const root = mkdtempSync(join(tmpdir(), "nfce-gpio-"));
    mkdirSync(join(root, "gpiochip571"));
    writeFileSync(join(root, "gpiochip571", "label"), "pinctrl-rp1\n"); // Pi 5
    writeFileSync(join(root, "gpiochip571", "base"), "571\n");
    writeFileSync(join(root, "gpiochip571", "ngpio"), "54\n");
    writeFileSync(join(root, "export"), "");
    mkdirSync(join(root, "gpio598"));
    const hal = await createHal(
      hardware({ gpio: { root }, drawer: { driver: "gpio", line: 27, pulseMs: 10 } }),
      deps,
    );
    expect(await hal.drawer.open()).toEqual({ opened: true });
    expect(readFileSync(join(root, "gpio598", "value"), "utf8")).toBe("0");
    expect(readFileSync(join(root, "gpio598", "direction"), "utf8")).toBe("out");
    await hal.stop();
  });
});
