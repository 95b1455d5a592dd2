// Refusal before a number is reserved (exit 3): the disk. Clock and contingency limits are tested in
// test/watchdog (clock-trust, contingency-model), whose functions the emission uses.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KioskError } from "../../src/errors.js";
import { checkDiskSpace, freeBytes } from "../../src/journal/safety-checks.js";
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

describe("safety checks", () => {
  it("disk: refuses with KIOSK_ERR_DISK_FULL (exit 3) below the margin, reading the real filesystem otherwise", () => {
    expect(freeBytes(t.dataDir)).toBeGreaterThan(0);
    expect(() => checkDiskSpace(t.dataDir, 1)).not.toThrow();
    const tiny = () => ({ bavail: 10, bsize: 4096 });
    const e = refusal(() => checkDiskSpace(t.dataDir, 64 * 1024 * 1024, tiny));
    expect([e.code, e.exitStatus]).toEqual(["KIOSK_ERR_DISK_FULL", 3]);
    expect(e.operatorMessage).toMatch(/Disco/);
  });
});
