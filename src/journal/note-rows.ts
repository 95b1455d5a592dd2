// Row <-> record mapping for notes, and reading the rows that fingerprints cover.
import type Database from "better-sqlite3";
import type { FingerprintKey } from "./row-fingerprint.js";
import { prepared } from "./statements.js";
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

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

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
  const extras: Partial<NoteRecord> = {
    customerDocMasked: opt(r.customer_doc_masked),
    dhCont: opt(r.dh_cont),
    xJust: opt(r.x_just),
    replacesChave: opt(r.replaces_chave),
    cStat: opt(r.c_stat),
    xMotivo: opt(r.x_motivo),
    nProt: opt(r.n_prot),
    dhRecbto: opt(r.dh_recbto),
    printedAt: opt(r.printed_at),
  };
  for (const [k, v] of Object.entries(extras))
    if (v !== undefined) (rec as unknown as Record<string, unknown>)[k] = v;
  return rec;
}

const TABLE_KEY: Record<string, string> = { notes: "chave", gaps: "id", events: "id", inutilizacoes: "id" };

/** Reads the row a fingerprint key names (undefined when it no longer exists). */
export function readKeyedRow(
  db: Database.Database,
  key: FingerprintKey,
): Record<string, unknown> | undefined {
  const sep = key.indexOf(":");
  const table = key.slice(0, sep);
  const id = key.slice(sep + 1);
  const column = TABLE_KEY[table];
  if (column === undefined) throw new Error(`unknown table in fingerprint key ${key}`);
  return prepared(db, `SELECT * FROM ${table} WHERE ${column} = ?`).get(column === "id" ? Number(id) : id) as
    | Record<string, unknown>
    | undefined;
}
