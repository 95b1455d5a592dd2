// The journal on SQLite. Every method is synchronous and runs in one transaction (never an await
// inside): a note's number, bytes, state and audit row commit together or not at all.
import type Database from "better-sqlite3";
import type { Clock } from "../clock.js";
import { maskDocument } from "../log.js";
import { type AuditHead, checkAnchor, readAnchor } from "./audit-anchor.js";
import { sha256Hex } from "./audit-chain.js";
import type { DocumentCodec } from "./document-codec.js";
import { collectExportItems } from "./export-items.js";
import * as records from "./fiscal-records.js";
import type { ExportItem, Journal, NoteDocumentKind, NumberRange } from "./journal.js";
import { JournalStore, type StoredDocument } from "./journal-store.js";
import { guard, JournalWriter, notFound, refuse } from "./journal-writer.js";
import * as queries from "./note-queries.js";
import { type NoteRow, toNoteRecord } from "./note-rows.js";
import * as numbering from "./numbering.js";
import { prepared } from "./statements.js";
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
import { verifyJournal } from "./verify.js";

/** Settings key set while a restored journal waits for reconciliation (open-journal.ts). */
export const RESTORED_KEY = "journal.restoredFrom";

const DOC_COLUMN: Record<NoteDocumentKind, keyof NoteRow> = {
  nfe: "xml_doc",
  "nfe-proc": "proc_doc",
  receipt: "receipt_doc",
  sale: "sale_doc",
};

export class SqliteJournal implements Journal {
  private readonly store: JournalStore;
  private readonly w: JournalWriter;

  constructor(
    private readonly db: Database.Database,
    codec: DocumentCodec,
    clock: Clock,
    /** Where backups (and the chain's anchor) go: verify compares the chain with the anchor. */
    private readonly anchorDir?: string,
  ) {
    this.store = new JournalStore(db, codec);
    this.w = new JournalWriter(db, this.store, clock);
  }

  nextNumber(series: number): number {
    return numbering.nextNumber(this.db, series);
  }

  startSeries(series: number, firstNumber: number, who: string): void {
    this.w.tx("start a series", who, () => {
      numbering.startSeries(this.db, series, firstNumber);
      this.w.commit(who, "series-start", null, { series, firstNumber }, [], []);
    });
  }

  atomically<T>(fn: () => T): T {
    return this.w.atomically("record several changes at once", fn);
  }

  insertNote(note: NewNote, who: string): NoteRecord {
    const dhEmiMs = Date.parse(note.dhEmi);
    if (Number.isNaN(dhEmiMs)) refuse(`dhEmi "${note.dhEmi}" is not a date-time`, "dhEmi");
    numbering.checkKeyMatches(note);
    if (!note.xml.includes(`Id="NFe${note.chave}"`))
      refuse("the signed XML does not carry this chave", "xml");
    return this.w.tx("record the note", who, (store) => {
      const expected = numbering.nextNumber(this.db, note.series);
      if (note.nNF !== expected)
        refuse(
          `nNF ${note.nNF} is not the next number of series ${note.series} (expected ${expected})`,
          "nNF",
        );
      if (note.replacesChave !== undefined) this.w.row(note.replacesChave);
      const at = this.w.now();
      const docs: StoredDocument[] = [store.putDocument("nfe", note.chave, note.xml)];
      const customer =
        note.customerDoc === undefined
          ? undefined
          : store.putDocument("customer-doc", note.chave, note.customerDoc);
      const sale =
        note.saleJson === undefined ? undefined : store.putDocument("sale", note.chave, note.saleJson);
      if (customer) docs.push(customer);
      if (sale) docs.push(sale);
      const seq = this.w.nextSeq();
      const row = prepared(
        this.db,
        `INSERT INTO notes (chave, series, nnf, tp_emis, cnf, dh_emi, dh_emi_ms, vnf, state, xml_doc, qr_code,
             customer_doc_masked, customer_doc, sale_doc, dh_cont, x_just, replaces_chave, created_at, updated_at, audit_seq)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'signed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      ).get(
        note.chave,
        note.series,
        note.nNF,
        note.tpEmis,
        note.cNF,
        note.dhEmi,
        dhEmiMs,
        note.vNF,
        docs[0]!.id,
        note.qrCode,
        note.customerDoc === undefined ? null : maskDocument(note.customerDoc),
        customer?.id ?? null,
        sale?.id ?? null,
        note.dhCont ?? null,
        note.xJust ?? null,
        note.replacesChave ?? null,
        at,
        at,
        seq,
      ) as NoteRow;
      numbering.advance(this.db, note.series, note.nNF);
      this.w.commitWritten(
        who,
        "insert",
        note.chave,
        { state: "signed", series: note.series, nNF: note.nNF, tpEmis: note.tpEmis },
        docs,
        [[`notes:${note.chave}`, row as unknown as Record<string, unknown>]],
        dhEmiMs,
      );
      this.w.noteMoved(row.tp_emis, undefined, row.state);
      return toNoteRecord(row);
    });
  }

  transition(chave: string, to: NoteState, info: TransitionInfo, who: string): NoteRecord {
    return this.w.tx("change the note's state", who, () =>
      toNoteRecord(this.w.moveTo(who, this.w.row(chave), to, info)),
    );
  }

  recordReceipt(chave: string, receipt: Uint8Array, who: string): void {
    this.w.tx("record the receipt", who, (store) => {
      // A missing note rolls the document back with the transaction.
      const doc = store.putDocument("receipt", chave, receipt);
      const row = prepared(
        this.db,
        "UPDATE notes SET receipt_doc = ?, updated_at = ?, audit_seq = ? WHERE chave = ? RETURNING *",
      ).get(doc.id, this.w.now(), this.w.nextSeq(), chave) as Record<string, unknown> | undefined;
      if (!row) throw notFound(chave);
      this.w.commitWritten(
        who,
        "receipt",
        chave,
        { bytes: receipt.length },
        [doc],
        [[`notes:${chave}`, row]],
      );
    });
  }

  markPrinted(chave: string, receipt: Uint8Array, who: string): void {
    this.w.tx("record the printed receipt", who, (store) => {
      const r = prepared(
        this.db,
        `SELECT n.receipt_doc, n.printed_at, d.sha256 FROM notes n
           LEFT JOIN documents d ON d.id = n.receipt_doc WHERE n.chave = ?`,
      ).get(chave) as
        | { receipt_doc: number | null; printed_at: string | null; sha256: string | null }
        | undefined;
      if (!r) throw notFound(chave);
      // The bytes recordReceipt stored before printing are not stored twice.
      const doc =
        r.receipt_doc !== null && r.sha256 === sha256Hex(receipt)
          ? { id: r.receipt_doc, sha256: r.sha256 }
          : store.putDocument("receipt", chave, receipt);
      const now = this.w.now();
      const row = prepared(
        this.db,
        "UPDATE notes SET receipt_doc = ?, printed_at = ?, updated_at = ?, audit_seq = ? WHERE chave = ? RETURNING *",
      ).get(doc.id, now, now, this.w.nextSeq(), chave) as Record<string, unknown>;
      const action = r.printed_at === null ? "printed" : "reprinted";
      this.w.commitWritten(
        who,
        action,
        chave,
        { bytes: receipt.length, receipt: doc.sha256 },
        doc.id === r.receipt_doc ? [] : [doc],
        [[`notes:${chave}`, row]],
      );
    });
    this.w.checkpointIfDue();
  }

  storeAuthorization(chave: string, a: Authorization, who: string): NoteRecord {
    return this.w.tx("record the authorization", who, (store) => {
      const r = this.w.row(chave);
      const doc = store.putDocument("nfe-proc", chave, a.nfeProcXml, r.xml_doc);
      prepared(this.db, "UPDATE notes SET proc_doc = ?, dh_recbto = ? WHERE chave = ?").run(
        doc.id,
        a.dhRecbto,
        chave,
      );
      const row = this.w.moveTo(
        who,
        r,
        "authorized",
        { cStat: a.cStat, xMotivo: a.xMotivo, nProt: a.nProt },
        [doc],
        "authorized",
      );
      return toNoteRecord(row);
    });
  }

  storeCorrection(chave: string, xml: string, qrCode: string, who: string, saleJson?: string): NoteRecord {
    return this.w.tx("record the corrected note", who, (store) => {
      const r = this.w.row(chave);
      if (r.state !== "rejected" || r.tp_emis !== 9)
        refuse(
          `only a rejected offline note can be corrected (note ${chave} is ${r.state}, tpEmis ${r.tp_emis})`,
          "state",
        );
      if (!xml.includes(`Id="NFe${chave}"`)) refuse("a correction must keep the same chave ([A4] §3)", "xml");
      const doc = store.putDocument("nfe-corrected", chave, xml);
      const sale = saleJson === undefined ? undefined : store.putDocument("sale", chave, saleJson);
      prepared(
        this.db,
        "UPDATE notes SET xml_doc = ?, qr_code = ?, sale_doc = coalesce(?, sale_doc) WHERE chave = ?",
      ).run(doc.id, qrCode, sale?.id ?? null, chave);
      const reason = sale
        ? "sale corrected by an operator, rebuilt and re-signed"
        : "corrected and re-signed";
      return toNoteRecord(
        this.w.moveTo(who, r, "pending", { reason }, sale ? [doc, sale] : [doc], "corrected"),
      );
    });
  }

  getNote(chave: string): NoteRecord | undefined {
    const r = guard("read a note", () => this.w.findRow(chave));
    return r && toNoteRecord(r);
  }

  getDocument(chave: string, kind: NoteDocumentKind): Buffer | undefined {
    const id = guard("read a note", () => this.w.findRow(chave))?.[DOC_COLUMN[kind]];
    return typeof id === "number" ? guard("read a document", () => this.store.readDocument(id)) : undefined;
  }

  history(chave: string): ReturnType<Journal["history"]> {
    return queries.history(this.db, chave);
  }

  listNotes(filter: NoteFilter = {}): NoteRecord[] {
    return queries.listNotes(this.db, filter);
  }

  offlineBacklog(): { count: number; oldestDhEmi?: string } {
    const count = this.w.backlogCount();
    const oldest = count === 0 ? undefined : queries.oldestBacklogMs(this.db);
    return oldest === undefined ? { count } : { count, oldestDhEmi: new Date(oldest).toISOString() };
  }

  pendingNotes(): NoteRecord[] {
    return queries.pendingNotes(this.db);
  }

  recoveryPlan(): RecoveryPlan {
    return queries.recoveryPlan(this.db);
  }

  recordEvent(e: EventRecordInput, who: string): void {
    records.recordEvent(this.w, e, who);
  }

  recordGap(series: number, count: number, reason: string, who: string): NumberRange {
    return records.recordGap(this.w, series, count, reason, who);
  }

  recordInutilizacao(i: InutilizacaoInput, who: string): void {
    records.recordInutilizacao(this.w, i, who);
  }

  numbersToVoid(): NumberRange[] {
    return numbering.numbersToVoid(this.db);
  }

  listGaps(): GapRecord[] {
    return numbering.listGaps(this.db);
  }

  exportItems(month?: string): ExportItem[] {
    if (month !== undefined) this.listNotes({ month }); // validates the month
    return guard("read documents for export", () => collectExportItems(this.db, this.store, month));
  }

  getState<T>(key: string): T | undefined {
    const r = prepared(this.db, "SELECT value FROM settings WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return r === undefined ? undefined : (JSON.parse(r.value) as T);
  }

  recordAudit(who: string, action: string, detail: Record<string, unknown>): void {
    this.w.tx("record an audit entry", who, () => this.w.commit(who, action, null, detail, [], []));
  }

  setState(key: string, value: unknown): void {
    guard("save a setting", () =>
      prepared(
        this.db,
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      ).run(key, JSON.stringify(value)),
    );
  }

  newestTime(): string | undefined {
    this.w.fresh();
    const ms = guard("read the newest time", () => this.store.newestMs());
    return ms === undefined ? undefined : new Date(ms).toISOString();
  }

  auditHead(): AuditHead | undefined {
    return prepared(this.db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").get() as
      | AuditHead
      | undefined;
  }

  verify(options: { full?: boolean; documents?: boolean } = {}): VerifyResult {
    const result = verifyJournal(this.db, this.store, options);
    const anchor = this.anchorDir === undefined ? undefined : readAnchor(this.anchorDir);
    if (anchor) {
      const hashAt = (seq: number) =>
        (prepared(this.db, "SELECT hash FROM audit WHERE seq = ?").get(seq) as { hash: string } | undefined)
          ?.hash;
      result.problems.push(...checkAnchor(anchor, hashAt));
    }
    const restoredFrom = this.getState<string>(RESTORED_KEY);
    if (restoredFrom)
      result.problems.unshift({
        kind: "restored-from-backup",
        message: `the journal was restored from ${restoredFrom}: notes emitted after it are missing; reconcile with SEFAZ`,
      });
    return { ok: result.problems.length === 0, problems: result.problems };
  }

  acknowledgeRestore(who: string): void {
    this.w.tx("acknowledge the restore", who, () => {
      const from = this.getState<string>(RESTORED_KEY);
      prepared(this.db, "DELETE FROM settings WHERE key = ?").run(RESTORED_KEY);
      this.w.commit(who, "restore-acknowledged", null, { from: from ?? null }, [], []);
    });
  }

  async backup(toPath: string): Promise<void> {
    await this.db.backup(toPath);
  }

  checkpoint(): boolean {
    const [r] = this.db.pragma("wal_checkpoint(TRUNCATE)") as Array<{ busy: number }>;
    return r?.busy === 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
