// The one rule for both on-time runs and catch-up after a power-off: a job is due when its latest
// scheduled time (at or before now) is later than its last successful run.
import { type CronSchedule, previousOccurrence } from "./cron-schedule.js";

/** A last-run time further ahead of the clock than this is not believed (clock set back, or a bogus
 * clock wrote it); the job then counts as never run, instead of staying silent until that date. */
export const FUTURE_LAST_RUN_TOLERANCE_MS = 24 * 3600 * 1000;

export type DueDecision =
  | { due: true; scheduledAt: Date; lastRunAt: Date | undefined }
  | { due: false; reason: "not-yet" | "never-scheduled" };

export function parseLastRun(value: string | undefined, now: Date): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms > now.getTime() + FUTURE_LAST_RUN_TOLERANCE_MS) return undefined;
  return new Date(ms);
}

export function dueRun(schedule: CronSchedule, lastRunAt: Date | undefined, now: Date): DueDecision {
  const scheduledAt = previousOccurrence(schedule, now);
  if (scheduledAt === undefined) return { due: false, reason: "never-scheduled" };
  if (lastRunAt !== undefined && lastRunAt.getTime() >= scheduledAt.getTime()) {
    return { due: false, reason: "not-yet" };
  }
  return { due: true, scheduledAt, lastRunAt };
}
