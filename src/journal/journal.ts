// The journal's public interface: the kiosk's source of truth for numbers, documents and states.
import type {
  Authorization,
  EventRecordInput,
  GapRecord,
  InutilizacaoInput,
  NewNote,
  NoteFilter,
  NoteRecord,
  NoteState,
  RecoveryPlan,
  TransitionInfo,
  VerifyResult,
} from "./types.js";

export type NoteDocumentKind = "nfe" | "nfe-proc" | "receipt" | "sale";

export interface NumberRange {
  series: number;
  nNFIni: number;
  nNFFin: number;
}

export interface ExportItem {
  /** File name for the accountant (e.g. "<chave>-nfeProc.xml"). */
  name: string;
  kind: "nfe-proc" | "event-proc" | "event" | "inut-proc" | "inut";
  bytes: Buffer;
}

export interface Journal {
  /** The number the next insertNote for this series must use. */
  nextNumber(series: number): number;
  /** Declares where a series starts (only before its first number is used). */
  startSeries(series: number, firstNumber: number, who: string): void;
  /** One transaction: checks nNF === nextNumber(series), stores the exact bytes, state "signed", audit row. */
  insertNote(note: NewNote, who: string): NoteRecord;
  /**
   * Runs several writes as ONE transaction and one durable commit: all of them or none (a failure
   * inside rolls everything back). Saves fsyncs on the sale path (an SD card's are slow).
   */
  atomically<T>(fn: () => T): T;
  /** Moves a note to another state; refuses illegal moves (states.ts). */
  transition(chave: string, to: NoteState, info: TransitionInfo, who: string): NoteRecord;
  /**
   * Stores the receipt bytes BEFORE they go to the printer, so that every receipt that can reach
   * paper is in the journal byte for byte, even if the power fails mid-print. Not yet "printed".
   */
  recordReceipt(chave: string, receipt: Uint8Array, who: string): void;
  /** The printer confirmed these bytes (stored now unless recordReceipt already stored them). */
  markPrinted(chave: string, receipt: Uint8Array, who: string): void;
  /** Authorized: stores nfeProc byte-exact (compressed) with cStat, nProt, dhRecbto. */
  storeAuthorization(chave: string, a: Authorization, who: string): NoteRecord;
  /**
   * A rejected offline note, fixed and re-signed with the same key ([A4] §3): back to "pending".
   * `saleJson`: the sale it was rebuilt from, when an operator corrected it (kept as the note's sale).
   */
  storeCorrection(chave: string, xml: string, qrCode: string, who: string, saleJson?: string): NoteRecord;
  getNote(chave: string): NoteRecord | undefined;
  /** The stored bytes (exactly as given), or undefined when that document was never stored. */
  getDocument(chave: string, kind: NoteDocumentKind): Buffer | undefined;
  listNotes(filter?: NoteFilter): NoteRecord[];
  /** Every audit row about this note, oldest first: when, who, what, and the details (cStat, reason...). */
  history(
    chave: string,
  ): Array<{ seq: number; at: string; who: string; action: string; detail: Record<string, unknown> }>;
  /** Offline notes not yet authorized (signed, pending, transmitting, unknown, rejected): contingency limits. */
  offlineBacklog(): { count: number; oldestDhEmi?: string };
  /** Offline notes to transmit, oldest first. */
  pendingNotes(): NoteRecord[];
  /** Notes a crash left half-way, for the service to resolve at start. */
  recoveryPlan(): RecoveryPlan;
  recordEvent(e: EventRecordInput, who: string): void;
  /** Reserves the next `count` numbers without a note (e.g. advancing when entering contingency). */
  recordGap(series: number, count: number, reason: string, who: string): NumberRange;
  /** Records an inutilização answer; cStat 102 voids the gaps and abandoned notes in the range. */
  recordInutilizacao(i: InutilizacaoInput, who: string): void;
  /** Reserved numbers still to be voided (open gaps and abandoned notes), merged into ranges. */
  numbersToVoid(): NumberRange[];
  listGaps(): GapRecord[];
  exportItems(month?: string): ExportItem[];
  /** Appends a privileged action (login, manual contingency, reprint, cancel...) to the audit chain. */
  recordAudit(who: string, action: string, detail: Record<string, unknown>): void;
  getState<T>(key: string): T | undefined;
  setState(key: string, value: unknown): void;
  /** The newest instant recorded (ISO, UTC): the clock floor. */
  newestTime(): string | undefined;
  /** The last audit row (seq, hash): anchored in the second location at every backup. */
  auditHead(): { seq: number; hash: string } | undefined;
  /** documents:false skips re-hashing every stored document (a quick periodic health check). */
  verify(options?: { full?: boolean; documents?: boolean }): VerifyResult;
  /** After a restore was reconciled with SEFAZ: clears the "restored-from-backup" problem (audited). */
  acknowledgeRestore(who: string): void;
  backup(toPath: string): Promise<void>;
  /** Copies the WAL into the file and truncates it (scheduled in idle time); false when readers held it. */
  checkpoint(): boolean;
  close(): void;
}
