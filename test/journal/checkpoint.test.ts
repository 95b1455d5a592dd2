// The scheduled walCheckpoint job (docs/platform.md) copies the WAL into the journal file and
// truncates it, so the WAL does not grow on the card between sales; committed notes stay readable.
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe("journal.checkpoint", () => {
  it("empties the WAL file and keeps every committed note", () => {
    t = tempJournal();
    for (let n = 1; n <= 20; n++) t.journal.insertNote(fakeNote(1, n), "caixa");
    const wal = join(t.dataDir, "journal.db-wal");
    expect(statSync(wal).size).toBeGreaterThan(0);
    expect(t.journal.checkpoint()).toBe(true);
    expect(statSync(wal).size).toBe(0);
    expect(t.journal.nextNumber(1)).toBe(21);
    expect(t.reopen().getNote(fakeNote(1, 20).chave)?.nNF).toBe(20);
  });
});
