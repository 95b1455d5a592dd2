// The write path shared by every journal operation: one transaction, the audit row that covers
// the rows it touched, and the checked state moves.
import type Database from "better-sqlite3";
import type { Clock } from "../clock.js";
import { KioskError } from "../errors.js";
import type { JournalStore, StoredDocument } from "./journal-store.js";
import type { NoteRow } from "./note-rows.js";
import { type FingerprintKey, rowFingerprint } from "./row-fingerprint.js";
import { prepared } from "./statements.js";
import { BACKLOG_STATES_SQL, canTransition, inOfflineBacklog, OPEN_STATES_SQL } from "./states.js";
import type { NoteState, TransitionInfo } from "./types.js";

export /** Turns SQLite failures into coded errors; a full disk is a safety refusal (exit 3). */
function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof KioskError) throw err;
    const code = (err as { code?: string }).code ?? "";
    if (
      code === "SQLITE_FULL" ||
      code === "SQLITE_IOERR_WRITE" ||
      (err as { code?: string }).code === "ENOSPC"
    )
      throw new KioskError("KIOSK_ERR_DISK_FULL", `journal: disk full while trying to ${what}`, {
        operatorMessage: "Disco cheio: a venda não foi registrada.",
        cause: err,
      });
    if (code === "SQLITE_CORRUPT" || code === "SQLITE_NOTADB")
      throw new KioskError(
        "KIOSK_ERR_JOURNAL_CORRUPT",
        `journal is corrupt (${what}): ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    throw new KioskError("KIOSK_ERR_JOURNAL", `journal could not ${what}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

export function refuse(message: string, field?: string): never {
  throw new KioskError("KIOSK_ERR_JOURNAL", message, field === undefined ? {} : { field });
}

type Row = Record<string, unknown>;

/** About 30 offline sales, 350 WAL frames: well before SQLite's automatic checkpoint at 1000. */
const CHECKPOINT_COMMITS = 60;

const KEY_COLUMN: Record<string, string> = { notes: "chave", gaps: "id", events: "id", inutilizacoes: "id" };

export class JournalWriter {
  /** Transactions open on this connection through tx/atomically (nested ones are savepoints). */
  private depth = 0;
  /** PRAGMA data_version when the remembered values were last known good. */
  private version: number | undefined;
  /** Offline notes in the backlog (states.ts), kept up to date by insert and moveTo; undefined: count them. */
  private backlog: number | undefined;
  /**
   * The last note row read or fingerprinted. Every write to a note is fingerprinted by its action
   * (commitWritten/commit), with the row as RETURNING gave it, so this is the row's current content.
   */
  private lastNote: NoteRow | undefined;
  /** Transactions committed since the last checkpoint this writer ran. */
  private commitsSinceCheckpoint = 0;
  private readonly dataVersion: Database.Statement;
  private readonly countBacklog: Database.Statement;
  /** BEGIN IMMEDIATE ... COMMIT around a callback (made once: better-sqlite3 builds four wrappers per call). */
  private readonly inTransaction: (fn: () => unknown) => unknown;

  constructor(
    readonly db: Database.Database,
    readonly store: JournalStore,
    private readonly clock: Clock,
  ) {
    this.dataVersion = db.prepare("PRAGMA data_version").pluck();
    this.countBacklog = db
      .prepare(
        `SELECT count(*) FROM notes WHERE ${OPEN_STATES_SQL} AND tp_emis = 9 AND ${BACKLOG_STATES_SQL}`,
      )
      .pluck();
    this.inTransaction = db.transaction((fn: () => unknown) => fn()).immediate;
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  /**
   * Called before using remembered values outside a transaction, and at the start of each one: when
   * another connection committed since (data_version changed), they are read again.
   */
  fresh(): void {
    if (this.depth > 0) return;
    const v = this.dataVersion.get() as number;
    if (v !== this.version) {
      this.forget();
      this.version = v;
    }
  }

  private forget(): void {
    this.store.forget();
    this.backlog = undefined;
    this.lastNote = undefined;
  }

  /** The number of offline notes waiting for SEFAZ: counted once, then kept by every write. */
  backlogCount(): number {
    this.fresh();
    if (this.backlog === undefined) this.backlog = this.countBacklog.get() as number;
    return this.backlog;
  }

  /** A note was inserted or changed state (inside the open transaction). */
  noteMoved(tpEmis: number, from: NoteState | undefined, to: NoteState): void {
    if (this.backlog === undefined) return;
    const delta =
      (inOfflineBacklog(tpEmis, to) ? 1 : 0) - (from !== undefined && inOfflineBacklog(tpEmis, from) ? 1 : 0);
    this.backlog += delta;
  }

  /** The note's row, or undefined (the sale path reads the note it just wrote: no SELECT then). */
  findRow(chave: string): NoteRow | undefined {
    this.fresh();
    if (this.lastNote !== undefined && this.lastNote.chave === chave) return this.lastNote;
    const r = prepared(this.db, "SELECT * FROM notes WHERE chave = ?").get(chave) as NoteRow | undefined;
    if (r) this.lastNote = r;
    return r;
  }

  row(chave: string): NoteRow {
    const r = this.findRow(chave);
    if (!r) throw notFound(chave);
    return r;
  }

  /** The seq of the audit row the current action will append (rows written now carry it). */
  nextSeq(): number {
    return this.store.nextSeq();
  }

  /** Appends the audit row that covers the touched rows' new content, and links them to it. */
  commit(
    who: string,
    action: string,
    chave: string | null,
    detail: Record<string, unknown>,
    docs: readonly StoredDocument[],
    touched: readonly FingerprintKey[],
  ): number {
    const seq = this.nextSeq();
    const rows = touched.map((key): [FingerprintKey, Row] => {
      const sep = key.indexOf(":");
      const table = key.slice(0, sep);
      const column = KEY_COLUMN[table];
      if (column === undefined) throw new Error(`unknown table in fingerprint key ${key}`);
      const id = key.slice(sep + 1);
      const row = prepared(this.db, `UPDATE ${table} SET audit_seq = ? WHERE ${column} = ? RETURNING *`).get(
        seq,
        column === "id" ? Number(id) : id,
      ) as Row | undefined;
      if (!row) throw new Error(`${key} does not exist`);
      return [key, row];
    });
    return this.commitWritten(who, action, chave, detail, docs, rows);
  }

  /**
   * Appends the audit row for rows the action already wrote with audit_seq = nextSeq() (as
   * RETURNING * gave them back: exactly what verify will read).
   */
  commitWritten(
    who: string,
    action: string,
    chave: string | null,
    detail: Record<string, unknown>,
    docs: readonly StoredDocument[],
    rows: ReadonlyArray<readonly [FingerprintKey, Row]>,
    instantMs?: number,
  ): number {
    const fps: Record<string, string> = {};
    for (const [key, row] of rows) fps[key] = rowFingerprint(row);
    const seq = this.store.audit(this.now(), who, action, chave, { ...detail, fps }, docs, instantMs);
    for (const [key, row] of rows) {
      if (row.audit_seq !== seq)
        throw new Error(`${key} was written for audit row ${row.audit_seq}, not ${seq}`);
      if (key.startsWith("notes:")) this.lastNote = row as unknown as NoteRow;
    }
    return seq;
  }

  /** Several writes as one durable commit (nested tx calls become savepoints inside it). */
  atomically<T>(what: string, fn: () => T): T {
    return this.run(what, fn);
  }

  tx<T>(what: string, who: string, fn: (store: JournalStore) => T): T {
    if (who.trim() === "") refuse("every journal write needs a 'who' (operator or component)", "who");
    return this.run(what, () => fn(this.store));
  }

  /**
   * Copies the WAL into the database file (PASSIVE: never waits for readers) after enough commits.
   * Called after a sale's last commit (markPrinted), so that SQLite's own checkpoint at 1000 WAL
   * frames (1-2.5 ms) rarely lands between a sale's start and its receipt reaching the printer.
   */
  checkpointIfDue(): void {
    if (this.depth > 0 || this.commitsSinceCheckpoint < CHECKPOINT_COMMITS) return;
    this.commitsSinceCheckpoint = 0;
    try {
      this.db.pragma("wal_checkpoint(PASSIVE)");
    } catch {
      // The WAL still holds every commit; SQLite's own checkpoint retries later.
    }
  }

  private run<T>(what: string, fn: () => T): T {
    const outermost = this.depth === 0;
    let entered = false;
    return guard(what, () => {
      try {
        const result = this.inTransaction(() => {
          // BEGIN IMMEDIATE holds the write lock: nobody else writes until this commit.
          if (outermost) this.fresh();
          this.depth++;
          entered = true;
          return fn();
        }) as T;
        if (outermost) this.commitsSinceCheckpoint++;
        return result;
      } catch (err) {
        // Rolled back (the whole transaction or this savepoint): what was remembered may be gone.
        this.forget();
        throw err;
      } finally {
        if (entered) this.depth--;
        if (outermost) this.store.endTransaction();
      }
    });
  }

  moveTo(
    who: string,
    r: NoteRow,
    to: NoteState,
    info: TransitionInfo,
    extraDocs: StoredDocument[] = [],
    action = "state",
  ): NoteRow {
    if (!canTransition(r.state, to, r.tp_emis))
      refuse(`note ${r.chave} (tpEmis ${r.tp_emis}) cannot go from "${r.state}" to "${to}"`, "state");
    const seq = this.nextSeq();
    const row = prepared(
      this.db,
      `UPDATE notes SET state = ?, c_stat = coalesce(?, c_stat), x_motivo = coalesce(?, x_motivo),
           n_prot = coalesce(?, n_prot), updated_at = ?, audit_seq = ? WHERE chave = ? RETURNING *`,
    ).get(to, info.cStat ?? null, info.xMotivo ?? null, info.nProt ?? null, this.now(), seq, r.chave) as
      | NoteRow
      | undefined;
    if (!row) throw notFound(r.chave);
    this.commitWritten(who, action, r.chave, { from: r.state, to, ...info }, extraDocs, [
      [`notes:${r.chave}`, row as unknown as Row],
    ]);
    this.noteMoved(r.tp_emis, r.state, to);
    return row;
  }
}

export function notFound(chave: string): KioskError {
  return new KioskError("KIOSK_ERR_NOT_FOUND", `no note with chave ${chave} in the journal`, {
    field: "chave",
  });
}
