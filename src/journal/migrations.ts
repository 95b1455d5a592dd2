// Schema migrations keyed by PRAGMA user_version. Append new steps; never edit a released one.
import type Database from "better-sqlite3";

const STEPS: readonly string[] = [
  // 1: notes, documents (append-only bytes), audit chain, numbering, events, inutilizações, settings.
  `
  CREATE TABLE series_counter (
    series INTEGER PRIMARY KEY,
    first_nnf INTEGER NOT NULL,
    next_nnf INTEGER NOT NULL CHECK (next_nnf >= first_nnf)
  );
  CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    chave TEXT,
    sha256 TEXT NOT NULL,
    encoding TEXT NOT NULL,
    bytes BLOB NOT NULL
  );
  CREATE TABLE notes (
    chave TEXT PRIMARY KEY,
    series INTEGER NOT NULL,
    nnf INTEGER NOT NULL,
    tp_emis INTEGER NOT NULL CHECK (tp_emis IN (1, 9)),
    cnf TEXT NOT NULL,
    dh_emi TEXT NOT NULL,
    dh_emi_ms INTEGER NOT NULL,
    vnf TEXT NOT NULL,
    state TEXT NOT NULL,
    xml_doc INTEGER NOT NULL REFERENCES documents(id),
    qr_code TEXT NOT NULL,
    customer_doc_masked TEXT,
    customer_doc INTEGER REFERENCES documents(id),
    sale_doc INTEGER REFERENCES documents(id),
    dh_cont TEXT,
    x_just TEXT,
    replaces_chave TEXT,
    receipt_doc INTEGER REFERENCES documents(id),
    printed_at TEXT,
    c_stat TEXT,
    x_motivo TEXT,
    n_prot TEXT,
    dh_recbto TEXT,
    proc_doc INTEGER REFERENCES documents(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    audit_seq INTEGER NOT NULL,
    UNIQUE (series, nnf)
  );
  CREATE INDEX notes_state ON notes(state, created_at);
  CREATE TABLE gaps (
    id INTEGER PRIMARY KEY,
    series INTEGER NOT NULL,
    nnf_ini INTEGER NOT NULL,
    nnf_fin INTEGER NOT NULL CHECK (nnf_fin >= nnf_ini),
    reason TEXT NOT NULL,
    voided INTEGER NOT NULL DEFAULT 0,
    audit_seq INTEGER NOT NULL
  );
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    chave TEXT NOT NULL REFERENCES notes(chave),
    tp_evento TEXT NOT NULL,
    n_seq_evento INTEGER NOT NULL,
    c_stat TEXT,
    x_motivo TEXT,
    n_prot TEXT,
    xml_doc INTEGER NOT NULL REFERENCES documents(id),
    proc_doc INTEGER REFERENCES documents(id),
    created_at TEXT NOT NULL,
    audit_seq INTEGER NOT NULL
  );
  CREATE TABLE inutilizacoes (
    id INTEGER PRIMARY KEY,
    series INTEGER NOT NULL,
    nnf_ini INTEGER NOT NULL,
    nnf_fin INTEGER NOT NULL,
    c_stat TEXT NOT NULL,
    x_motivo TEXT,
    n_prot TEXT,
    xml_doc INTEGER NOT NULL REFERENCES documents(id),
    proc_doc INTEGER REFERENCES documents(id),
    created_at TEXT NOT NULL,
    audit_seq INTEGER NOT NULL
  );
  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    chave TEXT,
    detail TEXT NOT NULL,
    doc_sha256 TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 2: newestTime(), the clock floor read before every sale, by index instead of a scan of every
  // audit row and note (86 ms per sale with 100 000 notes; docs/bench.md).
  `
  CREATE INDEX audit_at ON audit(at);
  CREATE INDEX notes_dh_emi_ms ON notes(dh_emi_ms);
  `,
  // 3: fewer pages written per sale. The clock floor becomes max(last audit row's at, time_floor.ms)
  // (journal-store.ts keeps the row true when the clock steps back), so audit_at and notes_dh_emi_ms
  // go; notes_state becomes notes_open, a partial index of the notes still open (an offline sale's
  // signed -> pending keeps its entry in place). The floor starts at the newest instant recorded.
  `
  CREATE TABLE time_floor (id INTEGER PRIMARY KEY CHECK (id = 1), ms INTEGER NOT NULL);
  INSERT INTO time_floor (id, ms)
    SELECT 1, m FROM (SELECT max(
        coalesce((SELECT CAST(round(unixepoch(max(at), 'subsec') * 1000) AS INTEGER) FROM audit), -1),
        coalesce((SELECT max(dh_emi_ms) FROM notes), -1)) AS m)
    WHERE m >= 0;
  DROP INDEX audit_at;
  DROP INDEX notes_dh_emi_ms;
  DROP INDEX notes_state;
  CREATE INDEX notes_open ON notes(dh_emi_ms)
    WHERE state IN ('signed', 'pending', 'transmitting', 'unknown', 'rejected', 'abandoned');
  CREATE TABLE journal_format (id INTEGER PRIMARY KEY CHECK (id = 1), oldest_reader INTEGER NOT NULL);
  INSERT INTO journal_format (id, oldest_reader) VALUES (1, 3);
  `,
  // From here on, a step that an older build cannot live with (documents it cannot decode, a column
  // it would write wrongly) ends with: UPDATE journal_format SET oldest_reader = <this version>;
  // additive steps leave it, so the previous release still opens the journal after a rollback.
];

export const SCHEMA_VERSION = STEPS.length;

/**
 * The oldest build (by schema version) that can still use this journal. Step 3 (dictionary-compressed
 * documents) is the first to record it; journals before it have none.
 */
export function oldestReader(db: Database.Database): number | undefined {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal_format'")
    .get();
  if (table === undefined) return undefined;
  const row = db.prepare("SELECT oldest_reader FROM journal_format WHERE id = 1").get() as
    | { oldest_reader: number }
    | undefined;
  return row?.oldest_reader;
}

/**
 * Brings the database to SCHEMA_VERSION, one transaction per step. A journal a newer release has
 * migrated is used as it is when that release declared it readable by this one (additive steps):
 * that is what lets an update be rolled back (docs/updates.md).
 */
export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    const oldest = oldestReader(db);
    if (oldest !== undefined && oldest <= SCHEMA_VERSION) return;
    throw new Error(
      `journal schema version ${current} is newer than this build (${SCHEMA_VERSION}) and needs a build of schema ${oldest ?? current} or later: update again, or restore the backup taken before the update`,
    );
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(STEPS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
