// What the running kiosk offers to its front ends (HTTP API, touchscreen UI, serial console, CLI).
// The service implementation (src/app/service.ts) wires journal, fiscal core, SEFAZ, watchdog and HAL;
// front ends depend only on this interface, so they are tested against a fake.
import type { EventEmitter } from "node:events";
import type { HeldItem } from "./held-correction.js";
import type { FieldChange, ItemCorrection } from "./sync/fiscal-edit.js";

/** The object `emit --json` and `POST /api/sales` return (interfaces.md). */
export interface EmitResult {
  chave: string;
  nNF: number;
  serie: number;
  tpEmis: 1 | 9;
  status: string;
  cStat: string | null;
  nProt: string | null;
  qrCode: string;
  /** Extensions: whether the receipt reached the paper, and why not. */
  printed?: boolean;
  printError?: string;
}

/** `status --json` / `GET /api/status` (interfaces.md) plus extensions. */
export interface StatusResult {
  mode: "online" | "contingency";
  cause: string | null;
  pending: number;
  oldestPendingAt: string | null;
  deadlineAt: string | null;
  /** Extensions for UI, LEDs and console. */
  deadlineLevel?: "ok" | "warn" | "urgent" | "overdue";
  causeText?: string;
  draining?: boolean;
  rejected?: number;
  devices?: Record<string, { state: "ok" | "degraded" | "down"; detail: string; since: string }>;
  manual?: boolean;
}

/** `journal list --json` / `GET /api/notes` rows (interfaces.md). */
export interface NoteListItem {
  chave: string;
  nNF: number;
  serie: number;
  tpEmis: 1 | 9;
  status: string;
  cStat: string | null;
  nProt: string | null;
  emittedAt: string;
}

export interface SyncResult {
  sent: number;
  authorized: number;
  rejected: number;
  pending: number;
}

/** A note (or a range to void, key "inut:serie:ini-fin") held for an operator by the sync engine. */
export interface HeldNote {
  chave: string;
  nNF: number;
  /** Why it is held, in Portuguese (what the operator must fix). */
  reason: string;
}

export interface KioskEvents {
  status: [StatusResult];
  /** A receipt was produced (the demo UI shows its text). */
  receipt: [{ chave: string; lines: string[] }];
  /** A scanned code reached the sale screen, or a scan was rejected. */
  scan: [{ code: string } | { rejected: string }];
}

export interface KioskService {
  emitSale(sale: unknown, options?: { offline?: boolean; operator?: string }): Promise<EmitResult>;
  status(): StatusResult;
  listNotes(filter?: { status?: string }): NoteListItem[];
  syncNow(operator?: string): Promise<SyncResult>;
  setContingency(action: "enter" | "exit", reason: string, operator: string): StatusResult;
  receiptLines(chave: string): string[];
  reprint(chave: string, operator: string): Promise<{ printed: boolean; reason?: string }>;
  cancel(chave: string, reason: string, operator: string): Promise<{ cStat: string; nProt: string | null }>;
  /** Notes and ranges the sync engine holds for an operator (rejections it may not correct itself). */
  heldNotes(): HeldNote[];
  /** The cause of a hold was fixed: the note goes back to the queue with its key unchanged (audited). */
  releaseHeld(chave: string, operator: string): void;
  /** The items of a held offline note as sold, with the fields correctHeld may change. */
  heldItems(chave: string): HeldItem[];
  /**
   * Corrects the tax classification (NCM, CEST, CFOP, tax) of a held offline note's items, rebuilds
   * it with the same key and queues it (audited); the changes made.
   */
  correctHeld(chave: string, corrections: ItemCorrection[], operator: string): Promise<FieldChange[]>;
  /** The accountant's export (authorized XMLs, events, voidings, summary) into `dir`, e.g. a USB stick (audited). */
  exportAccountant(month: string | undefined, dir: string, operator: string): { files: number };
  events: EventEmitter<KioskEvents>;
}
