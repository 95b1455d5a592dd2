// The cStat table as data: what the kiosk does with each answer (nfce-reference.md §6).
import cstatData from "./data/cstat.json" with { type: "json" };

/**
 * done: the request succeeded (authorized, registered, homologated).
 * transient: retry later with back-off; nothing to change.
 * fix: correct the XML or configuration and resend (an offline note keeps its key and cNF).
 * give-up: this number or document cannot succeed; reconcile and alert.
 * query-first: the outcome is uncertain; consult by key before doing anything else.
 */
export type CStatClass = "done" | "transient" | "fix" | "give-up" | "query-first";

export interface CStatEntry {
  class: CStatClass;
  meaning: string;
}

const CODES = (cstatData as { codes: Record<string, CStatEntry> }).codes;

/** cStat has 3 digits, and 4 in RTC rules (NT 2025.002 §5.1). */
export const CSTAT_PATTERN = /^[1-9][0-9]{2,3}$/;

/** Unknown codes are treated as "fix": a human must read xMotivo; never a blind retry. */
export function classifyCStat(cStat: string): CStatClass {
  return CODES[cStat]?.class ?? "fix";
}

export function cStatEntry(cStat: string): CStatEntry | undefined {
  return CODES[cStat];
}

export function allCStats(): Record<string, CStatEntry> {
  return CODES;
}
