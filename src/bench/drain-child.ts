// Child process of the drain benchmark: the kiosk's fiscal core and sync engine, alone in a process
// so that its resident memory is the service's own. Idle memory is read once the core is open and
// TLS to the simulator is warm; then one sync round drains the pending notes, sampled every 10 ms.
import { performance } from "node:perf_hooks";
import { openCore } from "../app/open-core.js";
import { createSyncEngine } from "../app/sync/sync-engine.js";
import { silentLogger } from "../log.js";
import { benchConfig } from "./bench-config.js";
import { answer, childRequest, mb, procMemoryMb } from "./child-protocol.js";

export interface DrainAnswer {
  seconds: number;
  sent: number;
  authorized: number;
  pending: number;
  halted: string | null;
  idleRssMb: number;
  /** Highest process.memoryUsage().rss seen during the round. */
  peakRssMb: number;
  /** VmHWM: the highest resident size of the whole process life (kernel-kept). */
  hwmMb: number | null;
}

const request = childRequest();
const config = benchConfig(request.config);
const core = openCore({ config, log: silentLogger });
await core.sefaz!.status();
await new Promise((r) => setTimeout(r, 300));
const idleRssMb = mb(process.memoryUsage().rss);
let peak = idleRssMb;
const sampler = setInterval(() => {
  peak = Math.max(peak, mb(process.memoryUsage().rss));
}, 10);
const engine = createSyncEngine({ core, isOnline: () => true, log: silentLogger });
const t0 = performance.now();
const round = await engine.runRound({ ignoreBackoff: true });
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
peak = Math.max(peak, mb(process.memoryUsage().rss));
core.close();
await answer({
  seconds,
  sent: round.sent,
  authorized: round.authorized,
  pending: round.pending,
  halted: round.halted,
  idleRssMb,
  peakRssMb: peak,
  hwmMb: procMemoryMb("self")?.hwmMb ?? null,
} satisfies DrainAnswer);
