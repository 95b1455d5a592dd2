// Invariants over many generated inputs (fast-check): deadlines land on the end of a business day
// after the emission ([A4] §2), and the link machine never flaps faster than its hysteresis allows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, localDateOf } from "../../src/time/zoned-time.js";
import { isBusinessDay, timeZoneOfUf, transmissionDeadline } from "../../src/watchdog/deadline.js";
import {
  DEFAULT_HYSTERESIS,
  initialLinkState,
  type LinkObservation,
  nextLinkState,
} from "../../src/watchdog/link-state.js";

const UFS = ["SP", "AC", "AM", "RS", "BA", "MT"];

describe("transmissionDeadline properties", () => {
  it("is the last millisecond of the first business day after the emission date", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2024-01-01T00:00:00Z"),
          max: new Date("2030-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom(...UFS),
        (emitted, uf) => {
          const tz = timeZoneOfUf(uf);
          const deadline = transmissionDeadline(emitted, uf);
          const day = localDateOf(deadline, tz);
          const emittedDay = localDateOf(emitted, tz);
          expect(deadline.getTime()).toBeGreaterThan(emitted.getTime());
          expect(isBusinessDay(day, uf)).toBe(true);
          // One millisecond later is the next local day.
          expect(localDateOf(new Date(deadline.getTime() + 1), tz)).toEqual(addDays(day, 1));
          // No business day in between.
          for (
            let d = addDays(emittedDay, 1);
            d.year * 10000 + d.month * 100 + d.day < day.year * 10000 + day.month * 100 + day.day;
            d = addDays(d, 1)
          ) {
            expect(isBusinessDay(d, uf)).toBe(false);
          }
          // Never more than a long weekend away (Carnival does not count; Christmas + weekend is the worst).
          expect(deadline.getTime() - emitted.getTime()).toBeLessThan(6 * 24 * 3_600_000);
        },
      ),
      { numRuns: 400, seed: 20261123 },
    );
  });
});

describe("link state machine properties", () => {
  const observation = fc.oneof(
    fc.constant<LinkObservation>({ type: "probe-ok" }),
    fc.constantFrom<LinkObservation>(
      { type: "probe-failed", cause: "internet" },
      { type: "probe-failed", cause: "sefaz-down" },
      { type: "probe-failed", cause: "lan", immediate: true },
      { type: "authorization-timeout" },
    ),
  );

  it("goes back online only after the dwell, M successes over T, and never with a failure last", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(observation, fc.integer({ min: 1, max: 40_000 })), { maxLength: 80 }),
        (steps) => {
          let t = Date.parse("2026-11-23T12:00:00Z");
          let s = initialLinkState(new Date(t));
          const history: Array<{ t: number; ok: boolean }> = [];
          for (const [obs, gap] of steps) {
            t += gap;
            const before = s;
            s = nextLinkState(s, obs, new Date(t));
            history.push({ t, ok: obs.type === "probe-ok" });
            if (before.status === "offline" && s.status === "online") {
              expect(obs.type).toBe("probe-ok");
              expect(t - before.since.getTime()).toBeGreaterThanOrEqual(DEFAULT_HYSTERESIS.minDwellMs);
              const tail: Array<{ t: number; ok: boolean }> = [];
              for (let i = history.length - 1; i >= 0 && history[i]!.ok; i--) tail.unshift(history[i]!);
              expect(tail.length).toBeGreaterThanOrEqual(DEFAULT_HYSTERESIS.successesToOnline);
              expect(t - tail[0]!.t).toBeGreaterThanOrEqual(DEFAULT_HYSTERESIS.recoverySpanMs);
            }
            if (before.status === "online" && s.status === "offline") {
              expect(obs.type).not.toBe("probe-ok");
              expect(s.cause).not.toBeNull();
            }
          }
        },
      ),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
