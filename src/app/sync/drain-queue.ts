// Step 2 of a round: the offline queue, oldest first, one note per request, at most
// config.sefaz.drainConcurrency requests at once, each note's back-off respected, nothing while the
// 656 governor holds the authorizer. planDrain (pure) chooses; this shell runs the workers.
import { GOVERNOR_STATE_KEY } from "../../fiscal/sefaz/create-sefaz-client.js";
import type { GovernorState } from "../../fiscal/sefaz/governor.js";
import type { NoteRecord } from "../../journal/types.js";
import { type DrainNote, type GovernorPermission, planDrain } from "../../watchdog/drain-planner.js";
import { isReady, type RoundContext } from "./round-context.js";
import { sendOfflineNote } from "./send-note.js";

function permission(ctx: RoundContext, now: Date): GovernorPermission {
  const state = ctx.journal.getState<GovernorState>(GOVERNOR_STATE_KEY);
  const until = state?.authorizers[ctx.sefaz.authorizer]?.blockedUntil;
  return until !== undefined && until > now.getTime()
    ? { allowed: false, retryAt: new Date(until) }
    : { allowed: true };
}

function drainNoteOf(ctx: RoundContext, note: NoteRecord): DrainNote {
  const m = ctx.memory.get(note.chave);
  return {
    chave: note.chave,
    nNF: note.nNF,
    state: ctx.inFlight.has(note.chave) ? "transmitting" : m.held !== undefined ? "held" : "pending",
    emittedAt: new Date(note.dhEmi),
    attempts: m.attempts,
    lastAttemptAt: null,
    notBefore: m.notBefore === undefined || ctx.ignoreBackoff ? null : new Date(m.notBefore),
  };
}

/** The notes this round will try to send (for the progress total). */
export function drainCandidates(ctx: RoundContext): NoteRecord[] {
  return ctx.journal.pendingNotes().filter((n) => isReady(ctx, n.chave));
}

export async function drainQueue(ctx: RoundContext, onDone: () => void): Promise<void> {
  const tried = new Set<string>();
  const next = (): NoteRecord | undefined => {
    if (ctx.halted !== null) return undefined;
    const now = ctx.clock.now();
    const pending = ctx.journal.pendingNotes();
    const flying = [...ctx.inFlight]
      .map((chave) => ctx.journal.getNote(chave))
      .filter((n) => n !== undefined);
    const plan = planDrain({
      notes: [...pending, ...flying].map((n) => drainNoteOf(ctx, n)),
      linkOnline: true,
      permission: permission(ctx, now),
      now,
      policy: { concurrency: ctx.concurrency, backoffBaseMs: 5_000, backoffCapMs: 300_000 },
    });
    // A corrected note may go again in this round; a note that failed otherwise waits for the next.
    const action = plan.actions.find(
      (a) =>
        a.kind === "send" &&
        !ctx.inFlight.has(a.chave) &&
        (!tried.has(a.chave) || ctx.memory.get(a.chave).corrections > 0),
    );
    if (action === undefined) return undefined;
    return pending.find((n) => n.chave === action.chave);
  };
  const worker = async (): Promise<void> => {
    for (let note = next(); note !== undefined; note = next()) {
      tried.add(note.chave);
      await sendOfflineNote(ctx, note);
      if (ctx.journal.getNote(note.chave)?.state !== "pending") onDone();
    }
  };
  await Promise.all(Array.from({ length: ctx.concurrency }, worker));
}
