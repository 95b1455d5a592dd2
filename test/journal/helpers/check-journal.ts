// The invariants a crash or a power cut must never break, checked on a real journal file.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect } from "vitest";
import { ManualClock } from "../../../src/clock.js";
import { DocumentCodec } from "../../../src/journal/document-codec.js";
import { JournalStore } from "../../../src/journal/journal-store.js";
import { openJournal } from "../../../src/journal/open-journal.js";
import { silentLogger } from "../../../src/log.js";

export interface CrashCheck {
  notes: number;
  printed: number;
  gaps: number;
}

/** Printer file lines "chave base64" (a torn last line, if any, is ignored: it never reached paper). */
export function readPrinter(printerFile: string): Array<{ chave: string; bytes: Buffer }> {
  if (!existsSync(printerFile)) return [];
  return readFileSync(printerFile, "utf8")
    .split("\n")
    .filter((l) => /^[0-9]{44} [A-Za-z0-9+/=]+$/.test(l))
    .map((l) => ({ chave: l.slice(0, 44), bytes: Buffer.from(l.slice(45), "base64") }));
}

export function checkJournalInvariants(dataDir: string, printerFile: string): CrashCheck {
  const journal = openJournal({ dataDir, clock: new ManualClock("2030-01-01T00:00:00Z"), log: silentLogger });
  try {
    const result = journal.verify({ full: true });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    const notes = journal.listNotes();
    const numbers = notes.map((n) => `${n.series}/${n.nNF}`);
    expect(new Set(numbers).size).toBe(numbers.length); // no number used twice
    const gaps = journal.listGaps();
    for (const g of gaps) expect(g.reason.length).toBeGreaterThan(4); // every gap explained

    const db = new Database(join(dataDir, "journal.db"), { readonly: true });
    const codec = new DocumentCodec(undefined);
    // Read through the store: a receipt may be deflated against an earlier receipt (dictionary).
    const store = new JournalStore(db, codec);
    const receiptsOf = db.prepare("SELECT id FROM documents WHERE kind = 'receipt' AND chave = ?").pluck();
    const printed = readPrinter(printerFile);
    for (const p of printed) {
      expect(journal.getNote(p.chave), `printed note ${p.chave} is in the journal`).toBeDefined();
      const stored = (receiptsOf.all(p.chave) as number[]).map((id) =>
        store.readDocument(id).toString("base64"),
      );
      expect(stored, `receipt of ${p.chave} stored with the same bytes`).toContain(
        p.bytes.toString("base64"),
      );
    }
    db.close();
    return { notes: notes.length, printed: printed.length, gaps: gaps.length };
  } finally {
    journal.close();
  }
}
