// The printer a one-shot CLI command prints on: the configured one (sim, serial) or none.
import type { Clock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import { KioskError } from "../errors.js";
import { printerProfile } from "../hal/printer/escpos/profiles.js";
import type { Printer } from "../hal/printer/printer.js";
import { SimPrinter } from "../hal/printer/printer-sim.js";
import type { Logger } from "../log.js";

export async function cliPrinter(
  config: ResolvedConfig,
  clock: Clock,
  log: Logger,
): Promise<Printer | undefined> {
  const p = config.hardware.printer;
  if (p.driver === "none") return undefined;
  if (p.driver === "sim") {
    const printer = new SimPrinter(printerProfile(p.model), clock);
    await printer.start();
    return printer;
  }
  const { SerialPrinter } = await import("../hal/printer/printer-serial.js");
  const { SerialLink } = await import("../hal/serial/serial-link.js");
  if (!p.path)
    throw new KioskError(
      "KIOSK_ERR_CONFIG_INVALID",
      "hardware.printer.path is required for the serial driver",
      {
        field: "hardware.printer.path",
      },
    );
  const link = new SerialLink({ path: p.path, baudRate: p.baudRate, rtscts: true, clock, log });
  const printer = new SerialPrinter({
    link,
    profile: printerProfile(p.model),
    statusTimeoutMs: p.statusTimeoutMs,
    clock,
    log,
  });
  await printer.start();
  return printer;
}
