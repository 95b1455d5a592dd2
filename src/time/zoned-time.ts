// Wall-clock time and civil dates in a named time zone (America/Sao_Paulo, a UF's zone) without a
// date library: Intl does the zone rules, so history (Brazil's DST until 2019) is handled the same
// way node-cron handles it, and never the host TZ: a Pi left on UTC would otherwise move
// late-evening sales to the next day (field-notes c4).

/** A calendar date as people in the store read it. month is 1-12. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

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

/** UTC offset of timeZone at instant in milliseconds, to the whole second the wall clock shows. */
export function offsetMsAt(instant: Date, timeZone: string): number {
  return asUtcMs(toLocalTime(instant, timeZone)) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** UTC offset of timeZone at instant, in minutes (-180 for Brasília time). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  return Math.round(offsetMsAt(instant, timeZone) / 60_000);
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = toLocalTime(instant, timeZone);
  return { year, month, day };
}

/** The instant at which date begins (00:00:00 local) in timeZone. */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const naive = Date.UTC(date.year, date.month - 1, date.day);
  // Two passes settle the offset even when it differs between UTC midnight and local midnight.
  let guess = naive - offsetMinutesAt(new Date(naive), timeZone) * 60_000;
  guess = naive - offsetMinutesAt(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** The calendar date `days` after (or before, if negative) the given one. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Day of the week of a calendar date, 0 = Sunday ... 6 = Saturday (cron numbering). */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function formatLocalDate(date: LocalDate): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.year}-${p(date.month)}-${p(date.day)}`;
}
