// Writing a registered event (110111 / 110112) to the journal, also when it was found by a query
// instead of answered directly (573 "duplicidade de evento": an earlier answer was lost).
import type { ConsultResult, EventResult } from "../../fiscal/sefaz/results.js";
import { elementRaw, textOf } from "../../fiscal/sefaz/xml-text.js";
import type { Journal } from "../../journal/journal.js";
import { SYNC_ACTOR } from "./round-context.js";

type Registered = Extract<EventResult, { outcome: "registered" }>;

/** recordEvent moves the note to cancelled / substituted in the same transaction (135, 155). */
export function recordRegisteredEvent(
  journal: Journal,
  chave: string,
  tpEvento: string,
  r: Registered,
  who: string = SYNC_ACTOR,
): void {
  journal.recordEvent(
    {
      chave,
      tpEvento,
      nSeqEvento: 1,
      xml: r.eventoXml,
      cStat: r.cStat,
      xMotivo: r.xMotivo,
      nProt: r.nProt,
      procXml: r.procEventoXml,
    },
    who,
  );
}

/** The registered event of this type inside a consultation's procEventoNFe list, if any. */
export function eventFromConsult(consult: ConsultResult, tpEvento: string): Registered | undefined {
  if (consult.outcome !== "cancelled" && consult.outcome !== "authorized") return undefined;
  const events = consult.outcome === "cancelled" ? consult.eventsXml : [];
  const proc = events.find((e) => textOf(e, "tpEvento") === tpEvento);
  if (proc === undefined) return undefined;
  const retEvento = elementRaw(proc, "retEvento") ?? "";
  const cStat = textOf(retEvento, "cStat") ?? "";
  if (cStat !== "135" && cStat !== "155") return undefined;
  return {
    outcome: "registered",
    cStat,
    xMotivo: textOf(retEvento, "xMotivo") ?? "",
    nProt: textOf(retEvento, "nProt") ?? "",
    dhRegEvento: textOf(retEvento, "dhRegEvento") ?? "",
    eventoXml: elementRaw(proc, "evento") ?? "",
    retEventoXml: retEvento,
    procEventoXml: proc,
  };
}
