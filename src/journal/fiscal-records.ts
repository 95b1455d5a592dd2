// Fiscal records besides the note itself: events, reserved gaps and inutilizações.
import type { NumberRange } from "./journal.js";
import type { JournalWriter } from "./journal-writer.js";
import * as numbering from "./numbering.js";
import { prepared } from "./statements.js";
import { canTransition } from "./states.js";
import type { EventRecordInput, InutilizacaoInput, NoteState } from "./types.js";

export function recordEvent(w: JournalWriter, e: EventRecordInput, who: string): void {
  w.tx("record the event", who, (store) => {
    const r = w.row(e.chave);
    const xml = store.putDocument("event", e.chave, e.xml);
    const proc = e.procXml === undefined ? undefined : store.putDocument("event-proc", e.chave, e.procXml);
    const id = Number(
      prepared(
        w.db,
        `INSERT INTO events (chave, tp_evento, n_seq_evento, c_stat, x_motivo, n_prot, xml_doc, proc_doc, created_at, audit_seq)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      ).run(
        e.chave,
        e.tpEvento,
        e.nSeqEvento,
        e.cStat ?? null,
        e.xMotivo ?? null,
        e.nProt ?? null,
        xml.id,
        proc?.id ?? null,
        w.now(),
      ).lastInsertRowid,
    );
    w.commit(
      who,
      "event",
      e.chave,
      { tpEvento: e.tpEvento, nSeqEvento: e.nSeqEvento, cStat: e.cStat },
      proc ? [xml, proc] : [xml],
      [`events:${id}`],
    );
    // 135 registered, 155 registered out of deadline ([NT2018.004]; nfce-reference §5).
    const to: NoteState | undefined =
      e.tpEvento === "110111" ? "cancelled" : e.tpEvento === "110112" ? "substituted" : undefined;
    if (to && (e.cStat === "135" || e.cStat === "155") && canTransition(r.state, to, r.tp_emis))
      w.moveTo(who, r, to, { cStat: e.cStat, xMotivo: e.xMotivo, reason: `event ${e.tpEvento}` });
  });
}

export function recordGap(
  w: JournalWriter,
  series: number,
  count: number,
  reason: string,
  who: string,
): NumberRange {
  return w.tx("reserve numbers", who, () => {
    const { range, gapId } = numbering.reserveGap(w.db, series, count, reason);
    w.commit(who, "gap", null, { ...range, reason }, [], [`gaps:${gapId}`]);
    return range;
  });
}

export function recordInutilizacao(w: JournalWriter, i: InutilizacaoInput, who: string): void {
  w.tx("record the inutilização", who, (store) => {
    const plan = i.cStat === "102" ? numbering.planVoiding(w.db, i) : { gapIds: [], chaves: [] };
    const xml = store.putDocument("inut", null, i.xml);
    const proc = i.procXml === undefined ? undefined : store.putDocument("inut-proc", null, i.procXml);
    const id = Number(
      prepared(
        w.db,
        `INSERT INTO inutilizacoes (series, nnf_ini, nnf_fin, c_stat, x_motivo, n_prot, xml_doc, proc_doc, created_at, audit_seq)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      ).run(
        i.series,
        i.nNFIni,
        i.nNFFin,
        i.cStat,
        i.xMotivo ?? null,
        i.nProt ?? null,
        xml.id,
        proc?.id ?? null,
        w.now(),
      ).lastInsertRowid,
    );
    for (const g of plan.gapIds) prepared(w.db, "UPDATE gaps SET voided = 1 WHERE id = ?").run(g);
    w.commit(
      who,
      "inutilizacao",
      null,
      { series: i.series, nNFIni: i.nNFIni, nNFFin: i.nNFFin, cStat: i.cStat },
      proc ? [xml, proc] : [xml],
      [`inutilizacoes:${id}`, ...plan.gapIds.map((g) => `gaps:${g}` as const)],
    );
    for (const chave of plan.chaves)
      w.moveTo(who, w.row(chave), "voided", {
        cStat: i.cStat,
        nProt: i.nProt,
        reason: "inutilização",
      });
  });
}
