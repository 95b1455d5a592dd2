// Certificate and CSC expiry warnings: once per threshold (30, 15, 7 days, then expired), never
// every day. The job runs daily; what was already said is remembered in the ScheduleStore under
// "expiryWarned:<subject>" as the instant the threshold was crossed (it changes with a renewal).
import type { JobRun } from "./job-scheduler.js";
import type { ScheduleStore } from "./schedule-store.js";

export const EXPIRY_THRESHOLDS_DAYS: readonly number[] = [30, 15, 7, 0];
const DAY_MS = 86_400_000;

export interface ExpiringItem {
  /** "certificate", "csc", ... */
  subject: string;
  expiresAt: Date;
}

export interface ExpiryWarning {
  subject: string;
  expiresAt: string;
  /** Whole days left (0 or negative once expired). */
  daysLeft: number;
  /** The threshold crossed; 0 means expired. */
  thresholdDays: number;
}

/** The most urgent threshold already reached, or undefined while none is. */
export function reachedThreshold(
  expiresAt: Date,
  now: Date,
  thresholdsDays: readonly number[] = EXPIRY_THRESHOLDS_DAYS,
): number | undefined {
  const reached = thresholdsDays.filter((days) => now.getTime() >= expiresAt.getTime() - days * DAY_MS);
  return reached.length === 0 ? undefined : Math.min(...reached);
}

/** The warning to give now, or undefined if there is none or it was given already. */
export function expiryWarningDue(
  item: ExpiringItem,
  now: Date,
  alreadyWarnedCrossing: string | undefined,
  thresholdsDays: readonly number[] = EXPIRY_THRESHOLDS_DAYS,
): { warning: ExpiryWarning; crossing: string } | undefined {
  const threshold = reachedThreshold(item.expiresAt, now, thresholdsDays);
  if (threshold === undefined) return undefined;
  const crossing = new Date(item.expiresAt.getTime() - threshold * DAY_MS).toISOString();
  if (crossing === alreadyWarnedCrossing) return undefined;
  const daysLeft = Math.floor((item.expiresAt.getTime() - now.getTime()) / DAY_MS);
  return {
    crossing,
    warning: {
      subject: item.subject,
      expiresAt: item.expiresAt.toISOString(),
      daysLeft,
      thresholdDays: threshold,
    },
  };
}

export interface ExpiryWarningJobOptions {
  items: () => ExpiringItem[] | Promise<ExpiringItem[]>;
  warn: (warning: ExpiryWarning) => void | Promise<void>;
  store: ScheduleStore;
  thresholdsDays?: readonly number[];
}

export function expiryWarningKey(subject: string): string {
  return `expiryWarned:${subject}`;
}

/** The daily job: warn for each item whose threshold was crossed since its last warning. */
export function createExpiryWarningJob(options: ExpiryWarningJobOptions): JobRun {
  return async ({ startedAt }) => {
    for (const item of await options.items()) {
      const key = expiryWarningKey(item.subject);
      const due = expiryWarningDue(item, startedAt, options.store.get(key), options.thresholdsDays);
      if (due === undefined) continue;
      await options.warn(due.warning);
      // Recorded after the warning went out: a failed warning is repeated, never lost.
      options.store.set(key, due.crossing);
    }
  };
}
