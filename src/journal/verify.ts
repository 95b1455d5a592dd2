// journal verify: database integrity, audit chain, row fingerprints, document hashes, numbering.
import type Database from "better-sqlite3";
import { auditHash, GENESIS_HASH, sha256Hex } from "./audit-chain.js";
import type { JournalStore } from "./journal-store.js";
import { checkNumbering } from "./numbering.js";
import { type FingerprintKey, rowFingerprint } from "./row-fingerprint.js";
import type { Problem } from "./types.js";

interface AuditRow {
  seq: number;
  at: string;
  who: string;
  action: string;
  chave: string | null;
  detail: string;
  doc_sha256: string | null;
  prev_hash: string;
  hash: string;
}

const MAX_PROBLEMS_PER_KIND = 50;

function checkChain(rows: AuditRow[], problems: Problem[]): Map<number, AuditRow> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  const bySeq = new Map<number, AuditRow>();
  for (const r of rows) {
    bySeq.set(r.seq, r);
    if (r.seq !== expectedSeq)
      problems.push({ kind: "audit-chain", message: `audit rows ${expectedSeq}-${r.seq - 1} are missing` });
    if (r.prev_hash !== prev)
      problems.push({ kind: "audit-chain", message: `audit row ${r.seq} does not follow the previous row` });
    const hash = auditHash(r.prev_hash, {
      seq: r.seq,
      at: r.at,
      who: r.who,
      action: r.action,
      chave: r.chave,
      detail: r.detail,
      docSha256: r.doc_sha256,
    });
    if (hash !== r.hash)
      problems.push({
        kind: "audit-chain",
        message: `audit row ${r.seq} was altered`,
        ...(r.chave ? { chave: r.chave } : {}),
      });
    prev = r.hash;
    expectedSeq = r.seq + 1;
  }
  return bySeq;
}

function checkDocuments(
  db: Database.Database,
  store: JournalStore,
  rows: AuditRow[],
  problems: Problem[],
): void {
  const audited = new Set<string>();
  for (const r of rows) for (const h of r.doc_sha256?.split(",") ?? []) audited.add(h);
  for (const d of db.prepare("SELECT id, kind, chave, sha256 FROM documents").iterate() as Iterable<{
    id: number;
    kind: string;
    chave: string | null;
    sha256: string;
  }>) {
    const where = { ...(d.chave ? { chave: d.chave } : {}) };
    let failure: string | undefined;
    try {
      if (sha256Hex(store.readDocument(d.id)) !== d.sha256) failure = "does not match its hash";
    } catch (err) {
      failure = `cannot be read (${(err as Error).message})`;
    }
    if (failure)
      problems.push({
        kind: "document-hash",
        message: `stored ${d.kind} document ${d.id} ${failure}`,
        ...where,
      });
    else if (!audited.has(d.sha256))
      problems.push({
        kind: "document-hash",
        message: `stored ${d.kind} document ${d.id} is not the one the audit recorded`,
        ...where,
      });
  }
}

function checkRows(db: Database.Database, bySeq: Map<number, AuditRow>, problems: Problem[]): void {
  const tables: Array<[string, string]> = [
    ["notes", "chave"],
    ["gaps", "id"],
    ["events", "id"],
    ["inutilizacoes", "id"],
  ];
  for (const [table, column] of tables) {
    for (const row of db.prepare(`SELECT * FROM ${table}`).iterate() as Iterable<Record<string, unknown>>) {
      const key = `${table}:${row[column]}` as FingerprintKey;
      const chave = typeof row.chave === "string" ? { chave: row.chave } : {};
      const audit = bySeq.get(row.audit_seq as number);
      if (!audit) {
        problems.push({
          kind: "audit-missing",
          message: `${key} points to audit row ${row.audit_seq}, which is missing`,
          ...chave,
        });
        continue;
      }
      const fps = (JSON.parse(audit.detail) as { fps?: Record<string, string> }).fps ?? {};
      if (fps[key] !== rowFingerprint(row))
        problems.push({
          kind: "state-mismatch",
          message: `${key} differs from what audit row ${audit.seq} recorded`,
          ...chave,
        });
    }
  }
  const inserted = db
    .prepare(
      "SELECT a.chave FROM audit a LEFT JOIN notes n ON n.chave = a.chave WHERE a.action = 'insert' AND a.chave IS NOT NULL AND n.chave IS NULL",
    )
    .all() as Array<{ chave: string }>;
  for (const r of inserted)
    problems.push({ kind: "document-missing", message: `note ${r.chave} was deleted`, chave: r.chave });
}

/**
 * The clock floor (newestTime: max(last audit row's at, time_floor)) must not be older than any
 * instant recorded, or a clock set back could pass the check before a sale.
 */
function checkClockFloor(db: Database.Database, rows: AuditRow[], problems: Problem[]): void {
  let recorded = -Infinity;
  for (const r of rows) recorded = Math.max(recorded, Date.parse(r.at));
  const emi = db.prepare("SELECT max(dh_emi_ms) FROM notes").pluck().get() as number | null;
  if (emi !== null) recorded = Math.max(recorded, emi);
  const floor = db.prepare("SELECT ms FROM time_floor WHERE id = 1").pluck().get() as number | undefined;
  const last = rows[rows.length - 1];
  const newest = Math.max(last ? Date.parse(last.at) : -Infinity, floor ?? -Infinity);
  if (newest < recorded)
    problems.push({
      kind: "clock-floor",
      message: `the clock floor ${new Date(newest).toISOString()} is older than ${new Date(recorded).toISOString()}, recorded in the journal`,
    });
}

export function verifyJournal(
  db: Database.Database,
  store: JournalStore,
  options: { full?: boolean; documents?: boolean },
): { problems: Problem[] } {
  const problems: Problem[] = [];
  const check = db.pragma(options.full ? "integrity_check" : "quick_check") as Array<Record<string, string>>;
  const messages = check.map((r) => Object.values(r)[0]);
  if (messages.length !== 1 || messages[0] !== "ok")
    for (const m of messages) problems.push({ kind: "integrity", message: `SQLite: ${m}` });
  for (const fk of db.pragma("foreign_key_check") as Array<{ table: string; rowid: number; parent: string }>)
    problems.push({
      kind: "document-missing",
      message: `${fk.table} row ${fk.rowid} refers to a missing ${fk.parent} row`,
    });
  // One read snapshot: the service may be writing while `journal verify` runs (WAL readers).
  db.transaction(() => {
    const rows = db.prepare("SELECT * FROM audit ORDER BY seq").all() as AuditRow[];
    const bySeq = checkChain(rows, problems);
    if (options.documents !== false) checkDocuments(db, store, rows, problems);
    checkRows(db, bySeq, problems);
    checkClockFloor(db, rows, problems);
    problems.push(...checkNumbering(db));
  }).deferred();
  // Keep the report readable when a disaster produces thousands of identical findings.
  const counts = new Map<string, number>();
  return {
    problems: problems.filter((p) => {
      const n = (counts.get(p.kind) ?? 0) + 1;
      counts.set(p.kind, n);
      return n <= MAX_PROBLEMS_PER_KIND;
    }),
  };
}
