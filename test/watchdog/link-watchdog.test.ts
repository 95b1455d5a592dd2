// The scheduler shell: probes on a timer, backs off while failing, throttles the status service,
// reports changes (issue 5: link health with hysteresis; platform-notes §8).
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import type { LinkObservation, LinkState } from "../../src/watchdog/link-state.js";
import { createLinkWatchdog } from "../../src/watchdog/link-watchdog.js";
import { FakeTimers, settle } from "./fake-timers.js";

function setup(script: (call: number, includeStatus: boolean) => LinkObservation) {
  const clock = new ManualClock("2026-11-23T12:00:00Z");
  const timers = new FakeTimers(clock);
  const calls: Array<{ at: number; includeStatus: boolean }> = [];
  const changes: Array<[LinkState, LinkState]> = [];
  const t0 = clock.now().getTime();
  const watchdog = createLinkWatchdog({
    clock,
    timers,
    statusIntervalMs: 60_000,
    probe: async ({ includeStatus }) => {
      calls.push({ at: (clock.now().getTime() - t0) / 1000, includeStatus });
      return script(calls.length, includeStatus);
    },
    onChange: (s, p) => changes.push([s, p]),
  });
  return { clock, timers, calls, changes, watchdog };
}

const ok: LinkObservation = { type: "probe-ok" };
const down: LinkObservation = { type: "probe-failed", cause: "sefaz-down", detail: "ECONNREFUSED" };

describe("link watchdog shell", () => {
  it("probes every 15 s while healthy and runs the status service at most once a minute", async () => {
    const { timers, calls, watchdog, changes } = setup(() => ok);
    watchdog.start();
    await timers.advance(61_000);
    expect(calls.map((c) => c.at)).toEqual([0, 15, 30, 45, 60]);
    expect(calls.map((c) => c.includeStatus)).toEqual([true, false, false, false, true]);
    expect(changes).toEqual([]);
    watchdog.stop();
    await timers.advance(60_000);
    expect(calls).toHaveLength(5);
  });

  it("backs off exponentially while failing, goes offline on the 3rd failure and reports it once", async () => {
    const { timers, calls, watchdog, changes } = setup(() => down);
    watchdog.start();
    await timers.advance(200_000);
    // 0, +2, +4, +8, +16, +32, +60, +60 ...
    expect(calls.slice(0, 8).map((c) => c.at)).toEqual([0, 2, 6, 14, 30, 62, 122, 182]);
    expect(watchdog.state().status).toBe("offline");
    expect(watchdog.mode()).toEqual({ mode: "contingency", cause: "sefaz-down", manual: null });
    const modeChanges = changes.filter(([s, p]) => s.status !== p.status);
    expect(modeChanges).toHaveLength(1);
    // While offline every round asks the status service: recovery must be proven by SEFAZ itself.
    expect(calls.slice(3).every((c) => c.includeStatus)).toBe(true);
    watchdog.stop();
  });

  it("recovers only after successes spread over the recovery span and the dwell", async () => {
    const { timers, watchdog } = setup((n) => (n <= 3 ? down : ok));
    watchdog.start();
    await timers.advance(10_000);
    expect(watchdog.state().status).toBe("offline");
    const offlineSince = watchdog.state().since.getTime();
    await timers.advance(60_000);
    expect(watchdog.state().status).toBe("offline");
    await timers.advance(120_000);
    const s = watchdog.state();
    expect(s.status).toBe("online");
    expect(s.since.getTime() - offlineSince).toBeGreaterThanOrEqual(120_000);
    watchdog.stop();
  });

  it("an authorization timeout reported by a sale switches at once and starts recovery probing", async () => {
    const { timers, calls, watchdog, changes } = setup(() => ok);
    watchdog.start();
    await timers.advance(1_000);
    expect(calls).toHaveLength(1);
    const s = watchdog.observe({ type: "authorization-timeout" });
    expect(s.status).toBe("offline");
    expect(changes.at(-1)?.[0].cause).toBe("sefaz-slow");
    expect(timers.pending()[0]).toBeLessThanOrEqual(15_000);
    watchdog.stop();
  });

  it("probeNow joins a round already running instead of starting a second one", async () => {
    let release: (o: LinkObservation) => void = () => {};
    const clock = new ManualClock("2026-11-23T12:00:00Z");
    let count = 0;
    const watchdog = createLinkWatchdog({
      clock,
      timers: new FakeTimers(clock),
      probe: () => {
        count++;
        return new Promise((r) => {
          release = r;
        });
      },
    });
    const a = watchdog.probeNow();
    const b = watchdog.probeNow();
    release(down);
    await settle();
    expect(await a).toBe(await b);
    expect(count).toBe(1);
  });

  it("a crashing probe keeps the decision and retries at the slowest pace", async () => {
    const { timers, calls, watchdog } = setup(() => {
      throw new Error("bug");
    });
    watchdog.start();
    await timers.advance(61_000);
    expect(calls.map((c) => c.at)).toEqual([0, 60]);
    expect(watchdog.state().status).toBe("online");
    watchdog.stop();
  });
});
