// Civil date and time of the emitter's UF, computed from the instant and a fixed offset table
// (Brazil has no DST since 2019), never from the host TZ: a Pi left on UTC must still print the
// local day (field-notes c4: nfewizard's QR day was wrong from 21:00 to 24:00 on UTC hosts).
import ufTable from "./data/uf.json" with { type: "json" };

export interface UfInfo {
  /** IBGE code of the UF (cUF). */
  cUF: string;
  /** Civil UTC offset, "-03:00". */
  utcOffset: string;
}

const TABLE: Readonly<Record<string, UfInfo>> = ufTable;

export function ufInfo(uf: string): UfInfo {
  const info = TABLE[uf];
  if (!info) throw new RangeError(`unknown UF "${uf}"`);
  return info;
}

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset)!;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offset: string;
}

/** The wall-clock fields of `instant` in the UF (seconds truncated, as the XSD has no fraction). */
export function localDateTime(instant: Date, uf: string): LocalDateTime {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("invalid date");
  const { utcOffset } = ufInfo(uf);
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes(utcOffset) * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    offset: utcOffset,
  };
}

const two = (n: number): string => String(n).padStart(2, "0");

/** "2026-11-22T23:30:05-03:00" (XSD TDateTimeUTC) in the UF's civil offset, whatever the host TZ. */
export function formatLocalDateTime(instant: Date, uf: string): string {
  const t = localDateTime(instant, uf);
  if (t.year < 2000 || t.year > 2099) throw new RangeError(`date out of the XSD range: ${t.year}`);
  return `${t.year}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}:${two(t.second)}${t.offset}`;
}
