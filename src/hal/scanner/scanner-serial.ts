// A scanner in USB-CDC / RS-232 mode: bytes from a SerialLink, framed by CR/LF or, for scanners
// without a suffix, by an inter-byte timeout.
import { EventEmitter } from "node:events";
import type { Clock } from "../../clock.js";
import type { Logger } from "../../log.js";
import type { SerialLink } from "../serial/serial-link.js";
import type { DeviceStatus } from "../types.js";
import { type Scanner, type ScannerEvents, ScanPipeline } from "./scanner.js";

export interface SerialScannerOptions {
  link: SerialLink;
  maxLength: number;
  interByteTimeoutMs: number;
  clock: Clock;
  log: Logger;
}

export class SerialScanner extends EventEmitter<ScannerEvents> implements Scanner {
  private readonly pipeline: ScanPipeline;
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly options: SerialScannerOptions) {
    super();
    this.pipeline = new ScanPipeline(options.maxLength, options.clock, {
      scan: (e) => this.emit("scan", e),
      rejected: (r) => {
        options.log.warn("scan rejected", { reason: r.reason, detail: r.detail, raw: r.raw });
        this.emit("rejected", r);
      },
    });
    options.link.on("data", (chunk) => this.onData(chunk));
    options.link.on("status", (s) => this.emit("status", s));
  }

  async start(): Promise<void> {
    await this.options.link.start();
  }

  async stop(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    await this.options.link.stop();
  }

  status(): DeviceStatus {
    return this.options.link.status();
  }

  private onData(chunk: Buffer): void {
    this.pipeline.push(chunk);
    if (this.idle) clearTimeout(this.idle);
    this.idle = this.pipeline.pending
      ? setTimeout(() => {
          this.idle = undefined;
          this.pipeline.flush();
        }, this.options.interByteTimeoutMs)
      : undefined;
  }
}
