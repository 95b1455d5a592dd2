// The clock floor (newestTime, read before every sale) must not cost more as the journal grows:
// migration 2 indexes audit.at and notes.dh_emi_ms, so both maxima are index lookups, not scans of
// every audit row and note (docs/bench.md measured 86 ms per sale at 100 000 notes before it).
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, SCHEMA_VERSION } from "../../src/journal/migrations.js";
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

describe("newestTime by index", () => {
  it("finds both maxima through an index, never a table scan", () => {
    t = tempJournal();
    t.journal.close();
    const db = new Database(join(t.dataDir, "journal.db"), { readonly: true });
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
      expect(plan(db, "SELECT max(at) FROM audit")).toMatch(/USING COVERING INDEX audit_at/);
      expect(plan(db, "SELECT max(dh_emi_ms) FROM notes")).toMatch(/USING COVERING INDEX notes_dh_emi_ms/);
    } finally {
      db.close();
    }
  });

  it("still returns the newest instant when the clock stepped back between writes", () => {
    t = tempJournal();
    t.journal.recordAudit("tech", "test-late", {});
    const late = t.clock.now().toISOString();
    t.clock.advance(-3_600_000);
    t.journal.recordAudit("tech", "test-earlier", {});
    expect(t.journal.newestTime()).toBe(late);
  });

  it("migrates a journal created at schema 1 without touching its rows", () => {
    t = tempJournal();
    t.journal.recordAudit("tech", "before-migration", { n: 1 });
    t.journal.close();
    const path = join(t.dataDir, "journal.db");
    const db = new Database(path);
    db.exec("DROP INDEX audit_at; DROP INDEX notes_dh_emi_ms; PRAGMA user_version = 1;");
    migrate(db);
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>
    ).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["audit_at", "notes_dh_emi_ms"]));
    expect(db.prepare("SELECT action FROM audit ORDER BY seq").all()).toContainEqual({
      action: "before-migration",
    });
    db.close();
    t.journal = t.reopen();
    expect(t.journal.verify().ok).toBe(true);
  });
});
