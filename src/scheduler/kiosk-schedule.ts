// The kiosk's periodic jobs and when they run (America/Sao_Paulo wall time). The functions are
// injected by the composition root (journal, SEFAZ, watchdog); this table is only the "when".
import type { JobDefinition, JobRun } from "./job-scheduler.js";

export const KIOSK_JOB_NAMES = [
  "backup",
  "voidGaps",
  "deadlineEscalation",
  "expiryWarnings",
  "archiveMonths",
  "walCheckpoint",
  "journalCheck",
] as const;
export type KioskJobName = (typeof KIOSK_JOB_NAMES)[number];

export interface KioskJobTiming {
  cron: string;
  retryDelayMs: number;
  purpose: string;
}

const MINUTE = 60_000;

export const KIOSK_SCHEDULE: Readonly<Record<KioskJobName, KioskJobTiming>> = {
  backup: {
    cron: "30 2 * * *",
    retryDelayMs: 30 * MINUTE,
    purpose: "online copy of the journal (db.backup) to the data partition, store closed",
  },
  voidGaps: {
    // Inutilização of the previous month's unused numbers is due by the 10th of the following month
    // (Ajuste SINIEF 19/16 cl. 16; nfce-reference.md). Daily from the 1st to the 10th, retried while
    // SEFAZ is unreachable, so a short outage or power-off still leaves days to do it.
    cron: "30 3 1-10 * *",
    retryDelayMs: 15 * MINUTE,
    purpose: "void (inutilizar) numbering gaps of the previous month before the 10th",
  },
  deadlineEscalation: {
    cron: "*/10 * * * *",
    retryDelayMs: 5 * MINUTE,
    purpose: "escalate offline notes close to their transmission deadline (LEDs, console)",
  },
  expiryWarnings: {
    cron: "0 9 * * *",
    retryDelayMs: 60 * MINUTE,
    purpose: "warn once per threshold (30/15/7 days, expired) before the certificate or CSC expires",
  },
  archiveMonths: {
    // After the 10th, so a month is archived only once its gaps had their chance to be voided.
    cron: "0 4 15 * *",
    retryDelayMs: 60 * MINUTE,
    purpose: "move closed months' XML out of the hot database into monthly archives",
  },
  journalCheck: {
    // The whole-file integrity check and the audit chain: too long for the boot on a large journal
    // (docs/bench.md), so it runs at night, when the store is closed.
    cron: "45 3 * * *",
    retryDelayMs: 60 * MINUTE,
    purpose: "journal verify (SQLite quick_check of every table, audit chain, numbering) at night",
  },
  walCheckpoint: {
    cron: "*/15 * * * *",
    retryDelayMs: 5 * MINUTE,
    purpose: "PRAGMA wal_checkpoint(TRUNCATE) when no sale is in progress",
  },
};

/** Job definitions for the functions given; a job without a function is not scheduled. */
export function kioskJobs(
  run: Partial<Record<KioskJobName, JobRun>>,
  schedule: Readonly<Record<KioskJobName, KioskJobTiming>> = KIOSK_SCHEDULE,
): JobDefinition[] {
  return KIOSK_JOB_NAMES.flatMap((name) => {
    const fn = run[name];
    if (fn === undefined) return [];
    const timing = schedule[name];
    return [{ name, cron: timing.cron, retryDelayMs: timing.retryDelayMs, run: fn }];
  });
}
