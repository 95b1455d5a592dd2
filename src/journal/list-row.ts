// One note as `journal list --json` and GET /api/notes show it (interfaces.md), plus finer fields.
import type { NoteRecord } from "./types.js";

export interface NoteListRow {
  chave: string;
  nNF: number;
  serie: number;
  tpEmis: 1 | 9;
  status: string;
  state: string;
  cStat: string | null;
  nProt: string | null;
  emittedAt: string;
  printed: boolean;
  customer?: string;
}

export function noteListRow(n: NoteRecord): NoteListRow {
  return {
    chave: n.chave,
    nNF: n.nNF,
    serie: n.series,
    tpEmis: n.tpEmis,
    status: n.status,
    state: n.state,
    cStat: n.cStat ?? null,
    nProt: n.nProt ?? null,
    emittedAt: n.dhEmi,
    printed: n.printedAt !== undefined,
    ...(n.customerDocMasked ? { customer: n.customerDocMasked } : {}),
  };
}
