// Offline emission end to end through the real pipeline, timed per sale after a warm-up, at two
// points: the hand-off to the printer (issue 9's span: parse, checks, build, sign, QR, gate, the
// durable journal commit of the note with its receipt bytes, DANFE rendered) and the end of emit()
// (the simulated print and the durable "printed" commit added).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { type KioskCore, openCore } from "../app/open-core.js";
import type { Clock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import { printerProfile } from "../hal/printer/escpos/profiles.js";
import { SimPrinter } from "../hal/printer/printer-sim.js";
import { type Logger, silentLogger } from "../log.js";
import { JOURNAL_PATH } from "./bench-config.js";
import { benchSale } from "./bench-sale.js";
import { type Summary, summarize } from "./stats.js";

export interface EmissionRun {
  items: number;
  /** Start of emit() to the moment the receipt bytes are handed to the printer. */
  summary: Summary;
  /** Start of emit() to its end: the simulated print and the "printed" commit included. */
  printed: Summary;
  /** Bytes the journal stored for one such note (every document row of its chave). */
  storedBytes: number;
  /** Size of the signed NFe (plain XML). */
  xmlBytes: number;
}

export interface OpenedCore {
  core: KioskCore;
  printer: SimPrinter;
  /** performance.now() of the last hand-off of receipt bytes to the printer. */
  lastHandoff(): number;
  close(): Promise<void>;
}

export async function openBenchCore(
  config: ResolvedConfig,
  clock?: Clock,
  log: Logger = silentLogger,
): Promise<OpenedCore> {
  const printer = new SimPrinter(
    printerProfile(config.hardware.printer.model),
    clock ?? { now: () => new Date() },
  );
  await printer.start();
  // The pipeline calls print() right after the journal holds the note and its receipt bytes.
  let handoff = Number.NaN;
  const print = printer.print.bind(printer);
  printer.print = (bytes) => {
    handoff = performance.now();
    return print(bytes);
  };
  // The clock check runs as on a kiosk (trust "system"): timesyncd's flag file, in a root of our own.
  const root = synchronizedClockRoot(dirname(config.dataDir));
  const core = openCore({
    config: { ...config, clock: { ...config.clock, trust: "system" } },
    log,
    offlineOnly: true,
    printer,
    root,
    ...(clock ? { clock } : {}),
  });
  return {
    core,
    printer,
    lastHandoff: () => handoff,
    close: async () => {
      core.close();
      await printer.stop();
    },
  };
}

/** <dir>/clock-root, holding what systemd-timesyncd writes once the clock is synchronized. */
export function synchronizedClockRoot(dir: string): string {
  const root = join(dir, "clock-root");
  mkdirSync(join(root, "run/systemd/timesync"), { recursive: true });
  writeFileSync(join(root, "run/systemd/timesync/synchronized"), "");
  return root;
}

/** Emits `warmup` then `runs` offline sales of `items` lines; the printer keeps no history. */
export async function timeEmissions(
  opened: OpenedCore,
  items: number,
  warmup: number,
  runs: number,
): Promise<{ samples: number[]; printedSamples: number[]; lastChave: string }> {
  const sale = benchSale(items);
  const samples: number[] = [];
  const printedSamples: number[] = [];
  let lastChave = "";
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    const r = await opened.core.pipeline.emit(sale, { offline: true });
    const dt = performance.now() - t0;
    if (r.printed !== true) throw new Error(`the benchmark sale was not printed: ${r.printError ?? "?"}`);
    if (i >= warmup) {
      samples.push(opened.lastHandoff() - t0);
      printedSamples.push(dt);
    }
    lastChave = r.chave;
    // The simulator printer keeps every job; a kiosk's real printer does not.
    opened.printer.printed.length = 0;
    opened.printer.received.length = 0;
  }
  return { samples, printedSamples, lastChave };
}

/** What the journal holds for one note: stored (compressed) bytes and the plain signed XML size. */
export function storedSize(core: KioskCore, chave: string): { storedBytes: number; xmlBytes: number } {
  const db = new Database(JOURNAL_PATH(core.config), { readonly: true });
  try {
    const stored = db
      .prepare("SELECT coalesce(sum(length(bytes)), 0) AS n FROM documents WHERE chave = ?")
      .get(chave) as { n: number };
    return { storedBytes: stored.n, xmlBytes: core.journal.getDocument(chave, "nfe")?.length ?? 0 };
  } finally {
    db.close();
  }
}

export async function measureEmission(
  config: ResolvedConfig,
  sizes: readonly number[],
  warmup: number,
  runs: number,
): Promise<EmissionRun[]> {
  const opened = await openBenchCore(config);
  try {
    const out: EmissionRun[] = [];
    for (const items of sizes) {
      const { samples, printedSamples, lastChave } = await timeEmissions(opened, items, warmup, runs);
      const size = storedSize(opened.core, lastChave);
      out.push({ items, summary: summarize(samples), printed: summarize(printedSamples), ...size });
    }
    return out;
  } finally {
    await opened.close();
  }
}
