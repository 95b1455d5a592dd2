// The job table is data: check its shape and the rule behind the gap-voiding window.
import { describe, expect, it } from "vitest";
import { parseCronSchedule } from "../../src/scheduler/cron-schedule.js";
import { KIOSK_TIMEZONE } from "../../src/scheduler/job-scheduler.js";
import { KIOSK_JOB_NAMES, KIOSK_SCHEDULE, kioskJobs } from "../../src/scheduler/kiosk-schedule.js";

describe("kiosk schedule table", () => {
  it("has a valid expression, a retry delay and a purpose for every job", () => {
    expect(Object.keys(KIOSK_SCHEDULE).sort()).toEqual([...KIOSK_JOB_NAMES].sort());
    for (const timing of Object.values(KIOSK_SCHEDULE)) {
      expect(() => parseCronSchedule(timing.cron, KIOSK_TIMEZONE)).not.toThrow();
      expect(timing.retryDelayMs).toBeGreaterThan(0);
      expect(timing.purpose.length).toBeGreaterThan(10);
    }
  });

  it("voids gaps only on days 1 to 10, the legal window", () => {
    // [Aj. SINIEF 19/16 cl. 16] inutilização by the 10th day of the following month.
    const s = parseCronSchedule(KIOSK_SCHEDULE.voidGaps.cron, KIOSK_TIMEZONE);
    expect([...s.daysOfMonth].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("archives a month only after its gap-voiding window closed", () => {
    const s = parseCronSchedule(KIOSK_SCHEDULE.archiveMonths.cron, KIOSK_TIMEZONE);
    expect(Math.min(...s.daysOfMonth)).toBeGreaterThan(10);
  });

  it("schedules only the jobs given a function", () => {
    const jobs = kioskJobs({ backup: () => {}, walCheckpoint: () => {} });
    expect(jobs.map((j) => [j.name, j.cron])).toEqual([
      ["backup", KIOSK_SCHEDULE.backup.cron],
      ["walCheckpoint", KIOSK_SCHEDULE.walCheckpoint.cron],
    ]);
  });
});
