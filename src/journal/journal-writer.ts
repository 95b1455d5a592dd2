// The write path shared by every journal operation: one transaction, the audit row that covers
// the rows it touched, and the checked state moves.
import type Database from "better-sqlite3";
import type { Clock } from "../clock.js";
import { KioskError } from "../errors.js";
import type { JournalStore, StoredDocument } from "./journal-store.js";
import { type NoteRow, readKeyedRow } from "./note-rows.js";
import { type FingerprintKey, rowFingerprint } from "./row-fingerprint.js";
import { prepared } from "./statements.js";
import { canTransition } from "./states.js";
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

export class JournalWriter {
  constructor(
    readonly db: Database.Database,
    readonly store: JournalStore,
    private readonly clock: Clock,
  ) {}

  now(): string {
    return this.clock.now().toISOString();
  }

  row(chave: string): NoteRow {
    const r = prepared(this.db, "SELECT * FROM notes WHERE chave = ?").get(chave) as NoteRow | undefined;
    if (!r)
      throw new KioskError("KIOSK_ERR_NOT_FOUND", `no note with chave ${chave} in the journal`, {
        field: "chave",
      });
    return r;
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
    const fps: Record<string, string> = {};
    for (const key of touched) fps[key] = rowFingerprint(readKeyedRow(this.db, key)!);
    const seq = this.store.audit(this.now(), who, action, chave, { ...detail, fps }, docs);
    for (const key of touched) {
      const [table, id] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
      const column = table === "notes" ? "chave" : "id";
      prepared(this.db, `UPDATE ${table} SET audit_seq = ? WHERE ${column} = ?`).run(
        seq,
        table === "notes" ? id : Number(id),
      );
    }
    return seq;
  }

  /** Several writes as one durable commit (nested tx calls become savepoints inside it). */
  atomically<T>(what: string, fn: () => T): T {
    return guard(what, () => this.db.transaction(fn).immediate());
  }

  tx<T>(what: string, who: string, fn: (store: JournalStore) => T): T {
    if (who.trim() === "") refuse("every journal write needs a 'who' (operator or component)", "who");
    return guard(what, () => this.db.transaction(() => fn(this.store)).immediate());
  }

  moveTo(
    who: string,
    r: NoteRow,
    to: NoteState,
    info: TransitionInfo,
    extraDocs: StoredDocument[] = [],
    action = "state",
  ): void {
    if (!canTransition(r.state, to, r.tp_emis))
      refuse(`note ${r.chave} (tpEmis ${r.tp_emis}) cannot go from "${r.state}" to "${to}"`, "state");
    prepared(
      this.db,
      `UPDATE notes SET state = ?, c_stat = coalesce(?, c_stat), x_motivo = coalesce(?, x_motivo),
           n_prot = coalesce(?, n_prot), updated_at = ? WHERE chave = ?`,
    ).run(to, info.cStat ?? null, info.xMotivo ?? null, info.nProt ?? null, this.now(), r.chave);
    this.commit(who, action, r.chave, { from: r.state, to, ...info }, extraDocs, [`notes:${r.chave}`]);
  }
}
