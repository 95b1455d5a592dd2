// A serial device opened by its stable path (/dev/serial/by-id/...), that survives unplugging:
// on close or a failed open it reports "down" and re-opens the same path with capped back-off.
// Writes while the device is away fail with a retryable KioskError; nothing here throws at random.
import { EventEmitter } from "node:events";
import { SerialPort } from "serialport";
import type { Clock } from "../../clock.js";
import { KioskError } from "../../errors.js";
import type { Logger } from "../../log.js";
import { type DeviceStatus, deviceStatus, nextStatus } from "../types.js";
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./backoff.js";

export interface SerialLinkOptions {
  path: string;
  baudRate: number;
  /** RTS/CTS hardware flow control (raster images on printers; platform-notes §3). */
  rtscts?: boolean;
  backoff?: BackoffOptions;
  clock: Clock;
  log: Logger;
}

export interface SerialLinkEvents {
  data: [Buffer];
  status: [DeviceStatus];
}

export class SerialLink extends EventEmitter<SerialLinkEvents> {
  private port: SerialPort | undefined;
  private current: DeviceStatus;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: SerialLinkOptions) {
    super();
    this.current = deviceStatus("down", "not started", options.clock.now());
  }

  get isOpen(): boolean {
    return this.port?.isOpen === true;
  }

  status(): DeviceStatus {
    return this.current;
  }

  /** Tries to open once; on failure keeps retrying in the background. Never rejects. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.tryOpen();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.setStatus("down", "stopped");
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw this.unavailable("device not connected");
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (error) => {
        if (error) return reject(this.unavailable(`write failed: ${error.message}`, error));
        port.drain((drainError) =>
          drainError
            ? reject(this.unavailable(`drain failed: ${drainError.message}`, drainError))
            : resolve(),
        );
      });
    });
  }

  private unavailable(message: string, cause?: unknown): KioskError {
    return new KioskError("KIOSK_ERR_DEVICE", `${this.options.path}: ${message}`, {
      field: this.options.path,
      operatorMessage: "Dispositivo desconectado.",
      retryable: true,
      cause,
    });
  }

  private async tryOpen(): Promise<void> {
    if (!this.running) return;
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate,
      rtscts: this.options.rtscts ?? false,
      autoOpen: false,
    });
    const error = await new Promise<Error | null>((resolve) => port.open((e) => resolve(e ?? null)));
    if (!this.running) {
      if (!error) port.close();
      return;
    }
    if (error) {
      this.scheduleReconnect(`open failed: ${error.message}`);
      return;
    }
    this.port = port;
    this.attempt = 0;
    port.on("data", (chunk: Buffer) => this.emit("data", chunk));
    // A port with a data listener gets `close` at once when the device vanishes (platform-notes §2).
    port.on("close", (closeError?: Error & { disconnected?: boolean }) => {
      if (this.port !== port) return;
      this.port = undefined;
      this.scheduleReconnect(closeError?.disconnected ? "disconnected" : "closed");
    });
    port.on("error", (e) => this.options.log.warn("serial error", { path: this.options.path, error: e }));
    this.setStatus("ok", "open");
    this.options.log.info("serial device open", { path: this.options.path });
  }

  private scheduleReconnect(reason: string): void {
    if (!this.running) return;
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
    this.setStatus("down", `${reason}; reconnecting in ${delay} ms`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tryOpen();
    }, delay);
    // A reconnect alone must not keep a one-shot CLI command alive; the service has other handles.
    this.timer.unref();
  }

  private setStatus(state: DeviceStatus["state"], detail: string): void {
    const next = nextStatus(this.current, state, detail, this.options.clock.now());
    if (next === this.current) return;
    this.current = next;
    this.emit("status", next);
  }
}
