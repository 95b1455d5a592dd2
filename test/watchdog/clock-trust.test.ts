// Clock trust (nfce-reference §7 "Raspberry Pi": refuse to issue with an unknown time; interfaces.md
// clock.trust; issue 5 "never with a time earlier than the journal's newest; record the clock's source").
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, KioskError } from "../../src/errors.js";
import { assessClock, detectClockSource, trustedNow } from "../../src/watchdog/clock-trust.js";
import type { CommandRunner } from "../../src/watchdog/command-runner.js";

function root(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "watchdog-clock-"));
  for (const f of files) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), "");
  }
  return dir;
}
const timedatectl = (answer: string, code = 0): CommandRunner & { calls: string[][] } => {
  const calls: string[][] = [];
  const run = (async (command: string, args: readonly string[]) => {
    calls.push([command, ...args]);
    return { code, stdout: `${answer}\n`, stderr: "" };
  }) as CommandRunner & { calls: string[][] };
  run.calls = calls;
  return run;
};

describe("detectClockSource", () => {
  it.each([
    ["timesyncd flag file", ["run/systemd/timesync/synchronized"], undefined, "ntp"],
    ["timedatectl says yes (chrony, ntpd)", [], timedatectl("yes"), "ntp"],
    ["timedatectl says no, RTC device present", ["dev/rtc0"], timedatectl("no"), "rtc"],
    ["RTC in sysfs only", ["sys/class/rtc/rtc0"], undefined, "rtc"],
    ["nothing: a Pi without network and without RTC", [], timedatectl("no"), "none"],
    ["timedatectl missing", [], timedatectl("", null as unknown as number), "none"],
  ] as const)("%s -> %s", async (_name, files, run, source) => {
    expect(await detectClockSource(root([...files]), run)).toBe(source);
  });

  it("answers from the flag file without thread-pool work (it runs before every sale)", async () => {
    // docs/bench.md: fs.promises here cost a sale 0.1 ms at p50 and up to 10 ms in the tail. Settling
    // before an immediate queued first proves no I/O callback was awaited.
    const flagged = root(["run/systemd/timesync/synchronized"]);
    let immediateRan = false;
    setImmediate(() => {
      immediateRan = true;
    });
    expect(await detectClockSource(flagged, timedatectl("no"))).toBe("ntp");
    expect(immediateRan).toBe(false);
  });

  it("asks timedatectl for exactly the NTPSynchronized property", async () => {
    const run = timedatectl("no");
    await detectClockSource(root([]), run);
    expect(run.calls).toEqual([["timedatectl", "show", "-p", "NTPSynchronized", "--value"]]);
  });
});

describe("assessClock / trustedNow", () => {
  const now = new Date("2026-11-23T15:00:00Z");
  const earlier = new Date("2026-11-23T14:59:00Z");
  const later = new Date("2026-11-23T15:00:01Z");

  it("trusts NTP and returns the time with its source", async () => {
    const r = await trustedNow({
      root: root(["run/systemd/timesync/synchronized"]),
      trust: "system",
      now,
      journalNewest: earlier,
    });
    expect(r).toEqual({ now, source: "ntp" });
  });

  it("accepts a time equal to the journal's newest, refuses one before it", async () => {
    const base = { root: root(["dev/rtc0"]), trust: "system" as const, now };
    expect((await assessClock({ ...base, journalNewest: now })).trusted).toBe(true);
    const behind = await assessClock({ ...base, journalNewest: later });
    expect(behind).toMatchObject({ trusted: false, problem: "behind-journal", source: "rtc" });
  });

  it("refuses with KIOSK_ERR_CLOCK_UNTRUSTED (exit 3) and a pt-BR operator message", async () => {
    const err = await trustedNow({ root: root([]), trust: "system", now, journalNewest: null }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(KioskError);
    expect(err.code).toBe("KIOSK_ERR_CLOCK_UNTRUSTED");
    expect(ERROR_CODES[err.code as "KIOSK_ERR_CLOCK_UNTRUSTED"]).toBe(3);
    expect(err.operatorMessage).toMatch(/Relógio não sincronizado/);
  });

  it("trust 'always' skips the synchronization check but keeps the journal floor", async () => {
    const ok = await trustedNow({ root: root([]), trust: "always", now, journalNewest: earlier });
    expect(ok.source).toBe("trusted-config");
    const err = await trustedNow({ root: root([]), trust: "always", now, journalNewest: later }).catch(
      (e) => e,
    );
    expect(err.code).toBe("KIOSK_ERR_CLOCK_BEHIND_JOURNAL");
    expect(err.exitStatus).toBe(3);
    expect(err.operatorMessage).toMatch(/antes da última nota registrada/);
    expect(err.message).toContain(later.toISOString());
  });
});
