// Step 1 of a round: a note whose answer was lost ("transmitting" after a crash, "unknown" after a
// timeout) is queried by key before anything is resent, so that 204/539 never happen by our own
// doing (nfce-reference §6 "Q"; field-notes (d)1). Found authorized: the nfeProc is built from the
// stored signed bytes plus the protocol. Not found (217): an offline note goes back to the queue;
// an online attempt is abandoned (its number voided later) once a late arrival is impossible.
import { buildNfeProc } from "../../fiscal/sefaz/nfe-proc.js";
import { textOf } from "../../fiscal/sefaz/xml-text.js";
import type { NoteRecord } from "../../journal/types.js";
import { LATE_ARRIVAL_MARGIN_MS } from "../../watchdog/reconcile.js";
import { eventFromConsult, recordRegisteredEvent } from "./record-event.js";
import { afterFailedAttempt, type RoundContext, SYNC_ACTOR, waitOutBlock } from "./round-context.js";

const TRANSIENT_QUERY = new Set(["108", "109", "656", "999"]);

export async function settleUncertain(ctx: RoundContext, note: NoteRecord): Promise<void> {
  const { journal, memory, clock, log } = ctx;
  const chave = note.chave;
  ctx.inFlight.add(chave);
  try {
    const r = await ctx.sefaz.consult(chave);
    const now = clock.now();
    switch (r.outcome) {
      case "authorized":
      case "cancelled": {
        ctx.tally.answered++;
        if (r.protNFeXml === undefined || r.nProt === undefined) {
          log.warn("consulta: note cancelled at SEFAZ without a protocol in the answer", { chave });
          return;
        }
        const nfe = journal.getDocument(chave, "nfe")!.toString("utf8");
        journal.storeAuthorization(
          chave,
          {
            cStat: textOf(r.protNFeXml, "cStat") ?? "100",
            xMotivo: textOf(r.protNFeXml, "xMotivo") ?? r.xMotivo,
            nProt: r.nProt,
            dhRecbto: textOf(r.protNFeXml, "dhRecbto") ?? "",
            nfeProcXml: buildNfeProc(nfe, r.protNFeXml),
          },
          "sefaz",
        );
        memory.forget(chave);
        ctx.tally.authorized++;
        ctx.onNote(chave, "authorized");
        for (const tp of ["110111", "110112"]) {
          const ev = eventFromConsult(r, tp);
          if (ev) recordRegisteredEvent(journal, chave, tp, ev);
        }
        return;
      }
      case "not-found": {
        ctx.tally.answered++;
        if (note.tpEmis === 9) {
          journal.transition(
            chave,
            "pending",
            { cStat: r.cStat, reason: "not at SEFAZ (217): send again" },
            SYNC_ACTOR,
          );
          return;
        }
        const finalAt = Date.parse(note.dhEmi) + LATE_ARRIVAL_MARGIN_MS;
        if (now.getTime() < finalAt) {
          // A delayed request could still arrive (SEFAZ refuses it after 5 min: 704); ask again then.
          memory.update(chave, (m) => ({ ...m, notBefore: new Date(finalAt).toISOString() }));
          return;
        }
        if (note.state !== "abandoned")
          journal.transition(
            chave,
            "abandoned",
            { cStat: r.cStat, reason: "online attempt never reached SEFAZ (217): number to be voided" },
            SYNC_ACTOR,
          );
        memory.forget(chave);
        ctx.onNote(chave, "abandoned");
        return;
      }
      case "rejected": {
        ctx.tally.answered++;
        if (TRANSIENT_QUERY.has(r.cStat)) {
          ctx.halted = `consulta ${r.cStat}`;
          memory.update(chave, (m) => afterFailedAttempt(m, now));
        } else {
          log.warn("consulta refused", { chave, cStat: r.cStat, xMotivo: r.xMotivo });
          memory.update(chave, (m) => ({
            ...m,
            held: `Consulta recusada pela SEFAZ (${r.cStat} ${r.xMotivo}): verifique a nota com o suporte técnico.`,
          }));
        }
        return;
      }
      case "blocked":
        waitOutBlock(ctx, chave, r);
        return;
      default:
        ctx.tally.unanswered++;
        ctx.halted = `consulta: ${r.reason}`;
        memory.update(chave, (m) => afterFailedAttempt(m, now, true));
    }
  } finally {
    ctx.inFlight.delete(chave);
  }
}
