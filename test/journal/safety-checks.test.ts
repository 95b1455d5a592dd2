// Refusals before a number is reserved (exit 3): disk, clock floor, clock trust, contingency limits.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KioskError } from "../../src/errors.js";
import {
  checkBeforeEmission,
  checkClockFloor,
  checkClockTrusted,
  checkContingencyLimits,
  checkDiskSpace,
  contingencyUsage,
  freeBytes,
} from "../../src/journal/safety-checks.js";
import { fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal;
beforeEach(() => {
  t = tempJournal();
});
afterEach(() => t.cleanup());

function refusal(fn: () => unknown): KioskError {
  try {
    fn();
  } catch (e) {
    return e as KioskError;
  }
  throw new Error("expected a refusal");
}

const limits = { maxOfflineNotes: 3, maxOfflineHours: 24, warnAtFraction: 0.6 };

describe("checkBeforeEmission", () => {
  const config = (dataDir: string) => ({
    dataDir,
    clock: { trust: "system" as const },
    contingency: limits,
    journal: { minFreeMb: 64 },
  });
  const roomy = () => ({ bavail: 1e6, bsize: 4096 });

  it("checks clock trust, clock floor, disk, and contingency only for offline notes", () => {
    const j = t.journal;
    for (let i = 1; i <= 3; i++) j.insertNote(fakeNote(1, i, 9), "test");
    const now = new Date("2026-11-22T13:00:00Z");
    const ok = { clockTrusted: () => true, statfs: roomy };
    expect(checkBeforeEmission(j, config(t.dataDir), now, false, ok)).toBeUndefined();
    expect(refusal(() => checkBeforeEmission(j, config(t.dataDir), now, true, ok)).code).toBe(
      "KIOSK_ERR_CONTINGENCY_LIMIT",
    );
    expect(
      refusal(() =>
        checkBeforeEmission(j, config(t.dataDir), now, false, { ...ok, clockTrusted: () => false }),
      ).code,
    ).toBe("KIOSK_ERR_CLOCK_UNTRUSTED");
    expect(
      refusal(() => checkBeforeEmission(j, config(t.dataDir), new Date("2026-11-22T12:00:00Z"), false, ok))
        .code,
    ).toBe("KIOSK_ERR_CLOCK_BEHIND_JOURNAL");
    const full = { ...ok, statfs: () => ({ bavail: 1, bsize: 4096 }) };
    expect(refusal(() => checkBeforeEmission(j, config(t.dataDir), now, false, full)).code).toBe(
      "KIOSK_ERR_DISK_FULL",
    );
  });
});

describe("safety checks", () => {
  it("disk: refuses with KIOSK_ERR_DISK_FULL (exit 3) below the margin, reading the real filesystem otherwise", () => {
    expect(freeBytes(t.dataDir)).toBeGreaterThan(0);
    expect(() => checkDiskSpace(t.dataDir, 1)).not.toThrow();
    const tiny = () => ({ bavail: 10, bsize: 4096 });
    const e = refusal(() => checkDiskSpace(t.dataDir, 64 * 1024 * 1024, tiny));
    expect([e.code, e.exitStatus]).toEqual(["KIOSK_ERR_DISK_FULL", 3]);
    expect(e.operatorMessage).toMatch(/Disco/);
  });

  it("clock floor: never emit earlier than the newest time in the journal", () => {
    t.journal.insertNote(fakeNote(1, 1, 9, { dhEmi: "2026-11-22T10:30:00-03:00" }), "test");
    const floor = t.journal.newestTime();
    expect(() => checkClockFloor(new Date("2026-11-22T13:30:00Z"), floor)).not.toThrow();
    const e = refusal(() => checkClockFloor(new Date("2026-11-22T13:29:59Z"), floor));
    expect([e.code, e.exitStatus]).toEqual(["KIOSK_ERR_CLOCK_BEHIND_JOURNAL", 3]);
    expect(() => checkClockFloor(new Date(0), undefined)).not.toThrow();
  });

  it("clock trust: 'system' needs a synchronized clock or an RTC, 'always' skips the check", () => {
    expect(refusal(() => checkClockTrusted("system", () => false)).code).toBe("KIOSK_ERR_CLOCK_UNTRUSTED");
    expect(() => checkClockTrusted("system", () => true)).not.toThrow();
    expect(() => checkClockTrusted("always", () => false)).not.toThrow();
  });

  it("contingency: counts offline notes not yet authorized and hours since the oldest", () => {
    const j = t.journal;
    j.insertNote(fakeNote(1, 1, 9, { dhEmi: "2026-11-22T08:00:00-03:00" }), "test");
    j.insertNote(fakeNote(1, 2, 1), "test"); // online: not counted
    j.insertNote(fakeNote(1, 3, 9), "test");
    const now = new Date("2026-11-22T13:00:00Z"); // 2 h after the oldest
    expect(contingencyUsage(j, limits, now)).toEqual({
      offlineNotes: 2,
      oldestOfflineAt: "2026-11-22T11:00:00.000Z",
      hoursOffline: 2,
      warn: true,
    });
    expect(() => checkContingencyLimits(j, limits, now)).not.toThrow();
    j.insertNote(fakeNote(1, 4, 9), "test");
    const e = refusal(() => checkContingencyLimits(j, limits, now));
    expect([e.code, e.exitStatus]).toEqual(["KIOSK_ERR_CONTINGENCY_LIMIT", 3]);
    // The refusal recorded nothing and lost nothing.
    expect(j.listNotes()).toHaveLength(4);
    expect(
      refusal(() =>
        checkContingencyLimits(j, { ...limits, maxOfflineNotes: 99 }, new Date("2026-11-23T11:00:01Z")),
      ).code,
    ).toBe("KIOSK_ERR_CONTINGENCY_LIMIT");
  });
});
