// Read-only queries over the notes (no transaction needed: each is one statement).
import type Database from "better-sqlite3";
import { KioskError } from "../errors.js";
import { type NoteRow, toNoteRecord } from "./note-rows.js";
import { prepared } from "./statements.js";
import { BACKLOG_STATES_SQL, OPEN_STATES, OPEN_STATES_SQL, statesForFilter } from "./states.js";
import type { NoteFilter, NoteRecord, RecoveryPlan } from "./types.js";

export function history(
  db: Database.Database,
  chave: string,
): Array<{ seq: number; at: string; who: string; action: string; detail: Record<string, unknown> }> {
  const rows = prepared(
    db,
    "SELECT seq, at, who, action, detail FROM audit WHERE chave = ? ORDER BY seq",
  ).all(chave) as Array<{
    seq: number;
    at: string;
    who: string;
    action: string;
    detail: string;
  }>;
  return rows.map((r) => {
    const { fps: _fps, ...detail } = JSON.parse(r.detail) as Record<string, unknown>;
    return { seq: r.seq, at: r.at, who: r.who, action: r.action, detail };
  });
}

export function listNotes(db: Database.Database, filter: NoteFilter = {}): NoteRecord[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.status !== undefined) {
    const states = statesForFilter(filter.status);
    if (!states)
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", `unknown status "${filter.status}"`, {
        field: "--status",
      });
    // Open states only: the partial index notes_open holds them (no scan of the whole history).
    if (states.every((s) => OPEN_STATES.includes(s))) where.push(OPEN_STATES_SQL);
    where.push(`state IN (${states.map(() => "?").join(", ")})`);
    args.push(...states);
  }
  if (filter.month !== undefined) {
    if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(filter.month))
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", `month "${filter.month}" is not YYYY-MM`, {
        field: "--month",
      });
    where.push("substr(dh_emi, 1, 7) = ?");
    args.push(filter.month);
  }
  const sql = `SELECT * FROM notes ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY series, nnf`;
  return (prepared(db, sql).all(...args) as NoteRow[]).map(toNoteRecord);
}

/**
 * dhEmi (ms) of the oldest offline note still waiting for SEFAZ: the first matching entry of
 * notes_open in dhEmi order (only online attempts still open can come before it).
 */
export function oldestBacklogMs(db: Database.Database): number | undefined {
  return prepared(
    db,
    `SELECT dh_emi_ms FROM notes WHERE ${OPEN_STATES_SQL} AND tp_emis = 9 AND ${BACKLOG_STATES_SQL}
       ORDER BY dh_emi_ms LIMIT 1`,
  )
    .pluck()
    .get() as number | undefined;
}

export function pendingNotes(db: Database.Database): NoteRecord[] {
  const rows = prepared(
    db,
    `SELECT * FROM notes WHERE ${OPEN_STATES_SQL} AND tp_emis = 9 AND state IN ('signed', 'pending')
       ORDER BY dh_emi_ms, series, nnf`,
  ).all() as NoteRow[];
  return rows.map(toNoteRecord);
}

export function recoveryPlan(db: Database.Database): RecoveryPlan {
  const all = (sql: string) => (prepared(db, sql).all() as NoteRow[]).map(toNoteRecord);
  return {
    reprint: all(`SELECT * FROM notes WHERE printed_at IS NULL AND (
        (tp_emis = 9 AND state NOT IN ('voided', 'cancelled', 'substituted'))
        OR (tp_emis = 1 AND state = 'authorized')) ORDER BY dh_emi_ms, nnf`),
    queryFirst: all(
      `SELECT * FROM notes WHERE ${OPEN_STATES_SQL} AND state IN ('transmitting', 'unknown') ORDER BY dh_emi_ms, nnf`,
    ),
    notSent: all(
      `SELECT * FROM notes WHERE ${OPEN_STATES_SQL} AND tp_emis = 1 AND state = 'signed' ORDER BY dh_emi_ms, nnf`,
    ),
  };
}
