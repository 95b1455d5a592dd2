// The status service as the link watchdog asks it. The governor spaces status requests (656), and
// the watchdog may probe more often while recovering: a request held for spacing answers with the
// last real answer instead of counting as a failure, so recovery is not reset by our own governor;
// after a failed real request, spaced calls fail too until a real request answers again.
import type { SefazClient } from "../fiscal/sefaz/sefaz-client.js";

export function spacedStatus(
  sefaz: Pick<SefazClient, "status">,
): () => Promise<{ cStat: string; xMotivo: string }> {
  let last: { cStat: string; xMotivo: string } | undefined;
  return async () => {
    const r = await sefaz.status();
    if (r.outcome === "answered") {
      last = { cStat: r.cStat, xMotivo: r.xMotivo };
      return last;
    }
    if (r.outcome === "blocked" && last !== undefined) return last;
    // A real request failed: until another one answers, a spaced call reports that failure, never
    // the answer from before it (else a cut link looks healthy between two real requests).
    if (r.outcome !== "blocked") last = undefined;
    throw new Error(`${r.outcome}: ${r.reason}`);
  };
}
