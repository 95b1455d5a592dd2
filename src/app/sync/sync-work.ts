// Is there anything for a round to do now? Cheap journal reads only (no network).
import type { Journal } from "../../journal/journal.js";
import type { NoteRecord } from "../../journal/types.js";
import { LATE_ARRIVAL_MARGIN_MS } from "../../watchdog/reconcile.js";
import { attemptsToCancel, recentNotes } from "./reconcile-attempts.js";
import type { SyncMemory } from "./sync-memory.js";
import { rangeKey } from "./void-numbers.js";

/** `quietMs`: a note "transmitting" for less than this may be an online sale in flight, not work. */
export function hasSyncWork(
  journal: Journal,
  memory: SyncMemory,
  now: Date,
  quietMs: number,
  timeZone: string,
): boolean {
  const ready = (key: string) => memory.ready(key, now);
  const settled = (n: NoteRecord) =>
    n.state !== "transmitting" || now.getTime() - Date.parse(n.updatedAt) >= quietMs;
  return (
    journal.pendingNotes().some((n) => ready(n.chave)) ||
    journal.recoveryPlan().queryFirst.some((n) => settled(n) && ready(n.chave)) ||
    attemptsToCancel(recentNotes(journal, now, timeZone)).some((a) => ready(a.attempt.chave)) ||
    journal
      .listNotes({ status: "rejected" })
      .some((n) => n.tpEmis === 1 && now.getTime() - Date.parse(n.dhEmi) >= LATE_ARRIVAL_MARGIN_MS) ||
    journal.numbersToVoid().some((r) => ready(rangeKey(r)))
  );
}
