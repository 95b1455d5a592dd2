// A full disk in the middle of recording a note: SQLite reports SQLITE_FULL (simulated with
// max_page_count), the transaction rolls back, the caller gets KIOSK_ERR_DISK_FULL (exit 3), and
// nothing already recorded is lost or half-written.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import type { KioskError } from "../../src/errors.js";
import { DocumentCodec } from "../../src/journal/document-codec.js";
import { openDatabase } from "../../src/journal/open-database.js";
import { SqliteJournal } from "../../src/journal/sqlite-journal.js";
import { fakeNote } from "./helpers/fake-notes.js";

const dir = mkdtempSync(join(tmpdir(), "journal-full-"));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("disk full while recording", () => {
  it("refuses with KIOSK_ERR_DISK_FULL and keeps every note already recorded", () => {
    const db = openDatabase(join(dir, "journal.db"));
    const journal = new SqliteJournal(
      db,
      new DocumentCodec(undefined),
      new ManualClock("2026-11-22T13:00:00Z"),
    );
    const big = (n: number) => {
      const note = fakeNote(1, n, 9);
      return {
        ...note,
        xml: note.xml.replace("</infNFe>", `<infAdic>${"x".repeat(3000)}${Math.random()}</infAdic></infNFe>`),
      };
    };
    journal.insertNote(big(1), "test");
    db.pragma(`max_page_count = ${(db.pragma("page_count", { simple: true }) as number) + 3}`);
    let err: KioskError | undefined;
    let n = 2;
    try {
      for (; n < 200; n++) journal.insertNote(big(n), "test");
    } catch (e) {
      err = e as KioskError;
    }
    expect(err?.code).toBe("KIOSK_ERR_DISK_FULL");
    expect(err?.exitStatus).toBe(3);
    expect(journal.nextNumber(1)).toBe(n); // the failed note took no number
    expect(journal.getNote(fakeNote(1, n, 9).chave)).toBeUndefined();
    db.pragma("max_page_count = 1073741823");
    expect(journal.verify()).toEqual({ ok: true, problems: [] });
    expect(journal.listNotes()).toHaveLength(n - 1);
    journal.insertNote(big(n), "test"); // space back: the same number is used, no gap
    expect(journal.verify().ok).toBe(true);
    journal.close();
  });
});
