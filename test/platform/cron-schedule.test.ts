// Occurrences of cron expressions in America/Sao_Paulo, the basis of catch-up after a power-off.
import { describe, expect, it } from "vitest";
import { isKioskError } from "../../src/errors.js";
import { nextOccurrence, parseCronSchedule, previousOccurrence } from "../../src/scheduler/cron-schedule.js";
import { fromLocalTime, toLocalTime } from "../../src/time/zoned-time.js";

const TZ = "America/Sao_Paulo";
const iso = (d: Date | undefined) => d?.toISOString();

describe("zoned time", () => {
  it("reads São Paulo wall time at UTC-3 (no DST since 2019)", () => {
    expect(toLocalTime(new Date("2026-03-10T05:59:30Z"), TZ)).toEqual({
      year: 2026,
      month: 3,
      day: 10,
      hour: 2,
      minute: 59,
      second: 30,
    });
    expect(iso(fromLocalTime({ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, TZ))).toBe(
      "2026-01-01T03:00:00.000Z",
    );
  });

  it("knows that 2018-11-04 00:30 did not exist in São Paulo (DST started at midnight)", () => {
    expect(
      fromLocalTime({ year: 2018, month: 11, day: 4, hour: 0, minute: 30, second: 0 }, TZ),
    ).toBeUndefined();
    expect(iso(fromLocalTime({ year: 2018, month: 11, day: 4, hour: 1, minute: 0, second: 0 }, TZ))).toBe(
      "2018-11-04T03:00:00.000Z",
    );
  });
});

describe("cron occurrences", () => {
  const voidGaps = parseCronSchedule("30 3 1-10 * *", TZ);

  it("finds the last due run of a days-1-to-10 job after the window closed", () => {
    // Powered off on the 9th, back on the 11th: the last due run was the 10th at 03:30 local.
    expect(iso(previousOccurrence(voidGaps, new Date("2026-03-11T12:00:00Z")))).toBe(
      "2026-03-10T06:30:00.000Z",
    );
    expect(iso(nextOccurrence(voidGaps, new Date("2026-03-11T12:00:00Z")))).toBe("2026-04-01T06:30:00.000Z");
  });

  it("counts an occurrence exactly at the instant as due, and the next one strictly after", () => {
    const at = new Date("2026-03-05T06:30:00Z");
    expect(iso(previousOccurrence(voidGaps, at))).toBe(at.toISOString());
    expect(iso(nextOccurrence(voidGaps, at))).toBe("2026-03-06T06:30:00.000Z");
    expect(iso(previousOccurrence(voidGaps, new Date(at.getTime() - 1)))).toBe("2026-03-04T06:30:00.000Z");
  });

  it("crosses months and years backwards", () => {
    const monthly = parseCronSchedule("0 4 15 * *", TZ);
    expect(iso(previousOccurrence(monthly, new Date("2026-01-10T00:00:00Z")))).toBe(
      "2025-12-15T07:00:00.000Z",
    );
  });

  it("uses the local day, not the UTC day, near midnight", () => {
    const daily = parseCronSchedule("30 22 * * *", TZ); // 22:30 local = 01:30 UTC the next day
    expect(iso(previousOccurrence(daily, new Date("2026-03-11T00:00:00Z")))).toBe("2026-03-10T01:30:00.000Z");
    expect(iso(nextOccurrence(daily, new Date("2026-03-11T00:00:00Z")))).toBe("2026-03-11T01:30:00.000Z");
  });

  it("skips a wall time that a DST change removed", () => {
    const midnight = parseCronSchedule("0 0 * * *", TZ);
    expect(iso(nextOccurrence(midnight, new Date("2018-11-03T12:00:00Z")))).toBe("2018-11-05T02:00:00.000Z");
  });

  it("combines day of month and day of week with AND, as node-cron does", () => {
    const fridayThe13th = parseCronSchedule("0 12 13 * 5", TZ);
    expect(iso(nextOccurrence(fridayThe13th, new Date("2026-01-01T00:00:00Z")))).toBe(
      "2026-02-13T15:00:00.000Z",
    );
  });

  it("is fast for frequent expressions", () => {
    const everySecond = parseCronSchedule("* * * * * *", TZ);
    const started = performance.now();
    for (let i = 0; i < 50; i++) previousOccurrence(everySecond, new Date("2026-03-11T12:00:00.500Z"));
    expect(performance.now() - started).toBeLessThan(500);
    expect(iso(previousOccurrence(everySecond, new Date("2026-03-11T12:00:00.500Z")))).toBe(
      "2026-03-11T12:00:00.000Z",
    );
  });

  it("rejects invalid and unsupported expressions with a coded error", () => {
    for (const bad of ["61 * * * *", "not cron", "0 0 L * *"]) {
      let caught: unknown;
      try {
        parseCronSchedule(bad, TZ);
      } catch (err) {
        caught = err;
      }
      expect(isKioskError(caught) && caught.code).toBe("KIOSK_ERR_CONFIG_INVALID");
    }
    expect(() => parseCronSchedule("0 0 * * *", "America/Atlantida")).toThrow(RangeError);
  });
});
