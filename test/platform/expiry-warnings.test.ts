// Certificate/CSC expiry warnings: once per threshold (30/15/7 days, then expired), not every day,
// including when the kiosk was off while a threshold passed.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { ManualCronTrigger } from "../../src/scheduler/cron-trigger.js";
import {
  createExpiryWarningJob,
  type ExpiringItem,
  type ExpiryWarning,
  expiryWarningDue,
  reachedThreshold,
} from "../../src/scheduler/expiry-warnings.js";
import { JobScheduler } from "../../src/scheduler/job-scheduler.js";
import { kioskJobs } from "../../src/scheduler/kiosk-schedule.js";
import { MemoryScheduleStore } from "../../src/scheduler/schedule-store.js";

const DAY = 86_400_000;
const EXPIRES = new Date("2026-06-30T15:00:00Z");

describe("thresholds", () => {
  it("picks the most urgent threshold reached", () => {
    expect(reachedThreshold(EXPIRES, new Date(EXPIRES.getTime() - 31 * DAY))).toBeUndefined();
    expect(reachedThreshold(EXPIRES, new Date(EXPIRES.getTime() - 30 * DAY))).toBe(30);
    expect(reachedThreshold(EXPIRES, new Date(EXPIRES.getTime() - 8 * DAY))).toBe(15);
    expect(reachedThreshold(EXPIRES, new Date(EXPIRES.getTime() - 7 * DAY))).toBe(7);
    expect(reachedThreshold(EXPIRES, EXPIRES)).toBe(0);
  });

  it("says nothing twice for the same crossing", () => {
    const item = { subject: "certificate", expiresAt: EXPIRES };
    const now = new Date(EXPIRES.getTime() - 20 * DAY);
    const first = expiryWarningDue(item, now, undefined);
    expect(first?.warning).toEqual({
      subject: "certificate",
      expiresAt: EXPIRES.toISOString(),
      daysLeft: 20,
      thresholdDays: 30,
    });
    expect(expiryWarningDue(item, new Date(now.getTime() + DAY), first!.crossing)).toBeUndefined();
  });
});

describe("the daily expiry job under the scheduler", () => {
  function kiosk(items: () => ExpiringItem[], start: Date) {
    const store = new MemoryScheduleStore();
    const warnings: Array<ExpiryWarning & { at: string }> = [];
    const clock = new ManualClock(start);
    const expiryWarnings = createExpiryWarningJob({
      items,
      store,
      warn: (w) => void warnings.push({ ...w, at: clock.now().toISOString() }),
    });
    const scheduler = new JobScheduler({
      jobs: kioskJobs({ expiryWarnings }),
      store,
      clock,
      trigger: new ManualCronTrigger(),
    });
    return { store, warnings, clock, scheduler };
  }

  it("warns at 30, 15 and 7 days and at expiry, once each, over 45 days of daily runs", async () => {
    const { warnings, clock, scheduler } = kiosk(
      () => [{ subject: "certificate", expiresAt: EXPIRES }],
      new Date(EXPIRES.getTime() - 40 * DAY),
    );
    await scheduler.start();
    for (let day = 0; day < 45 * 24; day++) {
      clock.advance(3_600_000); // hourly wake-ups: the job itself runs daily at 09:00
      await scheduler.runDue();
    }
    expect(warnings.map((w) => w.thresholdDays)).toEqual([30, 15, 7, 0]);
    expect(warnings.map((w) => w.at)).toEqual([
      "2026-06-01T12:00:00.000Z", // first 09:00 local run after the 30-day mark (05-31 15:00Z)
      "2026-06-16T12:00:00.000Z",
      "2026-06-24T12:00:00.000Z",
      "2026-07-01T12:00:00.000Z",
    ]);
  });

  it("gives one warning, the current one, after being off while thresholds passed", async () => {
    const item = () => [{ subject: "csc", expiresAt: EXPIRES }];
    const { warnings, clock, scheduler, store } = kiosk(item, new Date(EXPIRES.getTime() - 40 * DAY));
    await scheduler.start();
    expect(warnings).toEqual([]);
    scheduler.stop();
    // Off for 30 days: back with 10 days left; the 30-day warning is skipped, the 15-day one given.
    clock.set(new Date(EXPIRES.getTime() - 10 * DAY));
    const again = new JobScheduler({
      jobs: kioskJobs({
        expiryWarnings: createExpiryWarningJob({
          items: item,
          store,
          warn: (w) => void warnings.push({ ...w, at: "" }),
        }),
      }),
      store,
      clock,
      trigger: new ManualCronTrigger(),
    });
    await again.start();
    expect(warnings.map((w) => [w.subject, w.thresholdDays, w.daysLeft])).toEqual([["csc", 15, 10]]);
  });

  it("starts over after a renewal and repeats a warning that could not be delivered", async () => {
    let expiresAt = EXPIRES;
    let deliver = false;
    const store = new MemoryScheduleStore();
    const warned: number[] = [];
    const run = createExpiryWarningJob({
      items: () => [{ subject: "certificate", expiresAt }],
      store,
      warn: (w) => {
        if (!deliver) throw new Error("console unplugged");
        warned.push(w.thresholdDays);
      },
    });
    const ctx = (at: Date) => ({
      name: "expiryWarnings",
      scheduledAt: at,
      startedAt: at,
      late: false,
      lastRunAt: undefined,
    });
    const day5 = new Date(EXPIRES.getTime() - 5 * DAY);
    await expect(run(ctx(day5))).rejects.toThrow("console unplugged");
    deliver = true;
    await run(ctx(day5));
    await run(ctx(new Date(day5.getTime() + DAY)));
    expect(warned).toEqual([7]);
    expiresAt = new Date(EXPIRES.getTime() + 365 * DAY); // renewed certificate installed
    await run(ctx(new Date(expiresAt.getTime() - 29 * DAY)));
    expect(warned).toEqual([7, 30]);
  });
});
