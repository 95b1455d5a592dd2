// What `journal export` hands to the accountant: authorized nfeProc, events and inutilizações.
import type Database from "better-sqlite3";
import type { ExportItem } from "./journal.js";
import type { JournalStore } from "./journal-store.js";
import { prepared } from "./statements.js";

interface DocRefs {
  xml_doc: number;
  proc_doc: number | null;
}

function pick(store: JournalStore, r: DocRefs): { bytes: Buffer; isProc: boolean } {
  return { bytes: store.readDocument(r.proc_doc ?? r.xml_doc), isProc: r.proc_doc !== null };
}

export function collectExportItems(db: Database.Database, store: JournalStore, month?: string): ExportItem[] {
  const m = month ?? null;
  const items: ExportItem[] = [];
  const notes = prepared(
    db,
    `SELECT chave, proc_doc FROM notes WHERE proc_doc IS NOT NULL AND (? IS NULL OR substr(dh_emi, 1, 7) = ?)
       ORDER BY series, nnf`,
  ).all(m, m) as Array<{ chave: string; proc_doc: number }>;
  for (const n of notes)
    items.push({ name: `${n.chave}-nfeProc.xml`, kind: "nfe-proc", bytes: store.readDocument(n.proc_doc) });

  const events = prepared(
    db,
    `SELECT e.chave, e.tp_evento, e.n_seq_evento, e.xml_doc, e.proc_doc FROM events e JOIN notes n ON n.chave = e.chave
       WHERE ? IS NULL OR substr(e.created_at, 1, 7) = ? ORDER BY e.id`,
  ).all(m, m) as Array<DocRefs & { chave: string; tp_evento: string; n_seq_evento: number }>;
  for (const e of events) {
    const { bytes, isProc } = pick(store, e);
    const base = `${e.chave}-${e.tp_evento}-${String(e.n_seq_evento).padStart(2, "0")}`;
    items.push({
      name: `${base}-${isProc ? "procEventoNFe" : "evento"}.xml`,
      kind: isProc ? "event-proc" : "event",
      bytes,
    });
  }

  const inuts = prepared(
    db,
    `SELECT series, nnf_ini, nnf_fin, xml_doc, proc_doc FROM inutilizacoes
       WHERE c_stat = '102' AND (? IS NULL OR substr(created_at, 1, 7) = ?) ORDER BY id`,
  ).all(m, m) as Array<DocRefs & { series: number; nnf_ini: number; nnf_fin: number }>;
  for (const u of inuts) {
    const { bytes, isProc } = pick(store, u);
    const name = `inut-${u.series}-${u.nnf_ini}-${u.nnf_fin}-${isProc ? "procInutNFe" : "inutNFe"}.xml`;
    items.push({ name, kind: isProc ? "inut-proc" : "inut", bytes });
  }
  return items;
}
