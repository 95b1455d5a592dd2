// Wall-clock time in a named time zone (America/Sao_Paulo) without a date library: Intl does the
// zone rules, so history (Brazil's DST until 2019) is handled the same way node-cron handles it.

export interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in a time zone. Throws RangeError for an unknown zone. */
export function toLocalTime(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

function asUtcMs(t: LocalTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

function sameReading(a: LocalTime, b: LocalTime): boolean {
  return asUtcMs(a) === asUtcMs(b);
}

/**
 * The instant a wall-clock time denotes in a zone, or undefined when that time does not exist
 * (skipped by a DST change). An ambiguous time (DST end) gives its earlier instant.
 */
export function fromLocalTime(local: LocalTime, timeZone: string): Date | undefined {
  const guess = asUtcMs(local);
  const offsetAt = (ms: number) => asUtcMs(toLocalTime(new Date(ms), timeZone)) - ms;
  const candidates = [guess - offsetAt(guess)];
  candidates.push(guess - offsetAt(candidates[0]!));
  const valid = candidates.filter((ms) => sameReading(toLocalTime(new Date(ms), timeZone), local));
  return valid.length === 0 ? undefined : new Date(Math.min(...valid));
}

/** Day of the week of a calendar date, 0 = Sunday (cron numbering). */
export function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The calendar date `days` after (or before, if negative) the given one. */
export function addDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
