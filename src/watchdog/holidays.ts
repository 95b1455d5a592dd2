// National holidays as data (data/holidays.json): fixed dates and Easter-based ones. Each entry
// says whether it is a non-business day for the transmission deadline, and why.

import { addDays, formatLocalDate, type LocalDate } from "../time/zoned-time.js";
import holidayData from "./data/holidays.json" with { type: "json" };

export type HolidayRule =
  | {
      id: string;
      name: string;
      kind: "fixed";
      month: number;
      day: number;
      nonBusiness: boolean;
      sinceYear?: number;
      basis: string;
    }
  | {
      id: string;
      name: string;
      kind: "easter";
      offsetDays: number;
      nonBusiness: boolean;
      sinceYear?: number;
      basis: string;
    };

export interface Holiday {
  id: string;
  name: string;
  date: LocalDate;
  nonBusiness: boolean;
}

export const NATIONAL_HOLIDAYS: readonly HolidayRule[] = holidayData.holidays as HolidayRule[];

/** Easter Sunday (Gregorian calendar; anonymous algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

export function holidaysOf(year: number, rules: readonly HolidayRule[] = NATIONAL_HOLIDAYS): Holiday[] {
  const easter = easterSunday(year);
  const out: Holiday[] = [];
  for (const rule of rules) {
    if (rule.sinceYear !== undefined && year < rule.sinceYear) continue;
    const date =
      rule.kind === "fixed" ? { year, month: rule.month, day: rule.day } : addDays(easter, rule.offsetDays);
    out.push({ id: rule.id, name: rule.name, date, nonBusiness: rule.nonBusiness });
  }
  return out.sort((x, y) => formatLocalDate(x.date).localeCompare(formatLocalDate(y.date)));
}
