// The scheduler with an injected clock: on-time runs, catch-up after the Pi was off, failures,
// deferrals and the clock-trust gate. Triggers are fired by hand; decisions come from the clock.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { ManualCronTrigger } from "../../src/scheduler/cron-trigger.js";
import { type JobContext, type JobDefinition, JobScheduler } from "../../src/scheduler/job-scheduler.js";
import { kioskJobs } from "../../src/scheduler/kiosk-schedule.js";
import { MemoryScheduleStore } from "../../src/scheduler/schedule-store.js";

const MINUTE = 60_000;

function setup(jobs: JobDefinition[], start: string, store = new MemoryScheduleStore()) {
  const clock = new ManualClock(start);
  const trigger = new ManualCronTrigger();
  const scheduler = new JobScheduler({ jobs, store, clock, trigger });
  return { clock, trigger, scheduler, store };
}

/** A job function that records the context of every run. */
function recorder() {
  const runs: JobContext[] = [];
  return { runs, run: (ctx: JobContext) => void runs.push(ctx) };
}

describe("catch-up after a power-off", () => {
  it("runs the gap-voiding job at start when the kiosk was off across the 9th to the 11th", async () => {
    // [Aj. SINIEF 19/16 cl. 16] inutilização by the 10th of the following month (nfce-reference.md).
    const store = new MemoryScheduleStore();
    const voidGaps = recorder();
    const backup = recorder();
    const jobs = kioskJobs({ voidGaps: voidGaps.run, backup: backup.run });

    // Running normally on the 9th: the 03:30 run happens on time.
    const before = setup(jobs, "2026-03-09T06:00:00Z", store); // 03:00 local
    await before.scheduler.start();
    voidGaps.runs.length = 0;
    backup.runs.length = 0;
    before.clock.set("2026-03-09T06:30:00Z");
    before.trigger.fire();
    await before.scheduler.runDue();
    expect(voidGaps.runs.map((r) => r.late)).toEqual([false]);
    before.scheduler.stop(); // power cut at 04:00 local on the 9th

    // Back on the 11th at 09:00 local: the 10th's run was missed and is caught up at start.
    const after = setup(jobs, "2026-03-11T12:00:00Z", store);
    const reports = await after.scheduler.start();
    expect(voidGaps.runs).toHaveLength(2);
    expect(voidGaps.runs[1]).toMatchObject({ late: true });
    expect(voidGaps.runs[1]!.scheduledAt.toISOString()).toBe("2026-03-10T06:30:00.000Z");
    expect(voidGaps.runs[1]!.lastRunAt?.toISOString()).toBe("2026-03-09T06:30:00.000Z");
    expect(reports.map((r) => `${r.name}:${r.outcome}`)).toEqual(["backup:ok", "voidGaps:ok"]);

    // It does not run again later that day, nor on the 12th (outside days 1-10), but on April 1st.
    for (const t of ["2026-03-11T15:00:00Z", "2026-03-12T06:30:00Z", "2026-03-31T23:00:00Z"]) {
      after.clock.set(t);
      await after.scheduler.runDue();
    }
    expect(voidGaps.runs).toHaveLength(2);
    after.clock.set("2026-04-01T06:30:00Z");
    await after.scheduler.runDue();
    expect(voidGaps.runs).toHaveLength(3);
    expect(voidGaps.runs[2]!.late).toBe(false);
  });

  it("runs a missed job once at start, however many runs were missed", async () => {
    const daily = recorder();
    const store = new MemoryScheduleStore();
    store.set("backup", "2026-03-01T05:30:00.000Z");
    const { scheduler } = setup(
      [{ name: "backup", cron: "30 2 * * *", run: daily.run }],
      "2026-03-20T12:00:00Z",
      store,
    );
    await scheduler.start();
    expect(daily.runs).toHaveLength(1);
    expect(daily.runs[0]!.scheduledAt.toISOString()).toBe("2026-03-20T05:30:00.000Z");
    expect(store.get("backup")).toBe("2026-03-20T12:00:00.000Z");
  });

  it("runs a job that never ran at start, then only at its next time", async () => {
    const job = recorder();
    const { scheduler, clock } = setup(
      [{ name: "archive", cron: "0 4 15 * *", run: job.run }],
      "2026-03-20T12:00:00Z",
    );
    await scheduler.start();
    expect(job.runs).toHaveLength(1);
    clock.set("2026-04-15T06:59:59Z");
    await scheduler.runDue();
    expect(job.runs).toHaveLength(1);
    clock.set("2026-04-15T07:00:00Z");
    await scheduler.runDue();
    expect(job.runs).toHaveLength(2);
  });

  it("does not trust a last run recorded far in the future (a bogus clock wrote it)", async () => {
    const job = recorder();
    const store = new MemoryScheduleStore();
    store.set("backup", "2031-01-01T00:00:00.000Z");
    const { scheduler } = setup(
      [{ name: "backup", cron: "30 2 * * *", run: job.run }],
      "2026-03-20T12:00:00Z",
      store,
    );
    await scheduler.start();
    expect(job.runs).toHaveLength(1);
    expect(store.get("backup")).toBe("2026-03-20T12:00:00.000Z");
  });

  it("treats an unreadable stored value as never run", async () => {
    const job = recorder();
    const store = new MemoryScheduleStore();
    store.set("backup", "garbage");
    const { scheduler } = setup(
      [{ name: "backup", cron: "30 2 * * *", run: job.run }],
      "2026-03-20T12:00:00Z",
      store,
    );
    await scheduler.start();
    expect(job.runs).toHaveLength(1);
  });
});

describe("on-time runs", () => {
  it("runs once per occurrence however often it is woken up", async () => {
    const job = recorder();
    const { scheduler, clock, trigger } = setup(
      [{ name: "walCheckpoint", cron: "*/15 * * * *", run: job.run }],
      "2026-03-20T12:00:00Z",
    );
    await scheduler.start();
    for (let i = 0; i < 10; i++) {
      clock.advance(MINUTE);
      trigger.fire();
      await scheduler.runDue();
    }
    expect(job.runs).toHaveLength(1); // 12:00 at start; 12:15 not reached yet
    clock.set("2026-03-20T12:15:00Z");
    trigger.fire();
    trigger.fire();
    await scheduler.runDue();
    expect(job.runs).toHaveLength(2);
  });

  it("shares one pass between concurrent wake-ups: a slow job is not run twice", async () => {
    let release!: () => void;
    let runs = 0;
    const slow: JobDefinition = {
      name: "backup",
      cron: "30 2 * * *",
      run: () => {
        runs++;
        return new Promise<undefined>((resolve) => {
          release = () => resolve(undefined);
        });
      },
    };
    const { scheduler } = setup([slow], "2026-03-20T12:00:00Z");
    const first = scheduler.start();
    const second = scheduler.runDue();
    await new Promise((r) => setImmediate(r));
    release();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
  });

  it("arms one trigger per job plus the sweep, and disarms them on stop", async () => {
    const { scheduler, trigger } = setup(
      kioskJobs({ backup: () => {}, walCheckpoint: () => {} }),
      "2026-03-20T12:00:00Z",
    );
    await scheduler.start();
    await scheduler.start(); // idempotent
    expect(trigger.armedNames.sort()).toEqual(["backup", "sweep", "walCheckpoint"]);
    scheduler.stop();
    expect(trigger.armedNames).toEqual([]);
  });

  it("reports last and next runs", async () => {
    const { scheduler } = setup(
      [{ name: "backup", cron: "30 2 * * *", run: () => {} }],
      "2026-03-20T12:00:00Z",
    );
    await scheduler.start();
    expect(scheduler.status()).toEqual([
      {
        name: "backup",
        cron: "30 2 * * *",
        lastRunAt: "2026-03-20T12:00:00.000Z",
        nextRunAt: "2026-03-21T05:30:00.000Z",
        lastError: undefined,
      },
    ]);
  });
});

describe("manual runs (technician console)", () => {
  it("runs a job now even when it is not due, and records it", async () => {
    const job = recorder();
    const { scheduler, store, clock } = setup(
      [{ name: "backup", cron: "30 2 * * *", run: job.run }],
      "2026-03-20T12:00:00Z",
    );
    await scheduler.start();
    clock.advance(60_000);
    expect(await scheduler.runNow("backup")).toMatchObject({ name: "backup", outcome: "ok", late: false });
    expect(job.runs).toHaveLength(2);
    expect(store.get("backup")).toBe("2026-03-20T12:01:00.000Z");
  });

  it("waits for a scheduled pass in progress instead of overlapping it", async () => {
    const order: string[] = [];
    let release!: () => void;
    const { scheduler } = setup(
      [
        {
          name: "backup",
          cron: "30 2 * * *",
          run: () =>
            new Promise<undefined>((resolve) => {
              order.push("backup:start");
              release = () => {
                order.push("backup:end");
                resolve(undefined);
              };
            }),
        },
        { name: "walCheckpoint", cron: "*/15 * * * *", run: () => void order.push("checkpoint") },
      ],
      "2026-03-20T12:00:00Z",
    );
    const pass = scheduler.start();
    const manual = scheduler.runNow("walCheckpoint");
    await new Promise((r) => setImmediate(r));
    release();
    await Promise.all([pass, manual]);
    expect(order).toEqual(["backup:start", "backup:end", "checkpoint", "checkpoint"]);
  });

  it("refuses an unknown job with a coded error", async () => {
    const { scheduler } = setup([], "2026-03-20T12:00:00Z");
    await expect(scheduler.runNow("defrag")).rejects.toMatchObject({ code: "KIOSK_ERR_NOT_FOUND" });
  });
});

describe("failures, deferrals and the clock gate", () => {
  it("keeps a failed job due, retries it after its delay, and still runs the others", async () => {
    let fail = true;
    const other = recorder();
    const store = new MemoryScheduleStore();
    const { scheduler, clock } = setup(
      [
        {
          name: "voidGaps",
          cron: "30 3 1-10 * *",
          retryDelayMs: 15 * MINUTE,
          run: () => {
            if (fail) throw new Error("SEFAZ unreachable");
          },
        },
        { name: "backup", cron: "30 2 * * *", run: other.run },
      ],
      "2026-03-05T07:00:00Z",
      store,
    );
    const reports = await scheduler.start();
    expect(reports.map((r) => r.outcome)).toEqual(["failed", "ok"]);
    expect(reports[0]!.detail).toBe("SEFAZ unreachable");
    expect(store.get("voidGaps")).toBeUndefined();
    expect(scheduler.status()[0]!.lastError).toBe("SEFAZ unreachable");

    clock.advance(10 * MINUTE);
    expect(await scheduler.runDue()).toEqual([]); // too soon to retry
    fail = false;
    clock.advance(5 * MINUTE);
    const retried = await scheduler.runDue();
    expect(retried.map((r) => `${r.name}:${r.outcome}`)).toEqual(["voidGaps:ok"]);
    expect(store.get("voidGaps")).toBe("2026-03-05T07:15:00.000Z");
    expect(scheduler.status()[0]!.lastError).toBeUndefined();
  });

  it("does not record a deferred run, and runs it at the next wake-up", async () => {
    let idle = false;
    let checkpoints = 0;
    const store = new MemoryScheduleStore();
    const { scheduler, clock } = setup(
      [
        {
          name: "walCheckpoint",
          cron: "*/15 * * * *",
          run: () => {
            if (!idle) return { deferred: "sale in progress" };
            checkpoints++;
            return undefined;
          },
        },
      ],
      "2026-03-20T12:00:00Z",
      store,
    );
    expect((await scheduler.start())[0]).toMatchObject({ outcome: "deferred", detail: "sale in progress" });
    expect(store.get("walCheckpoint")).toBeUndefined();
    idle = true;
    clock.advance(5 * MINUTE);
    await scheduler.runDue();
    expect(checkpoints).toBe(1);
    expect(store.get("walCheckpoint")).toBe("2026-03-20T12:05:00.000Z");
  });

  it("runs nothing while canRun() is false (clock not trusted yet)", async () => {
    let trusted = false;
    const job = recorder();
    const scheduler = new JobScheduler({
      jobs: [{ name: "backup", cron: "30 2 * * *", run: job.run }],
      store: new MemoryScheduleStore(),
      clock: new ManualClock("2026-03-20T12:00:00Z"),
      trigger: new ManualCronTrigger(),
      canRun: () => trusted,
    });
    await scheduler.start();
    expect(job.runs).toHaveLength(0);
    trusted = true;
    await scheduler.runDue();
    expect(job.runs).toHaveLength(1);
  });

  it("reports a job that hangs past its timeout as failed", async () => {
    const { scheduler, store } = setup(
      [{ name: "backup", cron: "30 2 * * *", timeoutMs: 20, run: () => new Promise<undefined>(() => {}) }],
      "2026-03-20T12:00:00Z",
    );
    const [report] = await scheduler.start();
    expect(report).toMatchObject({ outcome: "failed", detail: "job backup still running after 20 ms" });
    expect(store.get("backup")).toBeUndefined();
  });

  it("refuses duplicate job names and invalid expressions at construction", () => {
    const run = () => {};
    expect(() =>
      setup(
        [
          { name: "a", cron: "* * * * *", run },
          { name: "a", cron: "* * * * *", run },
        ],
        "2026-01-01",
      ),
    ).toThrow(/duplicate job name/);
    expect(() => setup([{ name: "a", cron: "99 * * * *", run }], "2026-01-01")).toThrow(
      /invalid cron expression/,
    );
  });
});
