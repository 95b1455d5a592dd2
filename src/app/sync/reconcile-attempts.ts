// Step 3 of a round: an online attempt that timed out was re-emitted offline with a new number
// (the substitute's replacesChave points at it). Once the attempt is known to be authorized it is
// cancelled: 110111 within 30 min of its authorization, else 110112 once the substitute is
// authorized, within 168 h (NT 2018.004; reconcileOnlineAttempt decides). Attempts that never
// arrived were abandoned by step 1 and are voided by step 4.
import { formatLocalDateTime } from "../../fiscal/datetime.js";
import type { EventResult } from "../../fiscal/sefaz/results.js";
import type { Journal } from "../../journal/journal.js";
import type { NoteRecord } from "../../journal/types.js";
import { localDateOf } from "../../time/zoned-time.js";
import { timeZoneOfUf } from "../../watchdog/deadline.js";
import {
  CANCEL_WINDOW_MS,
  type OfflineSubstitute,
  reconcileOnlineAttempt,
  SUBSTITUTION_WINDOW_MS,
} from "../../watchdog/reconcile.js";
import { eventFromConsult, recordRegisteredEvent } from "./record-event.js";
import { afterFailedAttempt, type RoundContext, waitOutBlock } from "./round-context.js";

function substituteStatus(n: NoteRecord): OfflineSubstitute["status"] {
  switch (n.state) {
    case "signed":
    case "pending":
      return "pending";
    case "transmitting":
    case "unknown":
      return "transmitting";
    case "authorized":
      return "authorized";
    case "rejected":
      return "rejected";
    default:
      return "held";
  }
}

/**
 * Notes recent enough to matter for a cancellation: emitted in the months that cover the last
 * 168 h + 2 h (NT 2018.004), by the note's own local date (as listNotes' month filter reads dhEmi).
 */
export function recentNotes(journal: Pick<Journal, "listNotes">, now: Date, timeZone: string): NoteRecord[] {
  const months = new Set<string>();
  for (const t of [now.getTime() - SUBSTITUTION_WINDOW_MS - 2 * 3_600_000, now.getTime()]) {
    const d = localDateOf(new Date(t), timeZone);
    months.add(`${d.year}-${String(d.month).padStart(2, "0")}`);
  }
  return [...months].flatMap((month) => journal.listNotes({ month }));
}

/** Authorized online attempts that a substitute replaces, still not cancelled. */
export function attemptsToCancel(
  notes: readonly NoteRecord[],
): Array<{ attempt: NoteRecord; substitute: NoteRecord }> {
  const byChave = new Map(notes.map((n) => [n.chave, n]));
  const out: Array<{ attempt: NoteRecord; substitute: NoteRecord }> = [];
  for (const sub of notes) {
    const attempt = sub.replacesChave === undefined ? undefined : byChave.get(sub.replacesChave);
    if (attempt?.tpEmis === 1 && attempt.state === "authorized") out.push({ attempt, substitute: sub });
  }
  return out;
}

export async function reconcileAttempt(
  ctx: RoundContext,
  attempt: NoteRecord,
  substitute: NoteRecord,
): Promise<void> {
  const { config, journal, memory, clock, log } = ctx;
  const chave = attempt.chave;
  const now = clock.now();
  const uf = config.emitter.address.uf;
  const authorizedAt = new Date(attempt.dhRecbto ?? attempt.dhEmi);
  // After a 501 to 110111 (SEFAZ's clock ahead of ours) only 110112 remains: never ask 110111 again.
  const closed = memory.get(chave).cancelWindowClosed === true;
  const effectiveAuthorizedAt = closed
    ? new Date(Math.min(authorizedAt.getTime(), now.getTime() - CANCEL_WINDOW_MS))
    : authorizedAt;
  const action = reconcileOnlineAttempt({
    attempt: { chave, serie: attempt.series, nNF: attempt.nNF, dhEmi: new Date(attempt.dhEmi) },
    consultResult: {
      kind: "authorized",
      cStat: attempt.cStat ?? "100",
      nProt: attempt.nProt ?? "",
      // dhRecbto carries its offset; without it (never expected) the emission time is the safe floor.
      authorizedAt: effectiveAuthorizedAt,
    },
    offlineSubstitute: {
      chave: substitute.chave,
      status: substituteStatus(substitute),
      dhEmi: new Date(substitute.dhEmi),
    },
    now,
    timeZone: timeZoneOfUf(uf),
  });
  if (action.action === "hold") {
    log.warn("duplicate online attempt held for an operator", { chave, reason: action.reason });
    memory.update(chave, (m) => ({ ...m, held: action.reason }));
    return;
  }
  if (action.action !== "cancel" && action.action !== "cancel-by-substitution") return;
  const dhEvento = formatLocalDateTime(now, uf);
  ctx.inFlight.add(chave);
  let r: EventResult;
  try {
    r =
      action.action === "cancel"
        ? await ctx.sefaz.cancel({ chave, nProt: action.nProt, xJust: action.xJust, dhEvento })
        : await ctx.sefaz.cancelBySubstitution({
            chave,
            nProt: action.nProt,
            xJust: action.xJust,
            dhEvento,
            chNFeRef: action.chNFeRef,
          });
  } finally {
    ctx.inFlight.delete(chave);
  }
  if (r.outcome === "rejected" && r.cStat === "573") {
    // Registered already (an earlier answer was lost): take the event from the query.
    const found = eventFromConsult(await ctx.sefaz.consult(chave), action.tpEvento);
    if (found) r = found;
  }
  switch (r.outcome) {
    case "registered":
      ctx.tally.answered++;
      recordRegisteredEvent(journal, chave, action.tpEvento, r);
      memory.forget(chave);
      ctx.tally.cancelled++;
      ctx.onNote(chave, action.tpEvento === "110111" ? "cancelled" : "substituted");
      return;
    case "rejected":
      ctx.tally.answered++;
      log.warn("cancellation refused", {
        chave,
        tpEvento: action.tpEvento,
        cStat: r.cStat,
        xMotivo: r.xMotivo,
      });
      if (r.action === "transient") {
        ctx.halted = `evento ${r.cStat}`;
        memory.update(chave, (m) => afterFailedAttempt(m, now));
      } else if (action.action === "cancel" && r.cStat === "501") {
        // Past the 30 minutes after all: the next round uses 110112 once the substitute is authorized.
        memory.update(chave, (m) => ({ ...m, cancelWindowClosed: true }));
      } else {
        memory.update(chave, (m) => ({
          ...m,
          held: `Cancelamento ${action.tpEvento} recusado (${r.cStat} ${r.xMotivo}): procure o contador.`,
        }));
      }
      return;
    case "blocked":
      waitOutBlock(ctx, chave, r);
      return;
    default:
      ctx.tally.unanswered++;
      ctx.halted = `evento: ${r.reason}`;
      memory.update(chave, (m) => afterFailedAttempt(m, now));
  }
}
