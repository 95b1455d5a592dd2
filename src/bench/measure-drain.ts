// Drain throughput: N offline notes emitted first, then one sync round in a child process against
// the simulator answering every request after a fixed latency L, with the configured concurrency C.
// The physical limit is C / L notes per second. The simulator runs in this (parent) process without
// its XSD step, so that its own CPU time does not add to L.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSefazSimulator } from "../sefaz-sim/index.js";
import { type BenchConfigOptions, benchConfig, DEMO_CSC } from "./bench-config.js";
import { runChild } from "./child-protocol.js";
import type { DrainAnswer } from "./drain-child.js";
import { openBenchCore, timeEmissions } from "./measure-emission.js";
import { measureStorage, type StorageResult } from "./measure-storage.js";

export interface DrainResult {
  notes: number;
  seconds: number;
  notesPerSecond: number;
  concurrency: number;
  latencyMs: number;
  /** C / L: what a kiosk with no cost of its own would reach. */
  limit: number;
  fraction: number;
  authorized: number;
  count656: number;
  halted: string | null;
  rssMb: { idle: number; peak: number; hwm: number | null; parentSampledPeak: number };
  storage: StorageResult;
}

const CHILD = fileURLToPath(new URL("./drain-child.js", import.meta.url));

export async function measureDrain(o: {
  dir: string;
  certDir: string;
  xsd: "on" | "off";
  notes: number;
  latencyMs: number;
  items: number;
}): Promise<DrainResult> {
  const sim = await startSefazSimulator({
    dataDir: join(o.dir, "sim"),
    port: 0,
    cscs: { [DEMO_CSC.id]: DEMO_CSC.token },
    sharedDir: join(o.dir, "no-schemas"),
  });
  try {
    const cfg: BenchConfigOptions = {
      dir: join(o.dir, "drain"),
      certDir: o.certDir,
      xsd: o.xsd,
      sim: { urls: sim.urls, caFile: sim.caFile },
    };
    const config = benchConfig(cfg);
    const opened = await openBenchCore(config);
    try {
      await timeEmissions(opened, o.items, 0, o.notes);
    } finally {
      await opened.close();
    }
    sim.setFault({ mode: "slow", delayMs: o.latencyMs });
    const child = runChild<DrainAnswer>(CHILD, { config: cfg });
    const a = await child.result;
    const log = sim.log();
    const concurrency = config.sefaz.drainConcurrency;
    const limit = concurrency / (o.latencyMs / 1000);
    const notesPerSecond = a.authorized / a.seconds;
    return {
      notes: o.notes,
      seconds: round(a.seconds, 2),
      notesPerSecond: round(notesPerSecond, 2),
      concurrency,
      latencyMs: o.latencyMs,
      limit: round(limit, 2),
      fraction: round(notesPerSecond / limit, 3),
      authorized: a.authorized,
      count656: log.filter((e) => e.cStat === "656").length,
      halted: a.halted,
      rssMb: { idle: a.idleRssMb, peak: a.peakRssMb, hwm: a.hwmMb, parentSampledPeak: child.sampledPeakMb() },
      storage: measureStorage(config),
    };
  } finally {
    await sim.close();
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
