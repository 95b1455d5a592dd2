// Start-up with a large journal (child processes, from process start to ready), and offline
// emission on that journal (it must cost what it costs on a small one).
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

export interface StartupResult {
  notes: number;
  journalMb: number;
  /** Median over the runs of process start -> ready. */
  startupMs: number;
  runsMs: number[];
  openCoreMs: number;
  recoveryMs: number;
  /** 10-item offline emission on the large journal. */
  emit: Summary;
  cache: { built: boolean; buildMs: number; path: string };
}

const CHILD = fileURLToPath(new URL("./startup-child.js", import.meta.url));

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
  startups: number;
  warmup: number;
  runs: number;
}): Promise<StartupResult> {
  const template = await noteTemplate({ dir: join(o.dir, "template"), certDir: o.certDir, xsd: "off" });
  const cache = cachedLargeJournal(o.cacheDir, o.notes, () => template, Date.now() - 3_600_000);
  const cfg: BenchConfigOptions = { dir: join(o.dir, "startup"), certDir: o.certDir, xsd: o.xsd };
  const config = benchConfig(cfg);
  mkdirSync(config.dataDir, { recursive: true });
  copyFileSync(cache.path, JOURNAL_PATH(config));
  const answers: StartupAnswer[] = [];
  for (let i = 0; i < o.startups; i++)
    answers.push(await runChild<StartupAnswer>(CHILD, { config: cfg }).result);
  const notes = answers[0]!.notes;
  if (notes !== o.notes) throw new Error(`the large journal holds ${notes} notes, not ${o.notes}`);
  const journalMb = Math.round((statSync(JOURNAL_PATH(config)).size / 2 ** 20) * 10) / 10;
  const opened = await openBenchCore(config);
  let emit: Summary;
  try {
    emit = summarize((await timeEmissions(opened, 10, o.warmup, o.runs)).samples);
  } finally {
    await opened.close();
  }
  const median = (pick: (a: StartupAnswer) => number) => Math.round(percentile(answers.map(pick), 50));
  return {
    notes,
    journalMb,
    startupMs: median((a) => a.readyMs),
    runsMs: answers.map((a) => Math.round(a.readyMs)),
    openCoreMs: median((a) => a.openCoreMs),
    recoveryMs: median((a) => a.recoveryMs),
    emit,
    cache: { built: cache.built, buildMs: cache.buildMs, path: cache.path },
  };
}
