// The barcode scanner: typed events, one pipeline (framing, then validation) for every binding,
// so the simulator enforces exactly what the real scanners do.
import type { EventEmitter } from "node:events";
import type { Clock } from "../../clock.js";
import type { DeviceStatus } from "../types.js";
import { checkBarcode, type ScanRejectReason, type Symbology } from "./barcode.js";
import { ScanFramer } from "./scan-framer.js";

export interface ScanEvent {
  code: string;
  symbology: Symbology;
  issuer: string;
  /** In-store number (GS1 restricted distribution), e.g. a weighed product label. */
  restricted: boolean;
  at: Date;
}

export interface ScanRejection {
  reason: ScanRejectReason;
  /** English detail for logs. */
  detail: string;
  /** What was read, printable and truncated. */
  raw: string;
  /** pt-BR, for the operator. */
  message: string;
  at: Date;
}

export interface ScannerEvents {
  scan: [ScanEvent];
  rejected: [ScanRejection];
  status: [DeviceStatus];
}

export interface Scanner extends EventEmitter<ScannerEvents> {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): DeviceStatus;
}

const MESSAGES: Record<ScanRejectReason, string> = {
  noise: "Leitura inválida (ruído). Passe o produto novamente.",
  "too-long": "Leitura longa demais. Passe o produto novamente.",
  "bad-length": "Código incompleto. Passe o produto novamente.",
  "not-numeric": "Código não reconhecido (não é EAN/GTIN).",
  "check-digit": "Código com dígito verificador inválido. Passe o produto novamente.",
  "gs1-prefix": "Código com prefixo GS1 inexistente. Passe o produto novamente.",
  "not-a-product": "Este código não é de um produto (cupom ou vale).",
};

export interface ScanSink {
  scan(event: ScanEvent): void;
  rejected(rejection: ScanRejection): void;
}

/** Bytes in, validated codes or rejections out. */
export class ScanPipeline {
  private readonly framer: ScanFramer;

  constructor(
    maxLength: number,
    private readonly clock: Clock,
    private readonly sink: ScanSink,
  ) {
    this.framer = new ScanFramer(maxLength);
  }

  push(bytes: Uint8Array): void {
    this.handle(this.framer.push(bytes));
  }

  flush(): void {
    this.handle(this.framer.flush());
  }

  get pending(): boolean {
    return this.framer.pending;
  }

  private handle(frames: ReturnType<ScanFramer["push"]>): void {
    const at = this.clock.now();
    for (const frame of frames) {
      if (frame.kind === "rejected") {
        this.reject(
          frame.reason,
          frame.reason === "noise" ? "non-printable bytes" : "no terminator within maxLength",
          frame.raw,
          at,
        );
        continue;
      }
      const check = checkBarcode(frame.text);
      if (check.ok) {
        this.sink.scan({
          code: check.code,
          symbology: check.symbology,
          issuer: check.issuer,
          restricted: check.restricted,
          at,
        });
      } else {
        this.reject(check.reason, check.detail, frame.text.slice(0, 64), at);
      }
    }
  }

  private reject(reason: ScanRejectReason, detail: string, raw: string, at: Date): void {
    this.sink.rejected({ reason, detail, raw, message: MESSAGES[reason], at });
  }
}
