// The engine's background life: rounds only while the link is online and there is work; start()
// is idempotent; stop() waits for the round in flight. Timers are injected (no sleeps).
import { afterEach, describe, expect, it } from "vitest";
import { createSyncEngine, type RoundResult } from "../../../src/app/sync/sync-engine.js";
import { silentLogger } from "../../../src/log.js";
import type { Timers } from "../../../src/watchdog/link-watchdog.js";
import { HAS_SHARED } from "../../helpers/shared.js";
import { type SyncHarness, sale, startSyncHarness } from "./helpers/sync-harness.js";

/** Timers that fire only when the test says so. */
class ManualTimers implements Timers {
  pending = new Map<number, { fn: () => void; ms: number }>();
  private next = 1;
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): number[] {
    const due = [...this.pending.entries()];
    this.pending.clear();
    for (const [, t] of due) t.fn();
    return due.map(([, t]) => t.ms);
  }
}

describe.skipIf(!HAS_SHARED)("background sync", () => {
  let h: SyncHarness;
  afterEach(async () => {
    await h.close();
  });

  it("drains only while online, reports progress, and is idempotent to start and stop", async () => {
    h = await startSyncHarness();
    for (let i = 0; i < 3; i++) await h.core.pipeline.emit(sale(4000 + i), { offline: true });
    let online = false;
    const timers = new ManualTimers();
    const engine = createSyncEngine({ core: h.core, isOnline: () => online, log: silentLogger, timers });
    const progress: Array<{ done: number; total: number }> = [];
    const rounds: RoundResult[] = [];
    engine.on("progress", (p) => progress.push(p));
    engine.on("round", (r) => rounds.push(r));
    const roundDone = () => new Promise<RoundResult>((resolve) => engine.on("round", resolve));

    engine.start();
    engine.start();
    expect(timers.pending.size).toBe(1);
    timers.fireAll(); // offline: no round, only a later re-check
    await Promise.resolve();
    expect(rounds).toEqual([]);
    expect(engine.draining).toBe(false);
    expect(timers.pending.size).toBe(1);

    online = true;
    const done = roundDone();
    timers.fireAll();
    expect(engine.draining).toBe(true);
    const r = await done;
    expect(r).toMatchObject({ sent: 3, authorized: 3, pending: 0 });
    expect(progress[0]).toEqual({ done: 0, total: 3 });
    expect(progress.at(-1)).toEqual({ done: 3, total: 3 });
    await engine.stop();
    expect(engine.draining).toBe(false);
    expect(timers.pending.size).toBe(0);
    expect(h.core.journal.pendingNotes()).toEqual([]);
  });

  it("backs off after rounds that could not reach SEFAZ: 5 s, then 10 s", async () => {
    h = await startSyncHarness();
    await h.core.pipeline.emit(sale(4100), { offline: true });
    await h.setFault({ mode: "down" });
    const timers = new ManualTimers();
    const engine = createSyncEngine({ core: h.core, isOnline: () => true, log: silentLogger, timers });
    const delays: number[] = [];
    engine.start();
    for (let i = 0; i < 2; i++) {
      const done = new Promise((resolve) => engine.on("round", resolve));
      timers.fireAll();
      await done;
      await new Promise((r) => setImmediate(r)); // let the tick schedule its next timer
      delays.push(...[...timers.pending.values()].map((t) => t.ms));
      h.clock.advance(delays.at(-1)!); // the note's own back-off ends with the round's
    }
    expect(delays).toEqual([5_000, 10_000]);
    await engine.stop();
  });
});
