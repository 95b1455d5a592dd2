// One monotonic counter per series; a number is never reused ([A4] §5; nfce-reference §1, §7).
// Numbers reserved without a note are recorded as gaps, so every number below the counter is
// explained by a note or a gap (verify checks it).
import type Database from "better-sqlite3";
import { KioskError } from "../errors.js";
import type { NumberRange } from "./journal.js";
import { prepared } from "./statements.js";
import { OPEN_STATES_SQL } from "./states.js";
import type { GapRecord, InutilizacaoInput, NewNote, Problem } from "./types.js";

const MAX_NNF = 999_999_999;

function refuse(message: string, field: string): never {
  throw new KioskError("KIOSK_ERR_JOURNAL", message, { field });
}

export function nextNumber(db: Database.Database, series: number): number {
  const r = prepared(db, "SELECT next_nnf FROM series_counter WHERE series = ?").get(series) as
    | { next_nnf: number }
    | undefined;
  return r?.next_nnf ?? 1;
}

export function startSeries(db: Database.Database, series: number, firstNumber: number): void {
  if (!Number.isInteger(firstNumber) || firstNumber < 1 || firstNumber > MAX_NNF)
    refuse(`first number ${firstNumber} is outside 1..${MAX_NNF}`, "nNF");
  if (prepared(db, "SELECT 1 FROM series_counter WHERE series = ?").get(series))
    refuse(`series ${series} already has numbers; it cannot be restarted`, "series");
  prepared(db, "INSERT INTO series_counter (series, first_nnf, next_nnf) VALUES (?, ?, ?)").run(
    series,
    firstNumber,
    firstNumber,
  );
}

/** The key carries serie, nNF, tpEmis and cNF ([MOC-A1] B23): they must agree with the note. */
export function checkKeyMatches(n: NewNote): void {
  if (!/^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$/.test(n.chave))
    refuse(`chave "${n.chave}" is not a 44-position access key`, "chave");
  if (Number(n.chave.slice(22, 25)) !== n.series)
    refuse("the chave's serie differs from the note's series", "chave");
  if (Number(n.chave.slice(25, 34)) !== n.nNF) refuse("the chave's nNF differs from the note's nNF", "chave");
  if (n.chave.slice(34, 35) !== String(n.tpEmis))
    refuse("the chave's tpEmis differs from the note's tpEmis", "chave");
  if (n.chave.slice(35, 43) !== n.cNF) refuse("the chave's cNF differs from the note's cNF", "chave");
}

/** Moves the counter past a number just used; creates the series at 1 when new. */
export function advance(db: Database.Database, series: number, used: number): void {
  prepared(
    db,
    `INSERT INTO series_counter (series, first_nnf, next_nnf) VALUES (?, 1, ?)
     ON CONFLICT(series) DO UPDATE SET next_nnf = excluded.next_nnf`,
  ).run(series, used + 1);
}

export function reserveGap(
  db: Database.Database,
  series: number,
  count: number,
  reason: string,
): { range: NumberRange; gapId: number } {
  if (!Number.isInteger(count) || count < 1) refuse(`cannot reserve ${count} numbers`, "count");
  if (reason.trim().length < 5) refuse("a gap needs a reason", "reason");
  const nNFIni = nextNumber(db, series);
  const nNFFin = nNFIni + count - 1;
  if (nNFFin > MAX_NNF) refuse(`series ${series} would pass ${MAX_NNF}`, "count");
  advance(db, series, nNFFin);
  const gapId = Number(
    prepared(db, "INSERT INTO gaps (series, nnf_ini, nnf_fin, reason, audit_seq) VALUES (?, ?, ?, ?, 0)").run(
      series,
      nNFIni,
      nNFFin,
      reason,
    ).lastInsertRowid,
  );
  return { range: { series, nNFIni, nNFFin }, gapId };
}

/**
 * Checks that an inutilização only covers reserved numbers nobody used: open gaps and abandoned
 * online attempts. Never a contingency note, never an authorized one ([A4] §5).
 */
export function planVoiding(
  db: Database.Database,
  i: InutilizacaoInput,
): { gapIds: number[]; chaves: string[] } {
  if (i.nNFFin < i.nNFIni) refuse("nNFFin is below nNFIni", "nNFFin");
  if (i.nNFFin >= nextNumber(db, i.series))
    refuse("an inutilização may only cover numbers already reserved (recordGap first)", "nNFFin");
  const notes = prepared(
    db,
    "SELECT chave, nnf, state FROM notes WHERE series = ? AND nnf BETWEEN ? AND ?",
  ).all(i.series, i.nNFIni, i.nNFFin) as Array<{ chave: string; nnf: number; state: string }>;
  const used = notes.find((n) => n.state !== "abandoned" && n.state !== "voided");
  if (used)
    refuse(
      `number ${used.nnf} belongs to note ${used.chave} (${used.state}) and must not be voided`,
      "nNFIni",
    );
  const gaps = prepared(
    db,
    "SELECT id, nnf_ini, nnf_fin FROM gaps WHERE series = ? AND nnf_fin >= ? AND nnf_ini <= ? AND voided = 0",
  ).all(i.series, i.nNFIni, i.nNFFin) as Array<{ id: number; nnf_ini: number; nnf_fin: number }>;
  const partial = gaps.find((g) => g.nnf_ini < i.nNFIni || g.nnf_fin > i.nNFFin);
  if (partial) refuse(`the range cuts gap ${partial.nnf_ini}-${partial.nnf_fin}; void whole gaps`, "nNFIni");
  return {
    gapIds: gaps.map((g) => g.id),
    chaves: notes.filter((n) => n.state === "abandoned").map((n) => n.chave),
  };
}

export function listGaps(db: Database.Database): GapRecord[] {
  const rows = prepared(db, "SELECT * FROM gaps ORDER BY series, nnf_ini").all() as Array<{
    series: number;
    nnf_ini: number;
    nnf_fin: number;
    reason: string;
    voided: number;
  }>;
  return rows.map((g) => ({
    series: g.series,
    nNFIni: g.nnf_ini,
    nNFFin: g.nnf_fin,
    reason: g.reason,
    voided: g.voided === 1,
  }));
}

/** Open gaps and abandoned notes, merged into contiguous ranges per series. */
export function numbersToVoid(db: Database.Database): NumberRange[] {
  const pieces = prepared(
    db,
    `SELECT series, nnf_ini AS a, nnf_fin AS b FROM gaps WHERE voided = 0
       UNION ALL SELECT series, nnf AS a, nnf AS b FROM notes WHERE ${OPEN_STATES_SQL} AND state = 'abandoned'
       ORDER BY series, a`,
  ).all() as Array<{ series: number; a: number; b: number }>;
  const out: NumberRange[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && last.series === p.series && last.nNFFin + 1 === p.a) last.nNFFin = p.b;
    else out.push({ series: p.series, nNFIni: p.a, nNFFin: p.b });
  }
  return out;
}

/** Every number from the series' first to its counter is used exactly once by a note or a gap. */
export function checkNumbering(db: Database.Database): Problem[] {
  const problems: Problem[] = [];
  const counters = prepared(db, "SELECT * FROM series_counter").all() as Array<{
    series: number;
    first_nnf: number;
    next_nnf: number;
  }>;
  const known = new Set(counters.map((c) => c.series));
  for (const s of prepared(
    db,
    "SELECT DISTINCT series FROM notes UNION SELECT DISTINCT series FROM gaps",
  ).all() as Array<{ series: number }>)
    if (!known.has(s.series))
      problems.push({ kind: "counter", message: `series ${s.series} has numbers but no counter` });
  for (const c of counters) {
    const pieces = prepared(
      db,
      `SELECT nnf AS a, nnf AS b, chave AS what FROM notes WHERE series = ?
         UNION ALL SELECT nnf_ini, nnf_fin, 'gap ' || nnf_ini || '-' || nnf_fin FROM gaps WHERE series = ? ORDER BY 1`,
    ).all(c.series, c.series) as Array<{ a: number; b: number; what: string }>;
    let expected = c.first_nnf;
    for (const p of pieces) {
      if (p.a < expected)
        problems.push({
          kind: "number-duplicate",
          message: `series ${c.series}: number ${p.a} used twice (${p.what})`,
        });
      else if (p.a > expected)
        problems.push({
          kind: "number-gap",
          message: `series ${c.series}: numbers ${expected}-${p.a - 1} are unexplained`,
        });
      expected = Math.max(expected, p.b + 1);
    }
    if (expected !== c.next_nnf)
      problems.push({
        kind: "counter",
        message: `series ${c.series}: counter is ${c.next_nnf} but the numbers used end at ${expected - 1}`,
      });
  }
  return problems;
}
