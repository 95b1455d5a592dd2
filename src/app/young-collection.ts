// Collects V8's young generation between sales. A scavenge that falls inside a sale costs it 0.7 to
// 1.8 ms on the bench machine (copying survivors plus the weak callbacks of the sale's native
// objects), which is most of the p99 tail of an emission (docs/bench.md). Once a receipt has gone to
// the printer the kiosk waits for paper and people for seconds, so the pipeline collects the nursery
// then and the next sale starts with it empty.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type GcFunction = (options?: { type?: "minor" | "major"; execution?: "sync" | "async" }) => void;

/**
 * V8's gc() with a {type: "minor"} option. Exposed by `--expose-gc` when the process was started
 * with it; otherwise the flag is set now and the function taken from a fresh context (the flag only
 * decides whether new contexts get it). undefined where neither works: collecting is an
 * optimisation, so the caller simply goes on without it.
 */
export function exposedGc(): GcFunction | undefined {
  const global = (globalThis as { gc?: GcFunction }).gc;
  if (typeof global === "function") return global;
  if (fromContext === null) {
    try {
      setFlagsFromString("--expose-gc");
      const gc = runInNewContext("gc") as unknown;
      fromContext = typeof gc === "function" ? (gc as GcFunction) : undefined;
    } catch {
      fromContext = undefined;
    }
  }
  return fromContext;
}

/** null: not looked up yet (a context costs about a millisecond; every core would make one). */
let fromContext: GcFunction | undefined | null = null;

/**
 * A scavenge of the young generation now; nothing where gc() is unavailable, or after it has
 * failed once (it is an optimisation: the sale path must not depend on it).
 */
export function youngCollector(gc: GcFunction | undefined = exposedGc()): () => void {
  let usable = gc;
  return () => {
    if (!usable) return;
    try {
      usable({ type: "minor" });
    } catch (error) {
      usable = undefined;
      throw error;
    }
  };
}
