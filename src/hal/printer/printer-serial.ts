// ESC/POS printer on a serial line. Jobs and status requests are serialized; each DLE EOT waits
// for its reply byte with a timeout, skipping bytes that cannot be a status reply (resync).
import { EventEmitter } from "node:events";
import type { Clock } from "../../clock.js";
import type { Logger } from "../../log.js";
import type { SerialLink } from "../serial/serial-link.js";
import { type DeviceStatus, nextStatus } from "../types.js";
import { drawerPulseCommand, statusRequest } from "./escpos/commands.js";
import type { PrinterProfile } from "./escpos/profiles.js";
import { decodeStatus, isStatusReply, type PrinterCondition, UNREACHABLE } from "./escpos/status-bytes.js";
import { type Printer, type PrinterEvents, type PrintResult, statusFromCondition } from "./printer.js";
import { runPrintJob } from "./run-print-job.js";

export interface SerialPrinterOptions {
  link: SerialLink;
  profile: PrinterProfile;
  statusTimeoutMs: number;
  clock: Clock;
  log: Logger;
}

export class SerialPrinter extends EventEmitter<PrinterEvents> implements Printer {
  readonly profile: PrinterProfile;
  private queue: Promise<unknown> = Promise.resolve();
  private waiter: ((byte: number) => void) | undefined;
  private current: DeviceStatus;

  constructor(private readonly options: SerialPrinterOptions) {
    super();
    this.profile = options.profile;
    this.current = options.link.status();
    options.link.on("data", (chunk) => {
      for (const byte of chunk) if (this.waiter && isStatusReply(byte)) this.waiter(byte);
    });
    options.link.on("status", (s) => {
      if (s.state !== "ok") this.update(s.state, `link: ${s.detail}`);
      // Back after an unplug: ask at once, so LEDs and UI do not wait for the next receipt.
      else void this.recheckAfterReconnect();
    });
  }

  async start(): Promise<void> {
    await this.options.link.start();
    if (this.options.link.isOpen) await this.readStatus();
  }

  async stop(): Promise<void> {
    await this.options.link.stop();
  }

  status(): DeviceStatus {
    return this.current;
  }

  print(bytes: Uint8Array): Promise<PrintResult> {
    return this.exclusive(() =>
      runPrintJob({ readStatus: () => this.queryStatus(), send: (b) => this.options.link.write(b) }, bytes),
    );
  }

  readStatus(): Promise<PrinterCondition> {
    return this.exclusive(() => this.queryStatus());
  }

  pulseDrawer(pulseMs: number): Promise<boolean> {
    return this.exclusive(async () => {
      try {
        await this.options.link.write(drawerPulseCommand(this.profile, pulseMs));
        return true;
      } catch (error) {
        this.options.log.warn("drawer pulse failed", { error });
        return false;
      }
    });
  }

  /** A printer that was just plugged in may answer only after its firmware is up: a few tries. */
  private async recheckAfterReconnect(tries = 4, pauseMs = 250): Promise<void> {
    for (let i = 0; i < tries && this.options.link.isOpen; i++) {
      if ((await this.readStatus()).reachable) return;
      await new Promise((resolve) => setTimeout(resolve, pauseMs).unref());
    }
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async queryStatus(): Promise<PrinterCondition> {
    if (!this.options.link.isOpen) return this.record(UNREACHABLE);
    const replies: number[] = [];
    for (const n of [1, 2, 3, 4] as const) {
      const reply = await this.ask(n);
      if (reply === undefined) return this.record(UNREACHABLE);
      replies.push(reply);
    }
    const [printer = 0, offline = 0, error = 0, paper = 0] = replies;
    return this.record(decodeStatus(printer, offline, error, paper));
  }

  private async ask(n: 1 | 2 | 3 | 4): Promise<number | undefined> {
    const reply = new Promise<number | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, this.options.statusTimeoutMs);
      this.waiter = (byte) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(byte);
      };
    });
    try {
      await this.options.link.write(statusRequest(n));
    } catch {
      this.waiter?.(-1);
      return undefined;
    }
    const byte = await reply;
    return byte === undefined || byte < 0 ? undefined : byte;
  }

  private record(condition: PrinterCondition): PrinterCondition {
    const { state, detail } = statusFromCondition(condition);
    this.update(state, detail);
    return condition;
  }

  private update(state: DeviceStatus["state"], detail: string): void {
    const next = nextStatus(this.current, state, detail, this.options.clock.now());
    if (next === this.current) return;
    this.current = next;
    this.emit("status", next);
  }
}
