// The benchmark's result object (what --json prints), the goals of issue 9 checked against it, and
// the plain-text table for a terminal (pure).
import type { StartupResult } from "./measure-startup.js";
import type { StorageResult } from "./measure-storage.js";

export interface SaleFigures {
  items: number;
  runs: number;
  p50Ms: number;
  p99Ms: number;
  /** One RSA-2048 SHA-1 signature + one durable commit of storedBytes (p50). */
  floorMs: number;
  /** p50Ms / floorMs */
  ratio: number;
  /** p99Ms / floorMs */
  p99Ratio: number;
  /** p99Ms of the floor itself: the disk's fsync tail, which no software removes. */
  floor: { signMs: number; commitMs: number; bytes: number; p99Ms: number };
  /** The whole emit() with the simulated print and the durable "printed" commit (outside issue 9's span). */
  printed: { p50Ms: number; p99Ms: number };
  storedBytes: number;
  xmlBytes: number;
}

export interface Goal {
  name: string;
  value: number;
  limit: string;
  met: boolean;
}

export interface BenchReport {
  machine: { cpu: string; cores: number; node: string; platform: string; loadAverage: number[] };
  quick: boolean;
  emitOffline: {
    gateXsd: "off";
    sales: SaleFigures[];
    withXsd: { gateXsd: "required"; sales: SaleFigures[] } | null;
    /** Which of the two the kiosk ships with (gate.xsd "auto" with the schemas installed). */
    shipped: "sales" | "withXsd";
  };
  drain: {
    notes: number;
    seconds: number;
    notesPerSecond: number;
    concurrency: number;
    latencyMs: number;
    limit: number;
    fraction: number;
    authorized: number;
    count656: number;
    halted: string | null;
  };
  rssMb: { idle: number; peak: number; hwm: number | null; parentSampledPeak: number };
  startupMs: number;
  startup: StartupResult;
  bytesPerNote: StorageResult;
  goals: Goal[];
  seconds: number;
}

function goal(name: string, value: number, limit: string, met: boolean): Goal {
  return { name, value, limit, met };
}

/** Issue 9's goals for the configuration the kiosk ships, on the 10-item sale. */
export function evaluateGoals(r: BenchReport): Goal[] {
  const sales =
    r.emitOffline.shipped === "withXsd" && r.emitOffline.withXsd
      ? r.emitOffline.withXsd.sales
      : r.emitOffline.sales;
  const ten = sales.find((s) => s.items === 10) ?? sales[0];
  const small = r.emitOffline.sales.find((s) => s.items === 10)?.p50Ms;
  const smallShipped = ten?.p50Ms ?? small ?? Number.NaN;
  const peak = Math.max(r.rssMb.peak, r.rssMb.parentSampledPeak, r.rssMb.hwm ?? 0);
  const growth = Math.round((r.startup.emit.p50Ms / smallShipped) * 100) / 100;
  return [
    goal(
      "emitOffline p50 / floor (10 items)",
      ten?.ratio ?? Number.NaN,
      "<= 3",
      (ten?.ratio ?? Infinity) <= 3,
    ),
    goal(
      "emitOffline p99 / floor (10 items)",
      ten?.p99Ratio ?? Number.NaN,
      "<= 6",
      (ten?.p99Ratio ?? Infinity) <= 6,
    ),
    goal("drain fraction of C/L", r.drain.fraction, ">= 0.9", r.drain.fraction >= 0.9),
    goal("drain 656 answers", r.drain.count656, "= 0", r.drain.count656 === 0),
    goal("RSS peak MB", peak, "<= 120", peak <= 120),
    goal(
      `start-up ms (${r.startup.notes} notes, ${r.startup.headline})`,
      r.startupMs,
      "< 2000",
      r.startupMs < 2000,
    ),
    goal("emission p50 large / small journal", growth, "<= 1.5 (does not grow)", growth <= 1.5),
  ];
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

function saleRows(title: string, sales: SaleFigures[]): string[] {
  return [
    title,
    `  items    p50 ms    p99 ms  floor ms  floor p99  p50/floor  p99/floor  stored B  printed p50/p99 ms`,
    ...sales.map(
      (s) =>
        `  ${pad(s.items, 5)} ${pad(s.p50Ms, 9)} ${pad(s.p99Ms, 9)} ${pad(s.floorMs, 9)} ${pad(s.floor.p99Ms, 10)} ${pad(s.ratio, 10)} ${pad(s.p99Ratio, 10)} ${pad(s.storedBytes, 9)}  ${s.printed.p50Ms} / ${s.printed.p99Ms}`,
    ),
  ];
}

export function formatReport(r: BenchReport): string {
  const m = r.machine;
  const lines = [
    `nfce-kiosk benchmark${r.quick ? " (--quick)" : ""}: ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.platform}, load ${m.loadAverage.join(" ")}`,
    "",
    ...saleRows("Offline emission, gate XSD off:", r.emitOffline.sales),
    ...(r.emitOffline.withXsd
      ? ["", ...saleRows("Offline emission, gate XSD on:", r.emitOffline.withXsd.sales)]
      : []),
    "",
    `Drain: ${r.drain.authorized}/${r.drain.notes} notes in ${r.drain.seconds} s = ${r.drain.notesPerSecond}/s; limit C/L = ${r.drain.concurrency}/${r.drain.latencyMs} ms = ${r.drain.limit}/s; fraction ${r.drain.fraction}; 656: ${r.drain.count656}`,
    `RSS: idle ${r.rssMb.idle} MB, peak ${r.rssMb.peak} MB (parent-sampled ${r.rssMb.parentSampledPeak}, VmHWM ${r.rssMb.hwm ?? "n/a"})`,
    `Start-up with ${r.startup.notes} notes (${r.startup.journalMb} MB), ${r.startup.headline}: ${r.startupMs} ms (open core ${r.startup.openCoreMs} ms, recovery queries ${r.startup.recoveryMs} ms); warm: ${r.startup.warm.startupMs} ms; emission p50 on it ${r.startup.emit.p50Ms} ms`,
    `Storage per authorized note: ${r.bytesPerNote.storedBytesPerNote} B stored vs ${r.bytesPerNote.rawBytesPerNote} B raw; nfeProc ${r.bytesPerNote.nfeProcRawBytes} B raw, NFe+nfeProc stored ${r.bytesPerNote.nfeProcStoredBytes} B`,
    "",
    "Goals:",
    ...r.goals.map((g) => `  ${g.met ? "met   " : "MISSED"} ${g.name}: ${g.value} (goal ${g.limit})`),
    "",
    `(${r.seconds} s)`,
  ];
  return `${lines.join("\n")}\n`;
}
