// What one benchmark run measures and how much (pure): the full run, or --quick (under 2 minutes).
import { parseArgs } from "node:util";

export interface BenchPlan {
  json: boolean;
  quick: boolean;
  /** Sale sizes (items) for offline emission. */
  sizes: number[];
  warmup: number;
  runs: number;
  /** Runs with the gate's XSD step on (each costs a libxml2 schema compilation). */
  xsdRuns: number;
  floorRuns: number;
  drainNotes: number;
  latencyMs: number;
  /** Notes in the large journal of the start-up benchmark. */
  journalNotes: number;
  journalNotesExplicit: boolean;
  /** Starts with the journal evicted from the page cache (as after a boot), and with it cached. */
  coldStarts: number;
  warmStarts: number;
  cacheDir: string;
}

export const FULL_JOURNAL_NOTES = 100_000;
/** --quick without a cached 100 000-note journal builds this many instead (building 100 000 takes about a minute). */
export const QUICK_JOURNAL_NOTES = 20_000;

export const USAGE = `usage: npm run bench -- [--json] [--quick] [--drain-notes N] [--latency-ms L] [--journal-notes N] [--runs N] [--cache-dir DIR]`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

export function benchPlan(argv: readonly string[], defaultCacheDir: string): BenchPlan {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: "boolean", default: false },
      quick: { type: "boolean", default: false },
      "drain-notes": { type: "string" },
      "latency-ms": { type: "string" },
      "journal-notes": { type: "string" },
      "cache-dir": { type: "string" },
      runs: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick === true;
  // --runs N: N timed runs per measurement (a smoke test uses 2), with a warm-up of at most N.
  const runs = values.runs === undefined ? undefined : positive("runs", values.runs, 1);
  return {
    json: values.json === true,
    quick,
    sizes: [1, 10, 100],
    // A p99 needs many samples: of 100 runs it is the second-slowest, one host hiccup away.
    warmup: Math.min(quick ? 20 : 100, runs ?? Infinity),
    runs: runs ?? (quick ? 200 : 1000),
    xsdRuns: runs ?? (quick ? 200 : 1000),
    floorRuns: runs ?? (quick ? 200 : 1000),
    drainNotes: positive("drain-notes", values["drain-notes"], quick ? 40 : 300),
    latencyMs: positive("latency-ms", values["latency-ms"], 500),
    journalNotes: positive("journal-notes", values["journal-notes"], FULL_JOURNAL_NOTES),
    journalNotesExplicit: values["journal-notes"] !== undefined,
    coldStarts: runs === undefined ? (quick ? 1 : 3) : 1,
    warmStarts: runs === undefined ? (quick ? 2 : 5) : Math.min(runs, 3),
    cacheDir: values["cache-dir"] ?? defaultCacheDir,
  };
}
