// `npm run bench`: emission latency against its physical floor, drain throughput, memory, start-up
// and storage, measured in one run on this machine (docs/bench.md). --json prints one JSON object on
// stdout (progress goes to stderr); --quick is a smaller run that finishes in under two minutes.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { loadIdentity } from "../app/load-identity.js";
import { benchConfig, schemasDir } from "./bench-config.js";
import { type BenchPlan, benchPlan, QUICK_JOURNAL_NOTES, USAGE } from "./bench-plan.js";
import { type BenchReport, evaluateGoals, formatReport, type SaleFigures } from "./bench-report.js";
import { isLargeJournalCached } from "./large-journal.js";
import { measureDrain } from "./measure-drain.js";
import { measureEmission } from "./measure-emission.js";
import { measureFloor } from "./measure-floor.js";
import { measureStartup } from "./measure-startup.js";
import { ratio } from "./stats.js";

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function emissionFigures(
  plan: BenchPlan,
  dir: string,
  certDir: string,
  xsd: "on" | "off",
  runs: number,
): Promise<SaleFigures[]> {
  const config = benchConfig({ dir: join(dir, `emit-xsd-${xsd}`), certDir, xsd });
  const runsOf = await measureEmission(config, plan.sizes, plan.warmup, runs);
  const key = loadIdentity(config).privateKeyPem;
  return runsOf.map((r) => {
    const floor = measureFloor({
      dir,
      privateKeyPem: key,
      bytes: r.storedBytes,
      runs: plan.floorRuns,
      warmup: 10,
    });
    return {
      items: r.items,
      runs: r.summary.runs,
      p50Ms: r.summary.p50Ms,
      p99Ms: r.summary.p99Ms,
      floorMs: floor.floorMs,
      ratio: ratio(r.summary.p50Ms, floor.floorMs),
      p99Ratio: ratio(r.summary.p99Ms, floor.floorMs),
      floor: {
        signMs: floor.signMs,
        commitMs: floor.commitMs,
        bytes: floor.bytes,
        p99Ms: floor.summary.p99Ms,
      },
      printed: { p50Ms: r.printed.p50Ms, p99Ms: r.printed.p99Ms },
      storedBytes: r.storedBytes,
      xmlBytes: r.xmlBytes,
    };
  });
}

async function run(plan: BenchPlan): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), "nfce-kiosk-bench-"));
  const started = Date.now();
  try {
    const certDir = join(dir, "cert");
    progress(`emission, gate XSD off (${plan.runs} runs per size)`);
    const xsdOff = await emissionFigures(plan, dir, certDir, "off", plan.runs);
    let xsdOn: SaleFigures[] | null = null;
    if (schemasDir() !== undefined) {
      progress(`emission, gate XSD on (${plan.xsdRuns} runs per size)`);
      xsdOn = await emissionFigures(plan, dir, certDir, "on", plan.xsdRuns);
    } else progress("emission with XSD skipped: no official schemas in this checkout");
    // The drain and start-up run the configuration the kiosk ships (gate.xsd "auto": on with schemas).
    const shipped = xsdOn === null ? "off" : "on";
    progress(`drain: ${plan.drainNotes} notes, latency ${plan.latencyMs} ms`);
    const drain = await measureDrain({
      dir: join(dir, "drain"),
      certDir,
      xsd: shipped,
      notes: plan.drainNotes,
      latencyMs: plan.latencyMs,
      items: 10,
    });
    const journalNotes =
      plan.quick && !plan.journalNotesExplicit && !isLargeJournalCached(plan.cacheDir, plan.journalNotes)
        ? QUICK_JOURNAL_NOTES
        : plan.journalNotes;
    if (journalNotes !== plan.journalNotes)
      progress(
        `--quick: no cached ${plan.journalNotes}-note journal; using ${journalNotes} notes (a full run builds and caches it)`,
      );
    progress(`start-up with a journal of ${journalNotes} notes (cache ${plan.cacheDir})`);
    const startup = await measureStartup({
      dir: join(dir, "startup"),
      certDir,
      xsd: shipped,
      cacheDir: plan.cacheDir,
      notes: journalNotes,
      coldStarts: plan.coldStarts,
      warmStarts: plan.warmStarts,
      warmup: plan.warmup,
      runs: Math.min(plan.runs, shipped === "on" ? plan.xsdRuns : plan.runs),
    });
    const cpu = cpus();
    const report: BenchReport = {
      machine: {
        cpu: cpu[0]?.model ?? "unknown",
        cores: cpu.length,
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      },
      quick: plan.quick,
      emitOffline: {
        gateXsd: "off",
        sales: xsdOff,
        withXsd: xsdOn === null ? null : { gateXsd: "required", sales: xsdOn },
        shipped: shipped === "on" ? "withXsd" : "sales",
      },
      drain: {
        notes: drain.notes,
        seconds: drain.seconds,
        notesPerSecond: drain.notesPerSecond,
        concurrency: drain.concurrency,
        latencyMs: drain.latencyMs,
        limit: drain.limit,
        fraction: drain.fraction,
        authorized: drain.authorized,
        count656: drain.count656,
        halted: drain.halted,
      },
      rssMb: drain.rssMb,
      startupMs: startup.startupMs,
      startup,
      bytesPerNote: drain.storage,
      goals: [],
      seconds: 0,
    };
    report.goals = evaluateGoals(report);
    report.seconds = Math.round((Date.now() - started) / 1000);
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let plan: BenchPlan | undefined;
try {
  plan = benchPlan(process.argv.slice(2), join(tmpdir(), "nfce-kiosk-bench-cache"));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exitCode = 2;
}
if (plan !== undefined) {
  try {
    const report = await run(plan);
    process.stdout.write(plan.json ? `${JSON.stringify(report)}\n` : formatReport(report));
  } catch (error) {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
