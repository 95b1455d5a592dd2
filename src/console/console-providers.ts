// What the technician console can ask of the rest of the kiosk. The lead wires each one; a missing
// provider answers "indisponível" instead of failing.
import type { StatusResult, SyncResult } from "../app/kiosk-service.js";

export interface ProbeResult {
  name: string;
  ok: boolean;
  detail: string;
  ms?: number;
}

export interface ConsoleProviders {
  status(): StatusResult;
  probes?(): Promise<ProbeResult[]>;
  journalSummary?(): Promise<Record<string, number | string>>;
  journalVerify?(): Promise<{ ok: boolean; problems: string[] }>;
  /** Oldest pending notes first. */
  pending?(): Promise<Array<{ nNF: number; serie: number; emittedAt: string; deadlineAt: string }>>;
  printerStatus?(): Promise<{ state: string; detail: string }>;
  printerTest?(): Promise<{ printed: boolean; reason?: string }>;
  ledTest?(): Promise<void>;
  sefazStatus?(): Promise<{ cStat: string; xMotivo: string; ms: number }>;
  certificate?(): { subject: string; notAfter: string; cscExpiresAt?: string | null };
  clock?(): { now: string; source: string; synchronized: boolean };
  diag?(): Promise<string[]>;
  sync?(operator: string): Promise<SyncResult>;
  /** Writes the accountant export into `dir` (a folder on a mounted USB stick). */
  exportTo?(dir: string, operator: string): Promise<{ files: number }>;
}
