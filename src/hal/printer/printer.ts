// The receipt printer: bytes in, and an honest answer whether they printed, so a receipt that did
// not print is known, shown and reprintable (the journal records "printed" only when printed).
import type { EventEmitter } from "node:events";
import type { DeviceStatus } from "../types.js";
import type { PrinterProfile } from "./escpos/profiles.js";
import type { PrinterCondition } from "./escpos/status-bytes.js";

export interface PrintResult {
  printed: boolean;
  status: PrinterCondition;
  /** pt-BR, for the operator, when printed is false. */
  reason?: string;
}

export interface PrinterEvents {
  status: [DeviceStatus];
}

export interface Printer extends EventEmitter<PrinterEvents> {
  readonly profile: PrinterProfile;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Status before, the job, status after. Never rejects for device trouble: see `printed`. */
  print(bytes: Uint8Array): Promise<PrintResult>;
  readStatus(): Promise<PrinterCondition>;
  /** Cash drawer kick through the printer's connector (profile dialect). */
  pulseDrawer(pulseMs: number): Promise<boolean>;
  status(): DeviceStatus;
}

export function statusFromCondition(c: PrinterCondition): { state: DeviceStatus["state"]; detail: string } {
  if (!c.reachable) return { state: "down", detail: "no answer to DLE EOT" };
  if (c.coverOpen) return { state: "down", detail: "cover open" };
  if (c.paperOut) return { state: "down", detail: "paper out" };
  if (c.error) return { state: "down", detail: "printer error" };
  if (c.offline) return { state: "down", detail: "offline" };
  if (c.paperNearEnd) return { state: "degraded", detail: "paper near end" };
  return { state: "ok", detail: "ready" };
}
