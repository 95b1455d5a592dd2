// Transmission deadline of an offline note and its countdown (nfce-reference §7; [A4] §2-4:
// "até o final do primeiro dia útil subsequente" to emission, in the UF's local time).

import {
  addDays,
  formatLocalDate,
  type LocalDate,
  localDateOf,
  startOfLocalDay,
  weekdayOf,
} from "../time/zoned-time.js";
import rulesData from "./data/deadline-rules.json" with { type: "json" };
import { type HolidayRule, holidaysOf, NATIONAL_HOLIDAYS } from "./holidays.js";

export type DeadlineRule =
  | { kind: "end-of-next-business-day" }
  | { kind: "hours-after-emission"; hours: number };

export interface UfDeadlineRule {
  timeZone: string;
  rule?: DeadlineRule;
  /** Ids of national optional days (holidays.json, nonBusiness=false) that this UF makes holidays. */
  nonBusinessHolidayIds?: string[];
  /** "MM-DD" state holidays. */
  extraNonBusinessDays?: string[];
}

export interface DeadlineRules {
  default: Omit<UfDeadlineRule, "timeZone">;
  ufs: Record<string, UfDeadlineRule>;
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = rulesData as DeadlineRules;

/** The UF's civil time zone (IANA), e.g. "America/Sao_Paulo" for SP. */
export function timeZoneOfUf(uf: string, rules: DeadlineRules = DEFAULT_DEADLINE_RULES): string {
  const entry = rules.ufs[uf];
  if (entry === undefined) throw new RangeError(`no deadline rule for UF '${uf}'`);
  return entry.timeZone;
}

function resolveRule(uf: string, rules: DeadlineRules): Required<UfDeadlineRule> {
  const entry = rules.ufs[uf];
  if (entry === undefined) throw new RangeError(`no deadline rule for UF '${uf}'`);
  return {
    timeZone: entry.timeZone,
    rule: entry.rule ?? rules.default.rule ?? { kind: "end-of-next-business-day" },
    nonBusinessHolidayIds: entry.nonBusinessHolidayIds ?? rules.default.nonBusinessHolidayIds ?? [],
    extraNonBusinessDays: entry.extraNonBusinessDays ?? rules.default.extraNonBusinessDays ?? [],
  };
}

/** Saturdays, Sundays, national holidays that close offices and the UF's own extra days are not business days. */
export function isBusinessDay(
  date: LocalDate,
  uf: string,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
  holidays: readonly HolidayRule[] = NATIONAL_HOLIDAYS,
): boolean {
  const weekday = weekdayOf(date);
  if (weekday === 0 || weekday === 6) return false;
  const rule = resolveRule(uf, rules);
  const key = formatLocalDate(date);
  const mmdd = key.slice(5);
  if (rule.extraNonBusinessDays.includes(mmdd)) return false;
  return !holidaysOf(date.year, holidays).some(
    (h) => formatLocalDate(h.date) === key && (h.nonBusiness || rule.nonBusinessHolidayIds.includes(h.id)),
  );
}

/**
 * The last instant at which the note may still be transmitted in time: 23:59:59.999 local time
 * of the first business day after the emission date (or emission + N hours where a UF says so).
 */
export function transmissionDeadline(
  emittedAt: Date,
  uf: string,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
  holidays: readonly HolidayRule[] = NATIONAL_HOLIDAYS,
): Date {
  const rule = resolveRule(uf, rules);
  if (rule.rule.kind === "hours-after-emission") {
    return new Date(emittedAt.getTime() + rule.rule.hours * 3_600_000);
  }
  let day = addDays(localDateOf(emittedAt, rule.timeZone), 1);
  while (!isBusinessDay(day, uf, rules, holidays)) day = addDays(day, 1);
  return new Date(startOfLocalDay(addDays(day, 1), rule.timeZone).getTime() - 1);
}

export type DeadlineLevel = "ok" | "warn" | "urgent" | "overdue";

export interface DeadlineThresholds {
  warnMs: number;
  urgentMs: number;
}

export const DEFAULT_DEADLINE_THRESHOLDS: DeadlineThresholds = { warnMs: 4 * 3_600_000, urgentMs: 3_600_000 };

export interface DeadlineCountdown {
  level: DeadlineLevel;
  /** Negative once overdue. */
  remainingMs: number;
  deadlineAt: Date;
}

/** Escalation: ok, warn (< 4 h left), urgent (< 1 h), overdue (past the deadline). */
export function deadlineCountdown(
  deadlineAt: Date,
  now: Date,
  thresholds: DeadlineThresholds = DEFAULT_DEADLINE_THRESHOLDS,
): DeadlineCountdown {
  const remainingMs = deadlineAt.getTime() - now.getTime();
  const level: DeadlineLevel =
    remainingMs < 0
      ? "overdue"
      : remainingMs < thresholds.urgentMs
        ? "urgent"
        : remainingMs < thresholds.warnMs
          ? "warn"
          : "ok";
  return { level, remainingMs, deadlineAt };
}

/** The countdown of the most pressing note (earliest deadline), or null with nothing pending. */
export function earliestCountdown(
  deadlines: readonly Date[],
  now: Date,
  thresholds: DeadlineThresholds = DEFAULT_DEADLINE_THRESHOLDS,
): DeadlineCountdown | null {
  if (deadlines.length === 0) return null;
  const first = deadlines.reduce((a, b) => (b.getTime() < a.getTime() ? b : a));
  return deadlineCountdown(first, now, thresholds);
}

/** "3 h 05 min" / "atrasado há 20 min": the countdown as operators read it. */
export function formatRemainingPtBr(remainingMs: number): string {
  const abs = Math.abs(remainingMs);
  const totalMinutes = Math.floor(abs / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const text = hours > 0 ? `${hours} h ${String(minutes).padStart(2, "0")} min` : `${minutes} min`;
  return remainingMs < 0 ? `atrasado há ${text}` : text;
}
