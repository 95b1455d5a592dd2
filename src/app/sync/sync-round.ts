// One full round, in order: (1) query every note whose answer was lost, (2) drain the offline
// queue, (3) cancel timed-out online attempts that SEFAZ authorized after all, (4) void unused
// numbers. Each step stops sending once SEFAZ proved unreachable, paused or blocking (ctx.halted).
import type { NoteRecord } from "../../journal/types.js";
import { timeZoneOfUf } from "../../watchdog/deadline.js";
import { drainCandidates, drainQueue } from "./drain-queue.js";
import { attemptsToCancel, recentNotes, reconcileAttempt } from "./reconcile-attempts.js";
import { isReady, type RoundContext } from "./round-context.js";
import { settleUncertain } from "./settle-uncertain.js";
import { abandonRejectedAttempts, rangeKey, voidRange } from "./void-numbers.js";

export interface RoundResult {
  sent: number;
  authorized: number;
  /** Notes rejected in this round and held for an operator (docs/contingency.md "Synchronization"). */
  rejected: number;
  /** Offline notes still waiting for authorization after the round. */
  pending: number;
  corrected: number;
  cancelled: number;
  voided: number;
  /** SEFAZ answered at least one request of this round. */
  reached: boolean;
  /** Requests of this round that got no answer at all. */
  unanswered: number;
  /** Why the round stopped sending early, if it did. */
  halted: string | null;
}

/**
 * A note "transmitting" for less than the client's timeout may be an online sale in flight in this
 * very process (the emission pipeline): leave it to the pipeline; older ones are crash leftovers.
 */
function quietLongEnough(ctx: RoundContext, n: NoteRecord): boolean {
  if (n.state !== "transmitting") return true;
  const quietMs = ctx.config.sefaz.timeoutMs + ctx.config.sefaz.onlineWaitMs;
  return ctx.clock.now().getTime() - Date.parse(n.updatedAt) >= quietMs;
}

function uncertain(ctx: RoundContext): NoteRecord[] {
  return ctx.journal
    .recoveryPlan()
    .queryFirst.filter((n) => !ctx.inFlight.has(n.chave) && quietLongEnough(ctx, n) && isReady(ctx, n.chave));
}

export async function runSyncRound(
  ctx: RoundContext,
  progress: (done: number, total: number) => void,
): Promise<RoundResult> {
  const toQuery = uncertain(ctx);
  let total = toQuery.length + drainCandidates(ctx).length;
  let done = 0;
  const tick = () => progress(++done, Math.max(total, done));
  progress(0, total);

  for (const note of toQuery) {
    if (ctx.halted !== null) break;
    await settleUncertain(ctx, note);
    tick();
  }
  // Notes that step 1 put back in the queue (217) join this round's drain.
  total = done + drainCandidates(ctx).length;
  await drainQueue(ctx, tick);

  for (const { attempt, substitute } of attemptsToCancel(
    recentNotes(ctx.journal, ctx.clock.now(), timeZoneOfUf(ctx.config.emitter.address.uf)),
  )) {
    if (ctx.halted !== null) break;
    if (!isReady(ctx, attempt.chave)) continue;
    await reconcileAttempt(ctx, attempt, substitute);
  }
  abandonRejectedAttempts(ctx);
  for (const range of ctx.journal.numbersToVoid()) {
    if (ctx.halted !== null) break;
    if (!isReady(ctx, rangeKey(range))) continue;
    await voidRange(ctx, range);
  }
  const t = ctx.tally;
  return {
    sent: t.sent,
    authorized: t.authorized,
    rejected: t.rejected,
    pending:
      ctx.journal.offlineBacklog().count -
      ctx.journal.listNotes({ status: "rejected" }).filter((n) => n.tpEmis === 9).length,
    corrected: t.corrected,
    cancelled: t.cancelled,
    voided: t.voided,
    reached: t.answered > 0,
    unanswered: t.unanswered,
    halted: ctx.halted,
  };
}
