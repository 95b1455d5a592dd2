// Child process of the start-up benchmark: from process start to "ready" the way the service gets
// there (configuration validated, certificate loaded, journal opened and integrity-checked, crash
// recovery plan and offline backlog read). The parent placed the large journal in its data folder.
import { performance } from "node:perf_hooks";
import { openCore } from "../app/open-core.js";
import { silentLogger } from "../log.js";
import { benchConfig } from "./bench-config.js";
import { answer, childRequest } from "./child-protocol.js";

export interface StartupAnswer {
  /** performance.now() at ready: milliseconds since this process started. */
  readyMs: number;
  /** Of which: opening the core (certificate, journal with quick_check, pipeline). */
  openCoreMs: number;
  /** Of which: the recovery plan and backlog queries the service runs at start. */
  recoveryMs: number;
  notes: number;
}

const request = childRequest();
const config = benchConfig(request.config);
const t0 = performance.now();
const core = openCore({ config, log: silentLogger, offlineOnly: true });
const t1 = performance.now();
core.journal.recoveryPlan();
core.journal.offlineBacklog();
const readyMs = performance.now();
const notes = core.journal.nextNumber(config.series) - 1;
core.close();
await answer({ readyMs, openCoreMs: t1 - t0, recoveryMs: readyMs - t1, notes } satisfies StartupAnswer);
