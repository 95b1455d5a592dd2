// Step 2 of a round: the offline queue, oldest first, one note per request, at most
// config.sefaz.drainConcurrency requests at once, each note's back-off respected, nothing while the
// 656 governor holds the authorizer. planDrain (pure) chooses; this shell runs the workers.
import { GOVERNOR_STATE_KEY } from "../../fiscal/sefaz/create-sefaz-client.js";
import type { GovernorState } from "../../fiscal/sefaz/governor.js";
import type { NoteRecord } from "../../journal/types.js";
import { type DrainNote, type GovernorPermission, planDrain } from "../../watchdog/drain-planner.js";
import { isReady, type RoundContext } from "./round-context.js";
import { sendOfflineNote } from "./send-note.js";

/** planDrain sees this many waiting notes at a time: enough to fill the slots, O(n) per round. */
const WINDOW = 32;

function permission(ctx: RoundContext, now: Date): GovernorPermission {
  const state = ctx.journal.getState<GovernorState>(GOVERNOR_STATE_KEY);
  const until = state?.authorizers[ctx.sefaz.authorizer]?.blockedUntil;
  return until !== undefined && until > now.getTime()
    ? { allowed: false, retryAt: new Date(until) }
    : { allowed: true };
}

function drainNoteOf(ctx: RoundContext, note: NoteRecord, state: DrainNote["state"]): DrainNote {
  const m = ctx.memory.get(note.chave);
  return {
    chave: note.chave,
    nNF: note.nNF,
    state,
    emittedAt: new Date(note.dhEmi),
    attempts: m.attempts,
    lastAttemptAt: null,
    notBefore: m.notBefore === undefined || ctx.ignoreBackoff ? null : new Date(m.notBefore),
  };
}

/** The notes this round will try to send, oldest first (for the progress total). */
export function drainCandidates(ctx: RoundContext): NoteRecord[] {
  return ctx.journal.pendingNotes().filter((n) => isReady(ctx, n.chave));
}

export async function drainQueue(ctx: RoundContext, onDone: () => void): Promise<void> {
  const waiting = drainCandidates(ctx);
  const flying = new Map<string, NoteRecord>();
  const next = (): NoteRecord | undefined => {
    if (ctx.halted !== null || waiting.length === 0) return undefined;
    const now = ctx.clock.now();
    const plan = planDrain({
      notes: [
        ...waiting.slice(0, WINDOW).map((n) => drainNoteOf(ctx, n, "pending")),
        ...[...flying.values()].map((n) => drainNoteOf(ctx, n, "transmitting")),
      ],
      linkOnline: true,
      permission: permission(ctx, now),
      now,
      policy: { concurrency: ctx.concurrency, backoffBaseMs: 5_000, backoffCapMs: 300_000 },
    });
    const action = plan.actions.find((a) => a.kind === "send");
    const at = action === undefined ? -1 : waiting.findIndex((n) => n.chave === action.chave);
    return at < 0 ? undefined : waiting.splice(at, 1)[0];
  };
  const worker = async (): Promise<void> => {
    for (let note = next(); note !== undefined; note = next()) {
      flying.set(note.chave, note);
      const corrections = ctx.memory.get(note.chave).corrections;
      try {
        await sendOfflineNote(ctx, note);
      } finally {
        flying.delete(note.chave);
      }
      const after = ctx.journal.getNote(note.chave)!;
      // A note corrected with the same key goes again in this round; anything else waits for the next.
      if (after.state === "pending" && ctx.memory.get(note.chave).corrections > corrections)
        waiting.unshift(after);
      else onDone();
    }
  };
  await Promise.all(Array.from({ length: ctx.concurrency }, worker));
}
