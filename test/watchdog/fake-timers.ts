// Timers driven by a ManualClock: advance() fires what is due, in order, and lets promises settle.
import type { ManualClock } from "../../src/clock.js";
import type { Timers } from "../../src/watchdog/link-watchdog.js";

export class FakeTimers implements Timers {
  private queue: Array<{ id: number; at: number; fn: () => void }> = [];
  private nextId = 1;
  constructor(private readonly clock: ManualClock) {}

  set(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.queue.push({ id, at: this.clock.now().getTime() + ms, fn });
    return id;
  }
  clear(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  pending(): number[] {
    const now = this.clock.now().getTime();
    return this.queue.map((t) => t.at - now).sort((a, b) => a - b);
  }
  async advance(ms: number): Promise<void> {
    const end = this.clock.now().getTime() + ms;
    for (;;) {
      await settle();
      const due = this.queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.clock.set(new Date(Math.max(due.at, this.clock.now().getTime())));
      due.fn();
    }
    this.clock.set(new Date(end));
    await settle();
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
