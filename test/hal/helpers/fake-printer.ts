// The far end of the printer pty: records every byte and answers DLE EOT n like a printer in the
// condition the test sets (or stays silent, like a printer that is off).
import { SerialPort } from "serialport";
import { encodeStatus } from "../../../src/hal/printer/escpos/status-bytes.js";

export interface FakeCondition {
  paperOut?: boolean;
  coverOpen?: boolean;
  offline?: boolean;
  paperNearEnd?: boolean;
  error?: boolean;
  drawerOpen?: boolean;
  /** Do not answer status requests at all. */
  silent?: boolean;
  /** Bytes of noise sent before each reply. */
  noise?: number[];
}

export class FakePrinter {
  readonly received: number[] = [];
  condition: FakeCondition = {};
  /** Applied once a cut command has been received (paper runs out during the job). */
  afterCut: FakeCondition | undefined;
  private port: SerialPort | undefined;
  private dleState = 0;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    const port = new SerialPort({ path: this.path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on("data", (chunk: Buffer) => this.onData(chunk));
    port.on("error", () => {});
    port.on("close", () => {});
    this.port = port;
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** Bytes received so far, as a Uint8Array for the decoder. */
  bytes(): Uint8Array {
    return Uint8Array.from(this.received);
  }

  private onData(chunk: Buffer): void {
    for (const byte of chunk) {
      this.received.push(byte);
      // DLE EOT n, tracked across chunks.
      if (this.dleState === 0 && byte === 0x10) this.dleState = 1;
      else if (this.dleState === 1 && byte === 0x04) this.dleState = 2;
      else if (this.dleState === 2) {
        this.dleState = 0;
        this.reply(byte);
      } else this.dleState = 0;
      const n = this.received.length;
      const cut =
        (this.received[n - 3] === 0x1d && this.received[n - 2] === 0x56) ||
        (this.received[n - 2] === 0x1b && byte === 0x6d);
      if (cut && this.afterCut) {
        this.condition = { ...this.condition, ...this.afterCut };
        this.afterCut = undefined;
      }
    }
  }

  private reply(n: number): void {
    const c = this.condition;
    if (c.silent || !this.port) return;
    const replies = encodeStatus({
      offline: c.offline ?? false,
      paperOut: c.paperOut ?? false,
      paperNearEnd: c.paperNearEnd ?? false,
      coverOpen: c.coverOpen ?? false,
      error: c.error ?? false,
      drawerOpen: c.drawerOpen ?? false,
    });
    const byte = replies[n as 1 | 2 | 3 | 4];
    if (byte === undefined) return;
    this.port.write(Buffer.from([...(c.noise ?? []), byte]));
  }
}
