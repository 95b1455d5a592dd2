// Sending one offline note (one note per request: [NT2023.002] 126/452) as an outbox: the journal
// says "transmitting" before the request leaves and records the outcome after it. What follows a
// rejection is nextStepForNote's decision (docs/contingency.md §4).
import type { AuthorizationResult } from "../../fiscal/sefaz/results.js";
import type { NoteRecord } from "../../journal/types.js";
import { nextStepForNote } from "../../watchdog/note-step.js";
import { correctOfflineNote } from "./correct-note.js";
import { afterFailedAttempt, type RoundContext, SYNC_ACTOR, waitOutBlock } from "./round-context.js";
import { settleUncertain } from "./settle-uncertain.js";

type Rejected = Extract<AuthorizationResult, { outcome: "rejected" }>;

export async function sendOfflineNote(ctx: RoundContext, note: NoteRecord): Promise<void> {
  const { journal, memory, clock } = ctx;
  const chave = note.chave;
  const xml = journal.getDocument(chave, "nfe")!.toString("utf8");
  ctx.inFlight.add(chave);
  let r: AuthorizationResult;
  try {
    journal.transition(chave, "transmitting", { reason: "transmission of the offline note" }, SYNC_ACTOR);
    r = await ctx.sefaz.authorize(xml);
  } finally {
    ctx.inFlight.delete(chave);
  }
  const now = clock.now();
  if (r.outcome !== "blocked") ctx.tally.sent++;
  switch (r.outcome) {
    case "authorized":
      ctx.tally.answered++;
      journal.storeAuthorization(
        chave,
        {
          cStat: r.cStat,
          xMotivo: r.xMotivo,
          nProt: r.nProt,
          dhRecbto: r.dhRecbto,
          nfeProcXml: r.nfeProcXml,
        },
        "sefaz",
      );
      memory.forget(chave);
      ctx.tally.authorized++;
      ctx.onNote(chave, "authorized");
      return;
    case "unknown":
      // The request may have been processed: never resend blindly; query by key right away.
      ctx.tally.unanswered++;
      journal.transition(chave, "unknown", { reason: r.reason }, SYNC_ACTOR);
      ctx.onNote(chave, "unknown");
      await settleUncertain(ctx, journal.getNote(chave)!);
      return;
    case "unreachable":
      ctx.tally.unanswered++;
      journal.transition(chave, "pending", { reason: `not sent: ${r.reason}` }, SYNC_ACTOR);
      memory.update(chave, (m) => afterFailedAttempt(m, now, true));
      ctx.halted = `unreachable: ${r.reason}`;
      ctx.onNote(chave, "retry");
      return;
    case "blocked":
      journal.transition(
        chave,
        "pending",
        { reason: `held by the request governor: ${r.reason}` },
        SYNC_ACTOR,
      );
      waitOutBlock(ctx, chave, r);
      ctx.onNote(chave, "retry");
      return;
    case "rejected":
      ctx.tally.answered++;
      return afterRejection(ctx, note, r);
  }
}

async function afterRejection(ctx: RoundContext, note: NoteRecord, r: Rejected): Promise<void> {
  const { journal, memory, clock, log } = ctx;
  const chave = note.chave;
  const now = clock.now();
  const m = memory.get(chave);
  const step = nextStepForNote(
    { chave, tpEmis: 9, attempts: m.attempts, corrections: m.corrections },
    { kind: "rejected", cStat: r.cStat, xMotivo: r.xMotivo, cStatClass: r.action },
    now,
  );
  const info = { cStat: r.cStat, xMotivo: r.xMotivo };
  switch (step.action) {
    case "correct-and-resend": {
      journal.transition(chave, "rejected", { ...info, reason: step.reason }, "sefaz");
      try {
        await correctOfflineNote(journal.getNote(chave)!, {
          ...ctx,
          now,
          ...(ctx.xsd ? { xsd: ctx.xsd } : {}),
        });
      } catch (error) {
        const reason = `Rejeição ${r.cStat} (${r.xMotivo}): a correção automática falhou; a nota precisa de um operador.`;
        log.error("automatic correction failed", { chave, error });
        memory.update(chave, (x) => ({ ...x, held: reason }));
        ctx.tally.rejected++;
        ctx.onNote(chave, "held");
        return;
      }
      memory.update(chave, (x) => ({ ...x, corrections: x.corrections + 1 }));
      ctx.tally.corrected++;
      ctx.onNote(chave, "corrected");
      return;
    }
    case "hold":
      journal.transition(chave, "rejected", { ...info, reason: step.reason }, "sefaz");
      memory.update(chave, (x) => ({ ...x, held: step.reason }));
      ctx.tally.rejected++;
      ctx.onNote(chave, "held");
      return;
    case "query-by-key":
      // 204 and friends: SEFAZ may already hold this key; recover its protocol instead of resending.
      journal.transition(chave, "unknown", { ...info, reason: "query by key before anything else" }, "sefaz");
      await settleUncertain(ctx, journal.getNote(chave)!);
      return;
    case "retry":
      journal.transition(chave, "pending", { ...info, reason: "transient rejection: retry later" }, "sefaz");
      memory.update(chave, (x) => ({
        ...x,
        attempts: x.attempts + 1,
        lastAttemptAt: now.toISOString(),
        notBefore: step.notBefore.toISOString(),
      }));
      // 108/109 paused, 656 blocked, 999: nothing else goes out in this round.
      ctx.halted = `rejection ${r.cStat}`;
      ctx.onNote(chave, "retry");
      return;
    default:
      log.error("unexpected step for an offline note", { chave, step: step.action });
      journal.transition(chave, "rejected", { ...info, reason: `unexpected step ${step.action}` }, "sefaz");
      memory.update(chave, (x) => ({
        ...x,
        held: `Rejeição ${r.cStat} (${r.xMotivo}): chame o suporte técnico.`,
      }));
      ctx.tally.rejected++;
  }
}
