// Status LEDs (pure pattern model, kernel LED class and sysfs GPIO on temp trees) and the drawer.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { isKioskError } from "../../src/errors.js";
import { GpioDrawer, PrinterDrawer } from "../../src/hal/drawer/cash-drawer.js";
import { resolveGpioChip, SimGpioLine, SysfsGpioLine } from "../../src/hal/gpio/gpio-line.js";
import { GpioLed } from "../../src/hal/leds/gpio-led.js";
import { type KioskStatusSnapshot, ledPattern } from "../../src/hal/leds/led-pattern.js";
import { SysfsLed } from "../../src/hal/leds/sysfs-led.js";
import { PRINTER_PROFILES } from "../../src/hal/printer/escpos/profiles.js";
import { SimPrinter } from "../../src/hal/printer/printer-sim.js";

const clock = new ManualClock("2026-11-22T12:00:00Z");
const snap = (s: Partial<KioskStatusSnapshot>): KioskStatusSnapshot => ({
  mode: "online",
  deadlineNear: false,
  faults: [],
  ...s,
});

describe("ledPattern (one status model for the three LEDs)", () => {
  it.each([
    [snap({}), { online: "on", contingency: "off", fault: "off" }],
    [snap({ pending: 3 }), { online: "on", contingency: "blink-slow", fault: "off" }],
    [snap({ mode: "contingency" }), { online: "off", contingency: "on", fault: "off" }],
    [
      snap({ mode: "contingency", deadlineNear: true }),
      { online: "off", contingency: "blink-fast", fault: "off" },
    ],
    [snap({ pending: 2, deadlineNear: true }), { online: "on", contingency: "blink-fast", fault: "off" }],
    [snap({ faults: ["printer"] }), { online: "on", contingency: "off", fault: "blink-slow" }],
    [snap({ faults: ["printer", "clock"] }), { online: "on", contingency: "off", fault: "blink-fast" }],
    [
      snap({ mode: "contingency", faults: ["certificate"] }),
      { online: "off", contingency: "on", fault: "blink-fast" },
    ],
    [snap({ faults: ["disk"] }), { online: "on", contingency: "off", fault: "blink-fast" }],
  ] as const)("%o -> %o", (status, expected) => {
    expect(ledPattern(status)).toEqual(expected);
  });
});

function ledTree(): string {
  const root = mkdtempSync(join(tmpdir(), "nfce-leds-"));
  for (const name of ["nfce:green:online", "nfce:red:fault"]) {
    mkdirSync(join(root, name));
    for (const f of ["brightness", "trigger", "delay_on", "delay_off"])
      writeFileSync(join(root, name, f), "");
    writeFileSync(join(root, name, "max_brightness"), "255\n");
  }
  return root;
}

describe("kernel LED class backend", () => {
  it("steady: trigger none + brightness; blinking: trigger timer + delays (the kernel blinks)", () => {
    const root = ledTree();
    const led = new SysfsLed(root, "nfce:red:fault");
    const read = (f: string) => readFileSync(join(root, "nfce:red:fault", f), "utf8");
    led.show("on");
    expect([read("trigger"), read("brightness")]).toEqual(["none", "255"]);
    led.show("blink-fast");
    expect([read("trigger"), read("delay_on"), read("delay_off")]).toEqual(["timer", "100", "100"]);
    led.show("off");
    expect([read("trigger"), read("brightness")]).toEqual(["none", "0"]);
  });

  it("without write access to delay_on/delay_off: slow blink keeps the kernel default, fast blink uses heartbeat", () => {
    const root = ledTree();
    const dir = join(root, "nfce:green:online");
    const refuseDelays = (path: string, value: string) => {
      if (/delay_(on|off)$/.test(path))
        throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
      writeFileSync(path, value);
    };
    const led = new SysfsLed(root, "nfce:green:online", refuseDelays);
    led.show("blink-slow");
    expect(readFileSync(join(dir, "trigger"), "utf8")).toBe("timer");
    led.show("blink-fast");
    expect(readFileSync(join(dir, "trigger"), "utf8")).toBe("heartbeat");
  });

  it("a LED missing from the tree is a coded device error", () => {
    let error: unknown;
    try {
      new SysfsLed(ledTree(), "nfce:amber:contingency");
    } catch (e) {
      error = e;
    }
    expect(isKioskError(error) && error.code).toBe("KIOSK_ERR_DEVICE");
  });
});

function gpioTree(): string {
  const root = mkdtempSync(join(tmpdir(), "nfce-gpio-"));
  const chip = (name: string, label: string, base: number, ngpio: number) => {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, "label"), `${label}\n`);
    writeFileSync(join(root, name, "base"), `${base}\n`);
    writeFileSync(join(root, name, "ngpio"), `${ngpio}\n`);
  };
  chip("gpiochip0", "raspberrypi-exp-gpio", 504, 8);
  chip("gpiochip512", "pinctrl-bcm2711", 512, 58); // Pi 4 on kernel 6.6+ (platform-notes §1)
  writeFileSync(join(root, "export"), "");
  return root;
}

describe("sysfs GPIO with the chip base resolved at run time", () => {
  afterEach(() => vi.useRealTimers());

  it("finds the SoC chip by label and numbers the line base + offset (17 -> 529)", () => {
    const root = gpioTree();
    const chip = resolveGpioChip(root, /^pinctrl-(bcm2835|bcm2711|rp1)$/);
    expect(chip).toEqual({ name: "gpiochip512", label: "pinctrl-bcm2711", base: 512, ngpio: 58 });
    mkdirSync(join(root, "gpio529")); // as the kernel creates it after export
    for (const f of ["direction", "value"]) writeFileSync(join(root, "gpio529", f), "");
    const line = new SysfsGpioLine(root, chip, 17);
    expect(readFileSync(join(root, "gpio529", "direction"), "utf8")).toBe("out");
    line.write(1);
    expect(readFileSync(join(root, "gpio529", "value"), "utf8")).toBe("1");
  });

  it("exports an unexported line, and a failed export or a bad offset is a coded error", () => {
    const root = gpioTree();
    const chip = resolveGpioChip(root, /^pinctrl-bcm2711$/);
    let error: unknown;
    try {
      new SysfsGpioLine(root, chip, 18); // no kernel here to create gpio530
    } catch (e) {
      error = e;
    }
    expect(readFileSync(join(root, "export"), "utf8")).toBe("530");
    expect(isKioskError(error) && error.code).toBe("KIOSK_ERR_DEVICE");
    expect(() => new SysfsGpioLine(root, chip, 58)).toThrow(/outside pinctrl-bcm2711/);
    expect(() => resolveGpioChip(root, /^pinctrl-rp1$/)).toThrow(/no GPIO chip/);
  });

  it("a GPIO LED blinks by its own timer and stops blinking when set steady", () => {
    vi.useFakeTimers();
    const line = new SimGpioLine();
    const led = new GpioLed(line);
    led.show("blink-fast");
    vi.advanceTimersByTime(350);
    expect(line.values).toEqual([1, 0, 1, 0]);
    led.show("on");
    vi.advanceTimersByTime(1000);
    expect(line.values).toEqual([1, 0, 1, 0, 1]);
    led.close();
  });
});

describe("cash drawer", () => {
  it("through the printer: pulse in the profile dialect, open state from the printer status", async () => {
    const printer = new SimPrinter(PRINTER_PROFILES["bematech-mp4200"], clock);
    await printer.start();
    const drawer = new PrinterDrawer(printer, 120);
    expect(await drawer.isOpen()).toBe(false);
    expect(await drawer.open()).toEqual({ opened: true });
    expect(printer.drawerPulses).toEqual([120]);
    expect(await drawer.isOpen()).toBe(true);
    printer.setCondition({ reachable: false });
    expect(await drawer.open()).toMatchObject({ opened: false });
    expect(await drawer.isOpen()).toBeUndefined();
  });

  it("through a GPIO relay: high for the pulse, then low; no open sensor", async () => {
    const line = new SimGpioLine();
    const waits: number[] = [];
    const drawer = new GpioDrawer(line, 150, clock, async (ms) => {
      waits.push(ms);
      expect(line.value).toBe(1);
    });
    expect(await drawer.open()).toEqual({ opened: true });
    expect(waits).toEqual([150]);
    expect(line.values).toEqual([1, 0]);
    expect(await drawer.isOpen()).toBeUndefined();
  });
});
