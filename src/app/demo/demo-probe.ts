// The demo's link probe: only the SEFAZ status service of the embedded simulator (a laptop's network
// interfaces say nothing about a simulator on loopback). Cutting the simulator is cutting the link.
import { probeStatusService } from "../../watchdog/probe-remote.js";
import type { LinkObservation } from "../../watchdog/link-state.js";
import type { KioskCore } from "../open-core.js";

export function demoProbe(core: KioskCore, timeoutMs: number) {
  return async (): Promise<LinkObservation> => {
    const sefaz = core.sefaz;
    if (!sefaz) return { type: "probe-failed", cause: "sefaz-down", detail: "sem cliente SEFAZ", immediate: true };
    const outcome = await probeStatusService({
      timeoutMs,
      status: async () => {
        const r = await sefaz.status();
        if (r.outcome !== "answered") throw new Error(`${r.outcome}: ${r.reason}`);
        return { cStat: r.cStat, xMotivo: r.xMotivo };
      },
    });
    return outcome.ok
      ? { type: "probe-ok", detail: outcome.detail }
      : { type: "probe-failed", cause: outcome.cause, detail: outcome.detail, ...(outcome.immediate ? { immediate: true } : {}) };
  };
}
