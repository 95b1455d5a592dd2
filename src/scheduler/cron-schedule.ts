// A cron expression bound to a time zone, and its occurrences before/after an instant. node-cron
// fires the jobs in production; this pure walker answers "which run was last due?" for any clock,
// which is what catch-up after a power-off needs. Day-of-month and day-of-week combine with AND,
// as node-cron matches them (Vixie cron would OR them when both are restricted).
import cron from "node-cron";
import { KioskError } from "../errors.js";
import {
  addDays,
  fromLocalTime,
  type LocalTime,
  offsetMsAt,
  toLocalTime,
  weekdayOf,
} from "../time/zoned-time.js";

export interface CronSchedule {
  readonly expression: string;
  readonly timezone: string;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
}

/** Longest gap searched for an occurrence: a yearly job still has one within it. */
export const SEARCH_DAYS = 400;

function numeric(values: ReadonlyArray<number | string>, expression: string, field: string): number[] {
  if (!values.every((v): v is number => typeof v === "number")) {
    throw new KioskError(
      "KIOSK_ERR_CONFIG_INVALID",
      `cron expression "${expression}": ${field} uses L, W or # which the scheduler does not support`,
      { field: "schedule" },
    );
  }
  return [...values];
}

/** Parses and checks an expression (5 or 6 fields, as node-cron accepts) for a time zone. */
export function parseCronSchedule(expression: string, timezone: string): CronSchedule {
  if (!cron.validate(expression)) {
    throw new KioskError("KIOSK_ERR_CONFIG_INVALID", `invalid cron expression "${expression}"`, {
      field: "schedule",
    });
  }
  toLocalTime(new Date(0), timezone); // RangeError early for an unknown zone
  const f = cron.parse(expression);
  const desc = (a: number, b: number) => b - a;
  return {
    expression,
    timezone,
    seconds: numeric(f.second, expression, "second").sort(desc),
    minutes: numeric(f.minute, expression, "minute").sort(desc),
    hours: numeric(f.hour, expression, "hour").sort(desc),
    daysOfMonth: new Set(numeric(f.dayOfMonth, expression, "day of month")),
    months: new Set(numeric(f.month, expression, "month")),
    daysOfWeek: new Set(numeric(f.dayOfWeek, expression, "day of week").map((d) => d % 7)),
  };
}

function dayMatches(s: CronSchedule, d: { year: number; month: number; day: number }): boolean {
  return s.months.has(d.month) && s.daysOfMonth.has(d.day) && s.daysOfWeek.has(weekdayOf(d));
}

const DAY_MS = 86_400_000;

function offsetMs(at: number, timezone: string): number {
  return offsetMsAt(new Date(at), timezone);
}

/** True when the zone's UTC offset is the same a day either side (no DST change near `at`). */
function offsetStable(at: number, timezone: string): boolean {
  const here = offsetMs(at, timezone);
  return offsetMs(at - DAY_MS, timezone) === here && offsetMs(at + DAY_MS, timezone) === here;
}

function occurrence(s: CronSchedule, from: Date, direction: -1 | 1): Date | undefined {
  const start = toLocalTime(from, s.timezone);
  const startSecond = start.hour * 3600 + start.minute * 60 + start.second;
  // On the first day, wall times on the wrong side of `from` need no instant. Near a DST change a
  // wall time can be up to an hour off its instant, so keep an hour of slack there.
  const slack = offsetStable(from.getTime(), s.timezone) ? 0 : 3600;
  const order = (xs: readonly number[]) => (direction === -1 ? xs : [...xs].reverse());
  const [hours, minutes, seconds] = [order(s.hours), order(s.minutes), order(s.seconds)];
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const day = addDays(start, direction * offset);
    if (!dayMatches(s, day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        for (const second of seconds) {
          const daySecond = hour * 3600 + minute * 60 + second;
          if (offset === 0 && direction * (daySecond - startSecond) < -slack) continue;
          const local: LocalTime = { ...day, hour, minute, second };
          const instant = fromLocalTime(local, s.timezone);
          if (instant === undefined) continue; // skipped by a DST change
          const ms = instant.getTime();
          if (direction === -1 ? ms <= from.getTime() : ms > from.getTime()) return instant;
        }
      }
    }
  }
  return undefined;
}

/** The latest occurrence at or before `atOrBefore`, or undefined if none in SEARCH_DAYS. */
export function previousOccurrence(s: CronSchedule, atOrBefore: Date): Date | undefined {
  return occurrence(s, atOrBefore, -1);
}

/** The first occurrence strictly after `after`, or undefined if none in SEARCH_DAYS. */
export function nextOccurrence(s: CronSchedule, after: Date): Date | undefined {
  return occurrence(s, after, 1);
}
