// Is there anything for a round to do now? Cheap journal reads only (no network).
import type { Journal } from "../../journal/journal.js";
import { attemptsToCancel } from "./reconcile-attempts.js";
import type { SyncMemory } from "./sync-memory.js";
import { rangeKey } from "./void-numbers.js";

export function hasSyncWork(journal: Journal, memory: SyncMemory, now: Date): boolean {
  const ready = (key: string) => memory.ready(key, now);
  return (
    journal.pendingNotes().some((n) => ready(n.chave)) ||
    journal.recoveryPlan().queryFirst.some((n) => ready(n.chave)) ||
    attemptsToCancel(journal.listNotes()).some((a) => ready(a.attempt.chave)) ||
    journal.numbersToVoid().some((r) => ready(rangeKey(r)))
  );
}
