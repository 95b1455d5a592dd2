// Hysteresis of the link decision (platform-notes §8 "Hysteresis"; issue 5 "so it does not flap").
import { describe, expect, it } from "vitest";
import {
  DEFAULT_HYSTERESIS,
  effectiveMode,
  initialLinkState,
  type LinkObservation,
  type LinkState,
  nextLinkState,
  nextProbeDelayMs,
} from "../../src/watchdog/link-state.js";

const T0 = new Date("2026-11-23T12:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const ok: LinkObservation = { type: "probe-ok" };
const dnsFail: LinkObservation = { type: "probe-failed", cause: "internet", detail: "DNS" };

function run(steps: Array<[number, LinkObservation]>, start: LinkState = initialLinkState(T0)): LinkState {
  return steps.reduce((s, [t, o]) => nextLinkState(s, o, at(t)), start);
}

describe("going offline", () => {
  it("stays online through N-1 failures and keeps the cause, then goes offline on the Nth", () => {
    const two = run([
      [1, dnsFail],
      [2, dnsFail],
    ]);
    expect(two.status).toBe("online");
    expect(two.cause).toBe("internet");
    const three = nextLinkState(two, dnsFail, at(3));
    expect(three.status).toBe("offline");
    expect(three.cause).toBe("internet");
    expect(three.since).toEqual(at(3));
    expect(effectiveMode(three)).toEqual({ mode: "contingency", cause: "internet", manual: null });
  });

  it("a success in between resets the count (no flapping on isolated errors)", () => {
    const s = run([
      [1, dnsFail],
      [2, dnsFail],
      [3, ok],
      [4, dnsFail],
      [5, dnsFail],
    ]);
    expect(s.status).toBe("online");
    expect(s.failures).toBe(2);
  });

  it("one authorization timeout is enough, with cause sefaz-slow", () => {
    const s = run([[1, { type: "authorization-timeout" }]]);
    expect(s.status).toBe("offline");
    expect(s.cause).toBe("sefaz-slow");
  });

  it("an immediate failure (no carrier, SEFAZ paused) goes offline at once", () => {
    const s = run([[1, { type: "probe-failed", cause: "sefaz-paused", immediate: true }]]);
    expect(s.status).toBe("offline");
    expect(s.cause).toBe("sefaz-paused");
  });

  it("updates the shown cause while offline but keeps the episode start", () => {
    const s = run([
      [1, { type: "authorization-timeout" }],
      [5, { type: "probe-failed", cause: "lan", detail: "eth0 sem cabo" }],
    ]);
    expect(s.cause).toBe("lan");
    expect(s.detail).toBe("eth0 sem cabo");
    expect(s.since).toEqual(at(1));
  });
});

describe("coming back online", () => {
  const offline = run([[0, { type: "authorization-timeout" }]]);
  const { successesToOnline: M, recoverySpanMs, minDwellMs } = DEFAULT_HYSTERESIS;

  it("needs M successes spread over T and the minimum dwell", () => {
    // M successes 1 s apart: spread too short.
    const fast = run(
      Array.from({ length: M }, (_, i) => [minDwellMs / 1000 + i, ok] as [number, LinkObservation]),
      offline,
    );
    expect(fast.status).toBe("offline");
    expect(fast.recoveryCount).toBe(M);
    // One more success once the spread reaches T: online.
    const back = nextLinkState(fast, ok, at(minDwellMs / 1000 + recoverySpanMs / 1000));
    expect(back.status).toBe("online");
    expect(back.since).toEqual(at(minDwellMs / 1000 + recoverySpanMs / 1000));
    expect(effectiveMode(back).mode).toBe("online");
  });

  it("does not leave before the dwell even with M well-spread successes", () => {
    const spreadEarly = run(
      Array.from(
        { length: M },
        (_, i) => [1 + (i * recoverySpanMs) / 1000 / (M - 1), ok] as [number, LinkObservation],
      ),
      offline,
    );
    expect(spreadEarly.status).toBe("offline");
    const later = nextLinkState(spreadEarly, ok, at(minDwellMs / 1000));
    expect(later.status).toBe("online");
  });

  it("a failure during recovery starts the count over", () => {
    const s = run(
      [
        [200, ok],
        [215, ok],
        [230, ok],
        [245, dnsFail],
        [260, ok],
        [275, ok],
        [290, ok],
        [305, ok],
      ],
      offline,
    );
    expect(s.status).toBe("offline");
    expect(s.recoveryCount).toBe(4);
    expect(s.recoveryStartedAt).toEqual(at(260));
  });
});

describe("manual override (who and why) wins until released", () => {
  it("forces contingency while the link is fine, and release returns to automatic", () => {
    const s = run([[1, { type: "manual-enter", by: "maria", reason: "teste de contingência" }]]);
    expect(effectiveMode(s)).toMatchObject({ mode: "contingency", cause: "manual", manual: { by: "maria" } });
    const afterProbes = run(
      [
        [2, ok],
        [3, ok],
      ],
      s,
    );
    expect(effectiveMode(afterProbes).mode).toBe("contingency");
    const released = nextLinkState(afterProbes, { type: "manual-release", by: "maria" }, at(4));
    expect(effectiveMode(released)).toEqual({ mode: "online", cause: null, manual: null });
  });

  it("forces online while the automatic decision is offline", () => {
    const s = run([
      [1, { type: "probe-failed", cause: "sefaz-down", immediate: true }],
      [2, { type: "manual-exit", by: "joao", reason: "SEFAZ voltou" }],
      [3, dnsFail],
    ]);
    expect(s.status).toBe("offline");
    expect(effectiveMode(s)).toMatchObject({
      mode: "online",
      manual: { by: "joao", reason: "SEFAZ voltou" },
    });
  });

  it("an authorization timeout drops a manual 'online' (the customer never waits twice) but not a manual 'contingency'", () => {
    const forcedOnline = run([
      [1, { type: "manual-exit", by: "joao", reason: "x" }],
      [2, { type: "authorization-timeout" }],
    ]);
    expect(effectiveMode(forcedOnline).mode).toBe("contingency");
    const forcedOffline = run([
      [1, { type: "manual-enter", by: "ana", reason: "y" }],
      [2, { type: "authorization-timeout" }],
    ]);
    expect(effectiveMode(forcedOffline)).toMatchObject({ mode: "contingency", cause: "manual" });
  });
});

describe("probe scheduling", () => {
  it.each([
    [0, 15_000],
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [5, 32_000],
    [6, 60_000],
    [40, 60_000],
  ])("after %i consecutive failures waits %i ms", (failures, delay) => {
    expect(nextProbeDelayMs({ ...initialLinkState(T0), failures })).toBe(delay);
  });

  it("while recovering probes evenly so M successes can span T", () => {
    const recovering = { ...run([[0, { type: "authorization-timeout" }]]), failures: 0 };
    expect(nextProbeDelayMs(recovering)).toBe(15_000);
  });
});
