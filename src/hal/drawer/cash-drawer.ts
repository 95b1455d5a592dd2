// The cash drawer: a pulse through the printer's drawer connector (profile dialect) or a GPIO
// line driving a relay; open state only where the printer reports it (DLE EOT 1 bit 2).
import type { Clock } from "../../clock.js";
import type { GpioLine } from "../gpio/gpio-line.js";
import type { Printer } from "../printer/printer.js";
import { type DeviceStatus, deviceStatus } from "../types.js";

export interface DrawerResult {
  opened: boolean;
  /** pt-BR, when not opened. */
  reason?: string;
}

export interface CashDrawer {
  open(): Promise<DrawerResult>;
  /** undefined when the hardware cannot tell. */
  isOpen(): Promise<boolean | undefined>;
  status(): DeviceStatus;
}

export class PrinterDrawer implements CashDrawer {
  constructor(
    private readonly printer: Printer,
    private readonly pulseMs: number,
  ) {}

  async open(): Promise<DrawerResult> {
    return (await this.printer.pulseDrawer(this.pulseMs))
      ? { opened: true }
      : { opened: false, reason: "Gaveta não abriu: impressora indisponível." };
  }

  async isOpen(): Promise<boolean | undefined> {
    const c = await this.printer.readStatus();
    return c.reachable ? c.drawerOpen : undefined;
  }

  status(): DeviceStatus {
    return this.printer.status();
  }
}

export class GpioDrawer implements CashDrawer {
  private readonly since: Date;

  constructor(
    private readonly line: GpioLine,
    private readonly pulseMs: number,
    clock: Clock,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.since = clock.now();
  }

  async open(): Promise<DrawerResult> {
    try {
      this.line.write(1);
      await this.sleep(this.pulseMs);
      return { opened: true };
    } catch (error) {
      return { opened: false, reason: `Gaveta não abriu: ${(error as Error).message}` };
    } finally {
      try {
        this.line.write(0);
      } catch {
        // the relay line is re-driven low on the next open
      }
    }
  }

  async isOpen(): Promise<boolean | undefined> {
    return undefined;
  }

  status(): DeviceStatus {
    return deviceStatus("ok", "gpio relay (no open sensor)", this.since);
  }
}

export class SimDrawer implements CashDrawer {
  opened = false;
  pulses = 0;
  private readonly since: Date;

  constructor(clock: Clock) {
    this.since = clock.now();
  }

  async open(): Promise<DrawerResult> {
    this.pulses += 1;
    this.opened = true;
    return { opened: true };
  }

  /** Test and demo handle: the operator pushed the drawer shut. */
  close(): void {
    this.opened = false;
  }

  async isOpen(): Promise<boolean | undefined> {
    return this.opened;
  }

  status(): DeviceStatus {
    return deviceStatus("ok", "simulated", this.since);
  }
}
