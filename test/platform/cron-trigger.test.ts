// The real binding: node-cron fires in São Paulo wall time. Driven by fake timers (node-cron uses
// setTimeout and Date), so the test takes no real time.
import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/log.js";
import { nodeCronTrigger } from "../../src/scheduler/cron-trigger.js";

describe("node-cron trigger", () => {
  afterEach(() => vi.useRealTimers());

  it("ticks at 03:30 America/Sao_Paulo (06:30 UTC) and not after stop", async () => {
    vi.useFakeTimers({ now: new Date("2026-03-10T06:29:00Z") });
    const ticks: string[] = [];
    const armed = nodeCronTrigger(silentLogger).arm("30 3 * * *", "America/Sao_Paulo", "voidGaps", () =>
      ticks.push(new Date().toISOString()),
    );
    await vi.advanceTimersByTimeAsync(59_000);
    expect(ticks).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ticks).toHaveLength(1);
    expect(ticks[0]).toMatch(/^2026-03-10T06:30:0/);
    armed.stop();
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(ticks).toHaveLength(1);
  });
});
