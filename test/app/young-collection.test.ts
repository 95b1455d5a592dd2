// The young generation is collected between sales, never inside one (docs/bench.md: a scavenge inside
// a sale was most of the emission's p99 tail), and only when no other sale is waiting.
import { rmSync } from "node:fs";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { EmissionPipeline } from "../../src/app/emission.js";
import type { KioskCore } from "../../src/app/open-core.js";
import { exposedGc, youngCollector } from "../../src/app/young-collection.js";
import { silentLogger } from "../../src/log.js";
import { SALE_SN } from "../fiscal/document/sample-data.js";
import { HAS_SHARED } from "../helpers/shared.js";
import { openOfflineCore } from "./helpers/offline-core.js";

describe("youngCollector", () => {
  it("asks V8 for a minor collection, or does nothing where gc() is unavailable", () => {
    const calls: unknown[] = [];
    youngCollector((options) => calls.push(options))();
    expect(calls).toEqual([{ type: "minor" }]);
    expect(() => youngCollector(undefined)()).not.toThrow();
  });

  it("gives up after gc() failed once, saying so the first time", () => {
    let calls = 0;
    const collect = youngCollector(() => {
      calls++;
      throw new Error("unsupported");
    });
    expect(() => collect()).toThrow("unsupported");
    expect(() => collect()).not.toThrow();
    expect(calls).toBe(1);
  });

  it("gets gc() without --expose-gc, and a call runs a scavenge (not a full collection)", async () => {
    const gc = exposedGc();
    expect(typeof gc).toBe("function");
    const kinds: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        kinds.push((entry as unknown as { detail: { kind: number } }).detail.kind);
    });
    observer.observe({ entryTypes: ["gc"] });
    youngCollector(gc)();
    await new Promise((resolve) => setTimeout(resolve, 50)); // gc entries are delivered asynchronously
    observer.disconnect();
    expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MINOR);
    expect(kinds).not.toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
  });
});

let dir: string | undefined;
let core: KioskCore | undefined;
afterEach(() => {
  core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAS_SHARED)("the pipeline's betweenSales", () => {
  async function pipelineWith(events: string[], refuse = false) {
    const opened = await openOfflineCore("young-", "2026-11-23T15:00:00Z");
    dir = opened.dir;
    const printer = opened.printer;
    const print = printer.print.bind(printer);
    printer.print = (bytes) => {
      events.push("print");
      return print(bytes);
    };
    core = opened.core;
    return new EmissionPipeline({
      config: core.config,
      journal: core.journal,
      identity: core.identity,
      clock: core.clock,
      random: Math.random,
      log: silentLogger,
      receipts: core.receipts,
      contingency: core.contingency,
      assertSafeToEmit: async () => {
        if (refuse) throw new Error("disk full");
      },
      betweenSales: () => events.push("collect"),
    });
  }

  it("runs after the receipt went to the printer, before the caller resumes", async () => {
    const events: string[] = [];
    const pipeline = await pipelineWith(events);
    const result = await pipeline.emit(SALE_SN, { offline: true });
    events.push("caller");
    expect(result.printed).toBe(true);
    expect(events).toEqual(["print", "collect", "caller"]);
  });

  it("waits while another sale is queued: two sales at once, one collection after both", async () => {
    const events: string[] = [];
    const pipeline = await pipelineWith(events);
    await Promise.all([pipeline.emit(SALE_SN, { offline: true }), pipeline.emit(SALE_SN, { offline: true })]);
    expect(events).toEqual(["print", "print", "collect"]);
  });

  it("a failure there does not turn a printed sale into an error (the cashier would sell it again)", async () => {
    const events: string[] = [];
    const pipeline = await pipelineWith(events);
    (pipeline as unknown as { deps: { betweenSales: () => void } }).deps.betweenSales = () => {
      throw new Error("gc exploded");
    };
    const result = await pipeline.emit(SALE_SN, { offline: true });
    expect(result.printed).toBe(true);
    expect(core!.journal.getNote(result.chave)?.status).toBe("pending");
  });

  it("runs after a refused sale too", async () => {
    const events: string[] = [];
    const pipeline = await pipelineWith(events, true);
    const error = await pipeline.emit(SALE_SN, { offline: true }).catch((e: Error) => e);
    expect((error as Error).message).toBe("disk full");
    expect(events).toEqual(["collect"]);
  });
});
