// journal verify must report an edited document, an edited or deleted history row, and numbering
// damage. Tampering is done with a separate SQLite connection, as someone with the card would.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeNfeProc, fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal;
const notes = [fakeNote(1, 1, 9), fakeNote(1, 2, 1), fakeNote(1, 3, 9)];

beforeEach(() => {
  t = tempJournal();
  const j = t.journal;
  for (const n of notes) j.insertNote(n, "test");
  j.markPrinted(notes[0]!.chave, Buffer.from("receipt-1"), "test");
  j.transition(notes[1]!.chave, "transmitting", {}, "test");
  j.storeAuthorization(
    notes[1]!.chave,
    { cStat: "100", xMotivo: "ok", nProt: "1", dhRecbto: "x", nfeProcXml: fakeNfeProc(notes[1]!.xml, "1") },
    "test",
  );
  j.markPrinted(notes[1]!.chave, Buffer.from("receipt-2"), "test");
  expect(j.verify()).toEqual({ ok: true, problems: [] });
  j.close();
});
afterEach(() => t.cleanup());

function tamper(sql: string, ...args: unknown[]): void {
  const db = new Database(join(t.dataDir, "journal.db"));
  db.prepare(sql).run(...args);
  db.close();
}

function kinds(): string[] {
  const r = t.reopen().verify();
  expect(r.ok).toBe(false);
  return [...new Set(r.problems.map((p) => p.kind))];
}

describe("journal verify detects tampering", () => {
  it("an edited stored document (bytes replaced, hash left)", () => {
    const forged = deflateRawSync(Buffer.from(notes[0]!.xml.replace("10.00", "1.00")));
    tamper("UPDATE documents SET bytes = ? WHERE kind = 'nfe' AND chave = ?", forged, notes[0]!.chave);
    expect(kinds()).toEqual(["document-hash"]);
    expect(t.journal.verify({ documents: false }).ok).toBe(true); // the quick health check skips bytes
  });

  it("an edited document whose hash column was recomputed too", () => {
    const forgedXml = Buffer.from(notes[0]!.xml.replace("10.00", "1.00"));
    tamper(
      "UPDATE documents SET bytes = ?, sha256 = ? WHERE kind = 'nfe' AND chave = ?",
      deflateRawSync(forgedXml),
      createHash("sha256").update(forgedXml).digest("hex"),
      notes[0]!.chave,
    );
    expect(kinds()).toContain("document-hash");
  });

  it("an edited history row", () => {
    tamper("UPDATE audit SET who = 'someone else' WHERE seq = 2");
    expect(kinds()).toEqual(["audit-chain"]);
  });

  it("a deleted history row in the middle", () => {
    tamper("DELETE FROM audit WHERE seq = 3");
    expect(kinds()).toContain("audit-chain");
  });

  it("the last history row deleted (the row it wrote now points nowhere)", () => {
    tamper("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)");
    expect(kinds()).toEqual(expect.arrayContaining(["audit-missing"]));
  });

  it("a note's state or protocol edited", () => {
    tamper("UPDATE notes SET n_prot = '999' WHERE chave = ?", notes[1]!.chave);
    expect(kinds()).toEqual(["state-mismatch"]);
  });

  it("a deleted note (its number becomes an unexplained gap)", () => {
    tamper("PRAGMA foreign_keys = OFF");
    const db = new Database(join(t.dataDir, "journal.db"));
    db.prepare("DELETE FROM notes WHERE chave = ?").run(notes[0]!.chave);
    db.close();
    expect(kinds()).toEqual(expect.arrayContaining(["document-missing", "number-gap"]));
  });

  it("a counter moved back (a number would be reused)", () => {
    tamper("UPDATE series_counter SET next_nnf = 2");
    expect(kinds()).toEqual(["counter"]);
  });

  it("privileged actions recorded with recordAudit are part of the chain", () => {
    const j = t.reopen();
    j.recordAudit("operador 7", "insert", { what: "manual contingency" }); // any action name, no note
    expect(j.verify()).toEqual({ ok: true, problems: [] });
    j.close();
    tamper("UPDATE audit SET detail = '{}' WHERE seq = (SELECT max(seq) FROM audit)");
    expect(kinds()).toEqual(["audit-chain"]);
  });
});
