// Devices configured as "none": present, honest about doing nothing, never a fault.
import { EventEmitter } from "node:events";
import type { Clock } from "../clock.js";
import type { CashDrawer, DrawerResult } from "./drawer/cash-drawer.js";
import type { PrinterProfile } from "./printer/escpos/profiles.js";
import { type PrinterCondition, UNREACHABLE } from "./printer/escpos/status-bytes.js";
import type { Printer, PrinterEvents, PrintResult } from "./printer/printer.js";
import type { Scanner, ScannerEvents } from "./scanner/scanner.js";
import { type DeviceStatus, deviceStatus } from "./types.js";

export class NoScanner extends EventEmitter<ScannerEvents> implements Scanner {
  private readonly current: DeviceStatus;
  constructor(clock: Clock) {
    super();
    this.current = deviceStatus("ok", "disabled", clock.now());
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  status(): DeviceStatus {
    return this.current;
  }
}

export class NoPrinter extends EventEmitter<PrinterEvents> implements Printer {
  private readonly current: DeviceStatus;
  constructor(
    readonly profile: PrinterProfile,
    clock: Clock,
  ) {
    super();
    this.current = deviceStatus("ok", "disabled", clock.now());
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async print(): Promise<PrintResult> {
    return { printed: false, status: UNREACHABLE, reason: "Nenhuma impressora configurada." };
  }
  async readStatus(): Promise<PrinterCondition> {
    return UNREACHABLE;
  }
  async pulseDrawer(): Promise<boolean> {
    return false;
  }
  status(): DeviceStatus {
    return this.current;
  }
}

export class NoDrawer implements CashDrawer {
  private readonly current: DeviceStatus;
  constructor(clock: Clock) {
    this.current = deviceStatus("ok", "disabled", clock.now());
  }
  async open(): Promise<DrawerResult> {
    return { opened: false, reason: "Nenhuma gaveta configurada." };
  }
  async isOpen(): Promise<boolean | undefined> {
    return undefined;
  }
  status(): DeviceStatus {
    return this.current;
  }
}
