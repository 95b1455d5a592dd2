// Keyboard-wedge (USB HID) scanner read from its evdev node, /dev/input/by-id/*-event-kbd
// (platform-notes §2). Pure Node cannot EVIOCGRAB, so keep the scanner away from the UI with the
// udev property LIBINPUT_IGNORE_DEVICE=1 (hardware.md). The node is re-opened with back-off when
// the scanner is unplugged. Prefer USB-CDC mode (scanner-serial) where the scanner offers it.
import { EventEmitter } from "node:events";
import { createReadStream, type ReadStream } from "node:fs";
import type { Clock } from "../../clock.js";
import type { Logger } from "../../log.js";
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "../serial/backoff.js";
import { type DeviceStatus, deviceStatus, nextStatus } from "../types.js";
import { EvdevDecoder } from "./evdev-decoder.js";
import { type Scanner, type ScannerEvents, ScanPipeline } from "./scanner.js";

export interface EvdevScannerOptions {
  path: string;
  maxLength: number;
  interByteTimeoutMs: number;
  eventSize?: 16 | 24;
  backoff?: BackoffOptions;
  clock: Clock;
  log: Logger;
}

export class EvdevScanner extends EventEmitter<ScannerEvents> implements Scanner {
  private readonly pipeline: ScanPipeline;
  private stream: ReadStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  private attempt = 0;
  private running = false;
  private current: DeviceStatus;

  constructor(private readonly options: EvdevScannerOptions) {
    super();
    this.current = deviceStatus("down", "not started", options.clock.now());
    this.pipeline = new ScanPipeline(options.maxLength, options.clock, {
      scan: (e) => this.emit("scan", e),
      rejected: (r) => this.emit("rejected", r),
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of [this.timer, this.idle]) if (t) clearTimeout(t);
    this.timer = this.idle = undefined;
    this.stream?.destroy();
    this.stream = undefined;
    this.setStatus("down", "stopped");
  }

  status(): DeviceStatus {
    return this.current;
  }

  private open(): void {
    if (!this.running) return;
    const decoder = new EvdevDecoder(this.options.eventSize ?? 24);
    const stream = createReadStream(this.options.path, { highWaterMark: 4096 });
    this.stream = stream;
    stream.on("open", () => {
      this.attempt = 0;
      this.setStatus("ok", "open");
    });
    stream.on("data", (chunk) => {
      this.pipeline.push(Buffer.from(decoder.push(chunk as Buffer), "latin1"));
      if (this.idle) clearTimeout(this.idle);
      this.idle = this.pipeline.pending
        ? setTimeout(() => this.pipeline.flush(), this.options.interByteTimeoutMs)
        : undefined;
    });
    const gone = (reason: string) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      stream.destroy();
      this.reconnect(reason);
    };
    stream.on("error", (e) => gone(`read failed: ${e.message}`));
    stream.on("end", () => gone("device closed"));
  }

  private reconnect(reason: string): void {
    if (!this.running) return;
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
    this.setStatus("down", `${reason}; reconnecting in ${delay} ms`);
    this.options.log.warn("scanner input device lost", { path: this.options.path, reason });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.open();
    }, delay);
    this.timer.unref();
  }

  private setStatus(state: DeviceStatus["state"], detail: string): void {
    const next = nextStatus(this.current, state, detail, this.options.clock.now());
    if (next === this.current) return;
    this.current = next;
    this.emit("status", next);
  }
}
