// The simulated scanner: injected codes and bytes go through the same pipeline as real ones, so a
// bad injected code is rejected exactly like a misread.
import { EventEmitter } from "node:events";
import type { Clock } from "../../clock.js";
import { type DeviceStatus, deviceStatus } from "../types.js";
import { type Scanner, type ScannerEvents, ScanPipeline } from "./scanner.js";

export class SimScanner extends EventEmitter<ScannerEvents> implements Scanner {
  private readonly pipeline: ScanPipeline;
  private current: DeviceStatus;
  private running = false;

  constructor(
    private readonly clock: Clock,
    maxLength = 64,
  ) {
    super();
    this.current = deviceStatus("down", "not started", clock.now());
    this.pipeline = new ScanPipeline(maxLength, clock, {
      scan: (e) => this.emit("scan", e),
      rejected: (r) => this.emit("rejected", r),
    });
  }

  async start(): Promise<void> {
    this.running = true;
    this.setStatus("ok", "simulated");
  }

  async stop(): Promise<void> {
    this.running = false;
    this.setStatus("down", "stopped");
  }

  status(): DeviceStatus {
    return this.current;
  }

  /** A code as a scanner with a CR suffix sends it. */
  injectScan(code: string): void {
    this.injectBytes(Buffer.from(`${code}\r`, "latin1"));
  }

  /** Raw bytes (noise, half codes, endless lines); `flush` simulates the inter-byte timeout. */
  injectBytes(bytes: Uint8Array, flush = false): void {
    if (!this.running) throw new Error("simulated scanner is stopped");
    this.pipeline.push(bytes);
    if (flush) this.pipeline.flush();
  }

  private setStatus(state: DeviceStatus["state"], detail: string): void {
    this.current = { state, detail, since: this.clock.now() };
    this.emit("status", this.current);
  }
}
