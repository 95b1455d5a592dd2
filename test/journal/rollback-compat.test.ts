// An update can be rolled back (docs/updates.md): the previous release must still open a journal the
// new one migrated, when the new steps were additive. A release whose steps an older build cannot live
// with says so in journal_format.oldest_reader, and the older build refuses with a clear message
// instead of misreading documents.
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { oldestReader, SCHEMA_VERSION } from "../../src/journal/migrations.js";
import { fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

/** What a later release would leave: its own schema version, and who may still read the file. */
function pretendNewerRelease(dataDir: string, version: number, oldest: number): void {
  const db = new Database(join(dataDir, "journal.db"));
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS later_feature (id INTEGER PRIMARY KEY, note TEXT);
      UPDATE journal_format SET oldest_reader = ${oldest};
      PRAGMA user_version = ${version};`);
  } finally {
    db.close();
  }
}

describe("journal schema and rollback", () => {
  it("records which builds can read it (dictionary documents since schema 3)", () => {
    t = tempJournal();
    t.journal.close();
    const db = new Database(join(t.dataDir, "journal.db"), { readonly: true });
    try {
      expect(oldestReader(db)).toBe(3);
      expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });

  it("opens, sells on and verifies a journal a newer release migrated additively", () => {
    t = tempJournal();
    const first = fakeNote(1, 1);
    t.journal.insertNote(first, "caixa");
    t.journal.close();
    pretendNewerRelease(t.dataDir, SCHEMA_VERSION + 1, SCHEMA_VERSION);
    const journal = t.reopen();
    expect(journal.getNote(first.chave)?.nNF).toBe(1);
    journal.insertNote(fakeNote(1, 2), "caixa");
    expect(journal.nextNumber(first.series)).toBe(3);
    expect(journal.verify().ok).toBe(true);
    // Nothing was migrated back or forward: the newer release finds its own version.
    journal.close();
    const db = new Database(join(t.dataDir, "journal.db"), { readonly: true });
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION + 1);
    } finally {
      db.close();
    }
    t.journal = t.reopen();
  });

  it("refuses, naming the build it needs, a journal a newer release changed in a breaking way", () => {
    t = tempJournal();
    t.journal.insertNote(fakeNote(1, 1), "caixa");
    t.journal.close();
    pretendNewerRelease(t.dataDir, SCHEMA_VERSION + 2, SCHEMA_VERSION + 2);
    let error: unknown;
    try {
      t.reopen();
    } catch (e) {
      error = e;
    }
    expect(String((error as Error)?.message)).toContain(`needs a build of schema ${SCHEMA_VERSION + 2}`);
    // Reopen at the right version for cleanup: the refused file was not modified.
    const db = new Database(join(t.dataDir, "journal.db"));
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION + 2);
      db.exec(`UPDATE journal_format SET oldest_reader = ${SCHEMA_VERSION}`);
    } finally {
      db.close();
    }
    t.journal = t.reopen();
  });
});
