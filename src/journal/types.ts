// The journal's vocabulary: what a note is, which states it goes through, what verify reports.

/** Fine-grained life cycle of a note in the journal (see states.ts for the legal moves). */
export type NoteState =
  | "signed" // number reserved and the exact signed bytes stored; nothing sent yet
  | "pending" // offline note (tpEmis 9) waiting for transmission
  | "transmitting" // handed to SEFAZ, answer not yet recorded
  | "unknown" // the answer never came: query by key before anything else
  | "authorized"
  | "rejected" // reason kept; an offline note waits for correction with the same key
  | "cancelled" // event 110111
  | "substituted" // cancelled by substitution, event 110112
  | "abandoned" // online attempt that SEFAZ does not have: its number must be voided
  | "voided"; // number inutilizado

/** The statuses of the outside contract (interfaces.md), plus the finer "abandoned". */
export type ContractStatus = "authorized" | "pending" | "rejected" | "cancelled" | "voided" | "abandoned";

export interface NewNote {
  chave: string;
  series: number;
  nNF: number;
  tpEmis: 1 | 9;
  cNF: string;
  /** dhEmi exactly as written in the XML (with its offset). */
  dhEmi: string;
  vNF: string;
  /** The exact signed NFe bytes, never re-serialized. */
  xml: string;
  qrCode: string;
  /** Consumer CPF/CNPJ digits; stored encrypted when the journal has a data key, shown masked. */
  customerDoc?: string;
  saleJson?: string;
  dhCont?: string;
  xJust?: string;
  /** Offline note issued for a timed-out online attempt (the attempt's chave). */
  replacesChave?: string;
}

export interface TransitionInfo {
  reason?: string;
  cStat?: string;
  xMotivo?: string;
  nProt?: string;
}

export interface NoteRecord {
  chave: string;
  series: number;
  nNF: number;
  tpEmis: 1 | 9;
  cNF: string;
  dhEmi: string;
  vNF: string;
  state: NoteState;
  status: ContractStatus;
  qrCode: string;
  /** Masked (***.456.789-**), never the full document. */
  customerDocMasked?: string;
  dhCont?: string;
  xJust?: string;
  replacesChave?: string;
  cStat?: string;
  xMotivo?: string;
  nProt?: string;
  dhRecbto?: string;
  printedAt?: string;
  createdAt: string;
  updatedAt: string;
}

export interface Authorization {
  cStat: string;
  xMotivo: string;
  nProt: string;
  dhRecbto: string;
  nfeProcXml: string;
}

export interface EventRecordInput {
  chave: string;
  tpEvento: string;
  nSeqEvento: number;
  xml: string;
  cStat?: string;
  xMotivo?: string;
  nProt?: string;
  procXml?: string;
}

export interface InutilizacaoInput {
  series: number;
  nNFIni: number;
  nNFFin: number;
  xml: string;
  cStat: string;
  xMotivo?: string;
  nProt?: string;
  procXml?: string;
}

export interface GapRecord {
  series: number;
  nNFIni: number;
  nNFFin: number;
  reason: string;
  voided: boolean;
}

export interface Problem {
  /** Stable machine-readable kind. */
  kind:
    | "integrity"
    | "audit-chain"
    | "audit-missing"
    | "audit-anchor"
    | "document-hash"
    | "document-missing"
    | "number-duplicate"
    | "number-gap"
    | "counter"
    | "state-mismatch"
    | "clock-floor"
    | "restored-from-backup";
  message: string;
  chave?: string;
}

export interface VerifyResult {
  ok: boolean;
  problems: Problem[];
}

export interface RecoveryPlan {
  /** Notes whose receipt may never have reached the customer: print again. */
  reprint: NoteRecord[];
  /** Notes that may be at SEFAZ: query by key before resending. */
  queryFirst: NoteRecord[];
  /** Online attempts signed but never handed to SEFAZ: send now if dhEmi is under 5 min old, else abandon. */
  notSent: NoteRecord[];
}

export interface NoteFilter {
  /** A contract status (authorized, pending, ...) or a fine state (signed, unknown, ...). */
  status?: string;
  /** YYYY-MM of dhEmi (local date as written). */
  month?: string;
}
