// The one place where hardware bindings are chosen ([style §7.3]): config.hardware in, a Hal out.
// Real bindings are imported lazily, so a laptop running simulators never loads serialport.
import type { Clock } from "../clock.js";
import type { HardwareConfig } from "../config/schema.js";
import { KioskError } from "../errors.js";
import type { Logger } from "../log.js";
import { type CashDrawer, GpioDrawer, PrinterDrawer, SimDrawer } from "./drawer/cash-drawer.js";
import { type GpioChip, type GpioLine, resolveGpioChip, SysfsGpioLine } from "./gpio/gpio-line.js";
import { GpioLed } from "./leds/gpio-led.js";
import type { LedName } from "./leds/led-pattern.js";
import { type LedOutput, LedPanel, SimLedOutput, type StatusLeds } from "./leds/status-leds.js";
import { SysfsLed } from "./leds/sysfs-led.js";
import { NoDrawer, NoPrinter, NoScanner } from "./null-devices.js";
import { printerProfile } from "./printer/escpos/profiles.js";
import type { Printer } from "./printer/printer.js";
import { SimPrinter } from "./printer/printer-sim.js";
import type { Scanner } from "./scanner/scanner.js";
import { SimScanner } from "./scanner/scanner-sim.js";
import type { BackoffOptions } from "./serial/backoff.js";
import type { DeviceStatus } from "./types.js";

export type DeviceName = "scanner" | "printer" | "leds" | "drawer";

export interface Hal {
  scanner: Scanner;
  printer: Printer;
  leds: StatusLeds;
  drawer: CashDrawer;
  /** Simulator handles for the devices whose driver is "sim" (tests, demo UI). */
  sim: {
    scanner?: SimScanner;
    printer?: SimPrinter;
    drawer?: SimDrawer;
    leds?: Record<LedName, SimLedOutput>;
  };
  statusOf(device: DeviceName): DeviceStatus;
  statusAll(): Record<DeviceName, DeviceStatus>;
  /** Stops every device, in reverse order of start. Idempotent. */
  stop(): Promise<void>;
}

export interface HalDeps {
  log: Logger;
  clock: Clock;
  /** Reconnect back-off for serial and input devices (tests shorten it). */
  backoff?: BackoffOptions;
}

const LED_NAMES: readonly LedName[] = ["online", "contingency", "fault"];

function requirePath(path: string | undefined, field: string): string {
  if (!path)
    throw new KioskError("KIOSK_ERR_CONFIG_INVALID", `${field} is required for this driver`, { field });
  return path;
}

export async function createHal(config: HardwareConfig, deps: HalDeps): Promise<Hal> {
  const { log, clock } = deps;
  const profile = printerProfile(config.printer.model);
  const sim: Hal["sim"] = {};
  let chip: GpioChip | undefined;
  const gpioLine = (offset: number | undefined, field: string): GpioLine => {
    if (offset === undefined)
      throw new KioskError("KIOSK_ERR_CONFIG_INVALID", `${field} is required for the gpio driver`, { field });
    chip ??= resolveGpioChip(config.gpio.root, new RegExp(config.gpio.chipLabel));
    return new SysfsGpioLine(config.gpio.root, chip, offset);
  };

  // Printer first: the drawer may pulse through it.
  let printer: Printer;
  if (config.printer.driver === "serial") {
    const [{ SerialLink }, { SerialPrinter }] = await Promise.all([
      import("./serial/serial-link.js"),
      import("./printer/printer-serial.js"),
    ]);
    const path = requirePath(config.printer.path, "hardware.printer.path");
    const link = new SerialLink({
      path,
      baudRate: config.printer.baudRate,
      clock,
      log: log.child({ device: "printer" }),
      ...(deps.backoff ? { backoff: deps.backoff } : {}),
    });
    printer = new SerialPrinter({
      link,
      profile,
      statusTimeoutMs: config.printer.statusTimeoutMs,
      clock,
      log,
    });
  } else if (config.printer.driver === "sim") {
    printer = sim.printer = new SimPrinter(profile, clock);
  } else printer = new NoPrinter(profile, clock);

  let scanner: Scanner;
  const scan = config.scanner;
  if (scan.driver === "serial") {
    const [{ SerialLink }, { SerialScanner }] = await Promise.all([
      import("./serial/serial-link.js"),
      import("./scanner/scanner-serial.js"),
    ]);
    const link = new SerialLink({
      path: requirePath(scan.path, "hardware.scanner.path"),
      baudRate: scan.baudRate,
      clock,
      log: log.child({ device: "scanner" }),
      ...(deps.backoff ? { backoff: deps.backoff } : {}),
    });
    scanner = new SerialScanner({
      link,
      maxLength: scan.maxLength,
      interByteTimeoutMs: scan.interByteTimeoutMs,
      clock,
      log,
    });
  } else if (scan.driver === "evdev") {
    const { EvdevScanner } = await import("./scanner/scanner-evdev.js");
    scanner = new EvdevScanner({
      path: requirePath(scan.path, "hardware.scanner.path"),
      maxLength: scan.maxLength,
      interByteTimeoutMs: scan.interByteTimeoutMs,
      clock,
      log,
      ...(deps.backoff ? { backoff: deps.backoff } : {}),
    });
  } else if (scan.driver === "sim") {
    scanner = sim.scanner = new SimScanner(clock, scan.maxLength);
  } else scanner = new NoScanner(clock);

  let drawer: CashDrawer;
  if (config.drawer.driver === "printer") drawer = new PrinterDrawer(printer, config.drawer.pulseMs);
  else if (config.drawer.driver === "gpio")
    drawer = new GpioDrawer(
      gpioLine(config.drawer.line, "hardware.drawer.line"),
      config.drawer.pulseMs,
      clock,
    );
  else if (config.drawer.driver === "sim") drawer = sim.drawer = new SimDrawer(clock);
  else drawer = new NoDrawer(clock);

  const leds = createLeds(config, deps, sim, gpioLine);

  await printer.start();
  await scanner.start();
  log.info("hardware ready", {
    scanner: scan.driver,
    printer: `${config.printer.driver}/${profile.model}/${config.printer.paperWidthMm}mm`,
    leds: config.leds.driver,
    drawer: config.drawer.driver,
  });

  let stopped = false;
  const statusAll = () => ({
    scanner: scanner.status(),
    printer: printer.status(),
    leds: leds.status(),
    drawer: drawer.status(),
  });
  return {
    scanner,
    printer,
    leds,
    drawer,
    sim,
    statusOf: (device) => statusAll()[device],
    statusAll,
    async stop() {
      if (stopped) return;
      stopped = true;
      await leds.stop();
      await scanner.stop();
      await printer.stop();
    },
  };
}

function createLeds(
  config: HardwareConfig,
  deps: HalDeps,
  sim: Hal["sim"],
  gpioLine: (offset: number | undefined, field: string) => GpioLine,
): StatusLeds {
  const { leds } = config;
  const outputs = {} as Record<LedName, LedOutput>;
  const problems: string[] = [];
  for (const name of LED_NAMES) {
    try {
      if (leds.driver === "sysfs") outputs[name] = new SysfsLed(leds.root, leds.names[name]);
      else if (leds.driver === "gpio")
        outputs[name] = new GpioLed(gpioLine(leds.lines?.[name], `hardware.leds.lines.${name}`));
      else if (leds.driver === "sim") outputs[name] = new SimLedOutput();
      else outputs[name] = { show: () => {}, close: () => {} };
    } catch (error) {
      // A missing LED must not stop the kiosk from selling: report it and go on without it.
      if (error instanceof KioskError && error.code === "KIOSK_ERR_CONFIG_INVALID") throw error;
      problems.push(`${name}: ${(error as Error).message}`);
      deps.log.warn("status LED unavailable", { led: name, error });
      outputs[name] = { show: () => {}, close: () => {} };
    }
  }
  if (leds.driver === "sim") sim.leds = outputs as Record<LedName, SimLedOutput>;
  if (problems.length)
    return new LedPanel(outputs, deps.clock, { state: "degraded", detail: problems.join("; ") });
  return new LedPanel(outputs, deps.clock, {
    state: "ok",
    detail: leds.driver === "none" ? "disabled" : "ok",
  });
}
