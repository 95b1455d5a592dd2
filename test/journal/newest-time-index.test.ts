// The clock floor (newestTime, read before every sale) must not cost more as the journal grows, and
// must write no index page per sale: since migration 3 it is max(last audit row's at, time_floor),
// where time_floor keeps what an older `at` would hide (clock stepped back, dhEmi ahead of the clock).
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, SCHEMA_VERSION } from "../../src/journal/migrations.js";
import { fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

function plan(db: Database.Database, sql: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
    .map((r) => r.detail)
    .join("; ");
}

function indexNames(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as Array<{
      name: string;
    }>
  ).map((r) => r.name);
}

/** Turns a current journal file back into schema 2 (its tables and indexes as release 2 made them). */
function downgradeToSchema2(db: Database.Database): void {
  db.exec(`DROP TABLE time_floor; DROP TABLE journal_format; DROP INDEX notes_open;
    CREATE INDEX notes_state ON notes(state, created_at);
    CREATE INDEX audit_at ON audit(at); CREATE INDEX notes_dh_emi_ms ON notes(dh_emi_ms);
    PRAGMA user_version = 2;`);
}

describe("newestTime (the clock floor)", () => {
  it("reads the last audit row by its key and the one-row floor: no index on at or dhEmi", () => {
    t = tempJournal();
    t.journal.recordAudit("tech", "x", {});
    t.journal.close();
    const db = new Database(join(t.dataDir, "journal.db"), { readonly: true });
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
      const head = plan(db, "SELECT seq, hash, at FROM audit ORDER BY seq DESC LIMIT 1");
      expect(head).not.toMatch(/TEMP B-TREE/);
      expect(plan(db, "SELECT ms FROM time_floor WHERE id = 1")).toMatch(/USING INTEGER PRIMARY KEY/);
      expect(indexNames(db)).not.toEqual(expect.arrayContaining(["audit_at"]));
      expect(indexNames(db)).not.toContain("notes_dh_emi_ms");
    } finally {
      db.close();
    }
  });

  it("still returns the newest instant when the clock stepped back between writes, also after reopening", () => {
    t = tempJournal();
    t.journal.recordAudit("tech", "test-late", {});
    const late = t.clock.now().toISOString();
    t.clock.advance(-3_600_000);
    t.journal.recordAudit("tech", "test-earlier", {});
    t.journal.recordAudit("tech", "test-earlier-2", {});
    expect(t.journal.newestTime()).toBe(late);
    expect(t.reopen().newestTime()).toBe(late);
    t.clock.advance(2 * 3_600_000);
    t.journal.recordAudit("tech", "test-later", {});
    expect(t.journal.newestTime()).toBe(t.clock.now().toISOString());
  });

  it("counts a note's dhEmi ahead of the journal's clock until the clock passes it", () => {
    t = tempJournal(); // clock at 13:00Z
    expect(t.journal.newestTime()).toBeUndefined();
    t.journal.insertNote(fakeNote(1, 1, 9, { dhEmi: "2026-11-22T12:30:00-03:00" }), "test"); // 15:30Z
    expect(t.journal.newestTime()).toBe("2026-11-22T15:30:00.000Z");
    t.journal.recordAudit("tech", "x", {});
    expect(t.reopen().newestTime()).toBe("2026-11-22T15:30:00.000Z");
    t.clock.advance(3 * 3_600_000);
    t.journal.recordAudit("tech", "y", {});
    expect(t.journal.newestTime()).toBe("2026-11-22T16:00:00.000Z");
  });

  it("a rolled-back write leaves the floor as it was", () => {
    t = tempJournal();
    t.journal.recordAudit("tech", "x", {});
    const before = t.journal.newestTime();
    expect(() =>
      t!.journal.atomically(() => {
        t!.journal.insertNote(fakeNote(1, 1, 9, { dhEmi: "2027-01-01T00:00:00-03:00" }), "test");
        throw new Error("abort");
      }),
    ).toThrow();
    expect(t.journal.newestTime()).toBe(before);
    expect(t.reopen().newestTime()).toBe(before);
  });

  it("journal verify reports a clock floor lowered by hand", () => {
    t = tempJournal();
    t.journal.recordAudit("tech", "late", {});
    t.clock.advance(-3_600_000);
    t.journal.recordAudit("tech", "earlier", {});
    expect(t.journal.verify().ok).toBe(true);
    t.journal.close();
    const db = new Database(join(t.dataDir, "journal.db"));
    db.exec("DELETE FROM time_floor");
    db.close();
    const problems = t.reopen().verify().problems;
    expect(problems.map((p) => p.kind)).toEqual(["clock-floor"]);
  });

  for (const from of [1, 2]) {
    it(`migrates a journal created at schema ${from}: same newestTime, same rows, indexes replaced`, () => {
      t = tempJournal();
      const j = t.journal;
      j.insertNote(fakeNote(1, 1, 9, { dhEmi: "2026-11-22T12:30:00-03:00" }), "test"); // ahead: 15:30Z
      j.recordAudit("tech", "before-migration", { n: 1 });
      t.clock.advance(-60_000);
      j.recordAudit("tech", "clock-stepped-back", {});
      const newest = j.newestTime();
      const rows = j.history(fakeNote(1, 1, 9).chave);
      j.close();
      const db = new Database(join(t.dataDir, "journal.db"));
      downgradeToSchema2(db);
      if (from === 1) db.exec("DROP INDEX audit_at; DROP INDEX notes_dh_emi_ms; PRAGMA user_version = 1;");
      migrate(db);
      expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
      expect(indexNames(db)).toContain("notes_open");
      expect(indexNames(db)).not.toEqual(expect.arrayContaining(["notes_state"]));
      expect(db.prepare("SELECT ms FROM time_floor").pluck().get()).toBe(Date.parse("2026-11-22T15:30:00Z"));
      db.close();
      t.journal = t.reopen();
      expect(t.journal.newestTime()).toBe(newest);
      expect(t.journal.history(fakeNote(1, 1, 9).chave)).toEqual(rows);
      expect(t.journal.verify()).toEqual({ ok: true, problems: [] });
    });
  }

  it("migrates an empty journal without inventing a floor", () => {
    t = tempJournal();
    t.journal.close();
    const db = new Database(join(t.dataDir, "journal.db"));
    downgradeToSchema2(db);
    migrate(db);
    expect(db.prepare("SELECT count(*) FROM time_floor").pluck().get()).toBe(0);
    db.close();
    expect(t.reopen().newestTime()).toBeUndefined();
  });
});
