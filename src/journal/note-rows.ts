// Row <-> record mapping for notes.
import { contractStatus } from "./states.js";
import type { NoteRecord, NoteState } from "./types.js";

export interface NoteRow {
  chave: string;
  series: number;
  nnf: number;
  tp_emis: 1 | 9;
  cnf: string;
  dh_emi: string;
  dh_emi_ms: number;
  vnf: string;
  state: NoteState;
  xml_doc: number;
  qr_code: string;
  customer_doc_masked: string | null;
  customer_doc: number | null;
  sale_doc: number | null;
  dh_cont: string | null;
  x_just: string | null;
  replaces_chave: string | null;
  receipt_doc: number | null;
  printed_at: string | null;
  c_stat: string | null;
  x_motivo: string | null;
  n_prot: string | null;
  dh_recbto: string | null;
  proc_doc: number | null;
  created_at: string;
  updated_at: string;
  audit_seq: number;
}

export function toNoteRecord(r: NoteRow): NoteRecord {
  const rec: NoteRecord = {
    chave: r.chave,
    series: r.series,
    nNF: r.nnf,
    tpEmis: r.tp_emis,
    cNF: r.cnf,
    dhEmi: r.dh_emi,
    vNF: r.vnf,
    state: r.state,
    status: contractStatus(r.state),
    qrCode: r.qr_code,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  // Absent, not undefined, when the column is NULL (records are compared and serialized as is).
  if (r.customer_doc_masked !== null) rec.customerDocMasked = r.customer_doc_masked;
  if (r.dh_cont !== null) rec.dhCont = r.dh_cont;
  if (r.x_just !== null) rec.xJust = r.x_just;
  if (r.replaces_chave !== null) rec.replacesChave = r.replaces_chave;
  if (r.c_stat !== null) rec.cStat = r.c_stat;
  if (r.x_motivo !== null) rec.xMotivo = r.x_motivo;
  if (r.n_prot !== null) rec.nProt = r.n_prot;
  if (r.dh_recbto !== null) rec.dhRecbto = r.dh_recbto;
  if (r.printed_at !== null) rec.printedAt = r.printed_at;
  return rec;
}
