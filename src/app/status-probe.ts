// The status service as the link watchdog asks it. The governor spaces status requests (656), and
// the watchdog may probe more often while recovering: a request held for spacing answers with the
// last real answer instead of counting as a failure, so recovery is not reset by our own governor;
// after a failed real request, spaced calls fail too until a real request answers again; and an
// answer from before the kiosk went offline (a sale's authorization failed) is not proof of recovery.
import type { Clock } from "../clock.js";
import type { SefazClient } from "../fiscal/sefaz/sefaz-client.js";
import type { ContingencyState } from "./contingency-state.js";

/** When the current automatic contingency began (cached answers older than that are stale), or null. */
export interface StaleGuard {
  clock: Clock;
  failedSince(): Date | null;
}

export function contingencyGuard(core: {
  clock: Clock;
  contingency: Pick<ContingencyState, "snapshot">;
}): StaleGuard {
  return {
    clock: core.clock,
    failedSince: () => {
      const m = core.contingency.snapshot();
      return m.mode === "contingency" && !m.episode.manual ? m.episode.since : null;
    },
  };
}

export function spacedStatus(
  sefaz: Pick<SefazClient, "status">,
  guard?: StaleGuard,
): () => Promise<{ cStat: string; xMotivo: string }> {
  let last: { cStat: string; xMotivo: string; at: number } | undefined;
  return async () => {
    const r = await sefaz.status();
    if (r.outcome === "answered") {
      last = { cStat: r.cStat, xMotivo: r.xMotivo, at: guard?.clock.now().getTime() ?? 0 };
      return { cStat: last.cStat, xMotivo: last.xMotivo };
    }
    const failedAt = guard?.failedSince()?.getTime();
    if (r.outcome === "blocked" && last !== undefined && (failedAt === undefined || last.at > failedAt))
      return { cStat: last.cStat, xMotivo: last.xMotivo };
    // A real request failed: until another one answers, a spaced call reports that failure, never
    // the answer from before it (else a cut link looks healthy between two real requests).
    if (r.outcome !== "blocked") last = undefined;
    throw new Error(`${r.outcome}: ${r.reason}`);
  };
}
