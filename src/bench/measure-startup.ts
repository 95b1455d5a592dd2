// Start-up with a large journal (child processes, from process start to ready), and offline
// emission on that journal (it must cost what it costs on a small one).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchConfigOptions, benchConfig, JOURNAL_PATH } from "./bench-config.js";
import { benchSale } from "./bench-sale.js";
import { runChild } from "./child-protocol.js";
import { cachedLargeJournal, type NoteTemplate } from "./large-journal.js";
import { openBenchCore, timeEmissions } from "./measure-emission.js";
import type { StartupAnswer } from "./startup-child.js";
import { percentile, type Summary, summarize } from "./stats.js";

export interface StartupRuns {
  /** Median of process start -> ready. */
  startupMs: number;
  runsMs: number[];
  openCoreMs: number;
  recoveryMs: number;
}

export interface StartupResult extends StartupRuns {
  notes: number;
  journalMb: number;
  /** Which runs the headline figures are: "cold" (journal evicted from the page cache: a boot) or "warm". */
  headline: "cold" | "warm";
  /** Starts with the journal file evicted from the page cache first; null where eviction is not possible. */
  cold: StartupRuns | null;
  warm: StartupRuns;
  /** 10-item offline emission on the large journal. */
  emit: Summary;
  cache: { built: boolean; buildMs: number; path: string };
}

const CHILD = fileURLToPath(new URL("./startup-child.js", import.meta.url));

/**
 * Drops one file from the page cache (GNU dd: posix_fadvise DONTNEED), so that the next start reads
 * it from the disk as after a boot. False where that is not possible.
 */
export function evictFromPageCache(path: string): boolean {
  try {
    execFileSync("dd", [`if=${path}`, "iflag=nocache", "count=0", "status=none"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function summarizeRuns(answers: StartupAnswer[]): StartupRuns {
  const median = (pick: (a: StartupAnswer) => number) => Math.round(percentile(answers.map(pick), 50));
  return {
    startupMs: median((a) => a.readyMs),
    runsMs: answers.map((a) => Math.round(a.readyMs)),
    openCoreMs: median((a) => a.openCoreMs),
    recoveryMs: median((a) => a.recoveryMs),
  };
}

/** One real 10-item offline note, emitted in a scratch data folder, as the copies' template. */
export async function noteTemplate(cfg: BenchConfigOptions): Promise<NoteTemplate> {
  const config = benchConfig(cfg);
  const opened = await openBenchCore(config);
  try {
    const r = await opened.core.pipeline.emit(benchSale(10), { offline: true });
    const j = opened.core.journal;
    const note = j.getNote(r.chave)!;
    return {
      chave: r.chave,
      xml: j.getDocument(r.chave, "nfe")!.toString("utf8"),
      saleJson: j.getDocument(r.chave, "sale")!.toString("utf8"),
      receipt: j.getDocument(r.chave, "receipt")!,
      vNF: note.vNF,
      qrCode: note.qrCode,
    };
  } finally {
    await opened.close();
  }
}

export async function measureStartup(o: {
  dir: string;
  certDir: string;
  xsd: "on" | "off";
  cacheDir: string;
  notes: number;
  coldStarts: number;
  warmStarts: number;
  warmup: number;
  runs: number;
}): Promise<StartupResult> {
  const template = await noteTemplate({ dir: join(o.dir, "template"), certDir: o.certDir, xsd: "off" });
  const cache = cachedLargeJournal(o.cacheDir, o.notes, () => template, Date.now() - 3_600_000);
  const cfg: BenchConfigOptions = { dir: join(o.dir, "startup"), certDir: o.certDir, xsd: o.xsd };
  const config = benchConfig(cfg);
  mkdirSync(config.dataDir, { recursive: true });
  copyFileSync(cache.path, JOURNAL_PATH(config));
  const start = () => runChild<StartupAnswer>(CHILD, { config: cfg }).result;
  const cold: StartupAnswer[] = [];
  for (let i = 0; i < o.coldStarts && evictFromPageCache(JOURNAL_PATH(config)); i++) cold.push(await start());
  const warm: StartupAnswer[] = [];
  for (let i = 0; i < o.warmStarts; i++) warm.push(await start());
  const notes = warm[0]!.notes;
  if (notes !== o.notes) throw new Error(`the large journal holds ${notes} notes, not ${o.notes}`);
  const journalMb = Math.round((statSync(JOURNAL_PATH(config)).size / 2 ** 20) * 10) / 10;
  const opened = await openBenchCore(config);
  let emit: Summary;
  try {
    emit = summarize((await timeEmissions(opened, 10, o.warmup, o.runs)).samples);
  } finally {
    await opened.close();
  }
  const coldRuns = cold.length > 0 ? summarizeRuns(cold) : null;
  const warmRuns = summarizeRuns(warm);
  return {
    notes,
    journalMb,
    ...(coldRuns ?? warmRuns),
    headline: coldRuns ? "cold" : "warm",
    cold: coldRuns,
    warm: warmRuns,
    emit,
    cache: { built: cache.built, buildMs: cache.buildMs, path: cache.path },
  };
}
