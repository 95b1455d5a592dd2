// The simulated printer: a fake, not a stub. It enforces the job protocol (status before and
// after), keeps every job it printed, lets tests and the demo set paper-out, cover-open, offline
// or unreachable, and renders a text preview of the last receipt.
import { EventEmitter } from "node:events";
import type { Clock } from "../../clock.js";
import { type DeviceStatus, deviceStatus, nextStatus } from "../types.js";
import { escposToText } from "./escpos/escpos-text.js";
import type { PrinterProfile } from "./escpos/profiles.js";
import type { PrinterCondition } from "./escpos/status-bytes.js";
import { type Printer, type PrinterEvents, type PrintResult, statusFromCondition } from "./printer.js";
import { runPrintJob } from "./run-print-job.js";

export type SimPrinterCondition = Partial<Omit<PrinterCondition, "drawerOpen">> & { drawerOpen?: boolean };

const READY: PrinterCondition = {
  reachable: true,
  offline: false,
  paperOut: false,
  paperNearEnd: false,
  coverOpen: false,
  error: false,
  drawerOpen: false,
};

export class SimPrinter extends EventEmitter<PrinterEvents> implements Printer {
  readonly profile: PrinterProfile;
  /** Every job that printed, in order. */
  readonly printed: Uint8Array[] = [];
  /** Every job received, printed or not. */
  readonly received: Uint8Array[] = [];
  readonly drawerPulses: number[] = [];
  private condition: PrinterCondition = READY;
  /** Applied after the next job's bytes arrive (paper running out mid-receipt). */
  private afterNextJob: SimPrinterCondition | undefined;
  private current: DeviceStatus;
  private running = false;

  constructor(
    profile: PrinterProfile,
    private readonly clock: Clock,
  ) {
    super();
    this.profile = profile;
    this.current = deviceStatus("down", "not started", clock.now());
  }

  async start(): Promise<void> {
    this.running = true;
    this.record(this.condition);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.update("down", "stopped");
  }

  status(): DeviceStatus {
    return this.current;
  }

  /** Test and demo handle: paper out, cover open, offline, unreachable, drawer open. */
  setCondition(change: SimPrinterCondition): void {
    this.condition = { ...this.condition, ...change };
    this.record(this.condition);
  }

  /** The condition changes while the next job prints (e.g. paper runs out). */
  failDuringNextJob(change: SimPrinterCondition): void {
    this.afterNextJob = change;
  }

  print(bytes: Uint8Array): Promise<PrintResult> {
    return runPrintJob(
      {
        readStatus: () => this.readStatus(),
        send: async (b) => {
          if (!this.running) throw new Error("printer stopped");
          this.received.push(b);
          if (this.afterNextJob) {
            this.setCondition(this.afterNextJob);
            this.afterNextJob = undefined;
            return;
          }
          this.printed.push(b);
        },
      },
      bytes,
    );
  }

  async readStatus(): Promise<PrinterCondition> {
    const c = this.running ? this.condition : { ...this.condition, reachable: false };
    return this.record(c.reachable ? c : { ...c, drawerOpen: undefined });
  }

  async pulseDrawer(pulseMs: number): Promise<boolean> {
    if (!this.running || !this.condition.reachable) return false;
    this.drawerPulses.push(pulseMs);
    this.condition = { ...this.condition, drawerOpen: true };
    return true;
  }

  /** Text of the last printed receipt (what a customer would read). */
  preview(): string[] {
    const last = this.printed.at(-1);
    return last ? escposToText(last, this.profile.codePage) : [];
  }

  private record(c: PrinterCondition): PrinterCondition {
    const { state, detail } = statusFromCondition(c);
    this.update(state, detail);
    return c;
  }

  private update(state: DeviceStatus["state"], detail: string): void {
    const next = nextStatus(this.current, state, detail, this.clock.now());
    if (next === this.current) return;
    this.current = next;
    this.emit("status", next);
  }
}
