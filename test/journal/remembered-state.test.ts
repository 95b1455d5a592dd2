// The journal remembers a few things between writes to spend less per sale (the audit chain's head,
// the offline backlog count, the documents of the open transaction, the dictionary documents). What
// it remembers must never outlive a rollback or a write by another connection.
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { openJournal } from "../../src/journal/open-journal.js";
import type { SqliteJournal } from "../../src/journal/sqlite-journal.js";
import { silentLogger } from "../../src/log.js";
import { fakeNfeProc, fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal | undefined;
const others: SqliteJournal[] = [];
afterEach(() => {
  for (const o of others.splice(0)) o.close();
  t?.cleanup();
  t = undefined;
});

/** The backlog as the table says it, counted without the journal's help. */
function backlogTruth(j: SqliteJournal): number {
  return j
    .listNotes()
    .filter(
      (n) => n.tpEmis === 9 && ["signed", "pending", "transmitting", "unknown", "rejected"].includes(n.state),
    ).length;
}

function second(): SqliteJournal {
  const j = openJournal({ dataDir: t!.dataDir, clock: t!.clock, log: silentLogger });
  others.push(j);
  return j;
}

describe("offline backlog count", () => {
  it("follows inserts, state moves, rollbacks and another connection's writes", () => {
    t = tempJournal();
    const j = t.journal;
    expect(j.offlineBacklog()).toEqual({ count: 0 });
    const a = fakeNote(1, 1, 9);
    const b = fakeNote(1, 2, 1);
    const c = fakeNote(1, 3, 9, { dhEmi: "2026-11-22T09:00:00-03:00" });
    j.insertNote(a, "t");
    j.insertNote(b, "t"); // online: never in the backlog
    j.insertNote(c, "t");
    expect(j.offlineBacklog()).toEqual({ count: 2, oldestDhEmi: "2026-11-22T12:00:00.000Z" });
    j.transition(a.chave, "pending", {}, "t");
    j.transition(a.chave, "transmitting", {}, "t");
    j.transition(a.chave, "rejected", { cStat: "539" }, "t"); // still waiting (correction)
    expect(j.offlineBacklog().count).toBe(2);
    j.storeCorrection(a.chave, a.xml, a.qrCode, "t");
    j.transition(a.chave, "transmitting", {}, "t");
    j.storeAuthorization(
      a.chave,
      { cStat: "100", xMotivo: "ok", nProt: "1", dhRecbto: "x", nfeProcXml: fakeNfeProc(a.xml, "1") },
      "t",
    );
    expect(j.offlineBacklog().count).toBe(1);

    // Rolled back as a whole, and a nested failure caught inside atomically (its savepoint undone).
    const d = fakeNote(1, 4, 9);
    expect(() =>
      j.atomically(() => {
        j.insertNote(d, "t");
        throw new Error("abort");
      }),
    ).toThrow("abort");
    expect(j.offlineBacklog().count).toBe(1);
    j.atomically(() => {
      j.insertNote(d, "t");
      expect(() => j.transition(d.chave, "authorized", {}, "t")).toThrow();
      j.transition(c.chave, "pending", {}, "t");
    });
    expect(j.offlineBacklog().count).toBe(2);
    expect(j.offlineBacklog().count).toBe(backlogTruth(j));

    // Another process (e.g. the CLI) moves a note: the count is taken again.
    const other = second();
    other.transition(c.chave, "transmitting", {}, "cli");
    other.transition(c.chave, "authorized", { cStat: "100" }, "cli");
    expect(j.offlineBacklog()).toEqual({ count: 1, oldestDhEmi: "2026-11-22T13:00:00.000Z" });
    other.insertNote(fakeNote(1, 5, 9), "cli");
    expect(j.offlineBacklog().count).toBe(2);
    expect(j.offlineBacklog().count).toBe(backlogTruth(j));
  });

  it("costs the same with 10 000 offline notes waiting (no count over the backlog per sale)", () => {
    t = tempJournal();
    const j = t.journal;
    j.atomically(() => {
      for (let n = 1; n <= 10_000; n++) {
        const note = fakeNote(1, n, 9);
        j.insertNote(note, "t");
        j.transition(note.chave, "pending", {}, "t");
      }
    });
    expect(j.offlineBacklog()).toEqual({ count: 10_000, oldestDhEmi: "2026-11-22T13:00:00.000Z" });
    // Counting 10 000 rows takes about 1 ms here; 1000 calls of an O(1) read take a few ms.
    const start = performance.now();
    for (let i = 0; i < 1000; i++) j.offlineBacklog();
    expect(performance.now() - start).toBeLessThan(250);
  });
});

describe("audit chain head", () => {
  it("stays a valid chain when two connections write in turn", () => {
    t = tempJournal();
    const j = t.journal;
    const other = second();
    j.recordAudit("a", "one", {});
    other.recordAudit("b", "two", {});
    j.recordAudit("a", "three", {});
    j.insertNote(fakeNote(1, 1, 9), "a");
    other.insertNote(fakeNote(1, 2, 9), "b");
    j.markPrinted(fakeNote(1, 2, 9).chave, Buffer.from("r"), "a");
    expect(j.verify()).toEqual({ ok: true, problems: [] });
    expect(j.auditHead()).toEqual(other.auditHead());
    expect(j.auditHead()?.seq).toBe(6);
  });

  it("is read again after a rollback (the next row chains to what was committed)", () => {
    t = tempJournal();
    const j = t.journal;
    j.recordAudit("a", "one", {});
    expect(() =>
      j.atomically(() => {
        j.recordAudit("a", "rolled-back", {});
        j.recordAudit("a", "rolled-back-2", {});
        throw new Error("abort");
      }),
    ).toThrow("abort");
    j.recordAudit("a", "two", {});
    expect(j.auditHead()?.seq).toBe(2);
    expect(j.verify()).toEqual({ ok: true, problems: [] });
  });
});

describe("the note just written", () => {
  it("is read as committed after a rollback and after another connection's write", () => {
    t = tempJournal();
    const j = t.journal;
    const a = fakeNote(1, 1, 9);
    j.insertNote(a, "t");
    expect(j.getNote(a.chave)?.state).toBe("signed");
    expect(() =>
      j.atomically(() => {
        j.transition(a.chave, "pending", {}, "t");
        expect(j.getNote(a.chave)?.state).toBe("pending");
        throw new Error("abort");
      }),
    ).toThrow("abort");
    expect(j.getNote(a.chave)?.state).toBe("signed");
    j.atomically(() => {
      expect(() => j.recordReceipt("0".repeat(44), Buffer.from("x"), "t")).toThrow(/no note/);
      j.transition(a.chave, "pending", {}, "t");
    });
    const other = second();
    other.markPrinted(a.chave, Buffer.from("printed elsewhere"), "cli");
    expect(j.getNote(a.chave)?.printedAt).toBe(t.clock.now().toISOString());
    expect(j.getDocument(a.chave, "receipt")?.toString()).toBe("printed elsewhere");
    j.transition(a.chave, "transmitting", {}, "t"); // moves from the state the other connection left
    expect(j.verify()).toEqual({ ok: true, problems: [] });
  });
});

describe("WAL checkpoint", () => {
  it("runs after a sale's last commit (markPrinted) every 60 commits, not at SQLite's 1000 frames", () => {
    t = tempJournal();
    const j = t.journal;
    const file = join(t.dataDir, "journal.db");
    const sizeAtStart = statSync(file).size;
    const sell = (nNF: number) => {
      const n = fakeNote(1, nNF, 9);
      j.atomically(() => {
        j.insertNote(n, "t");
        j.transition(n.chave, "pending", {}, "t");
        j.recordReceipt(n.chave, Buffer.from(`receipt ${nNF}`), "t");
      });
      j.markPrinted(n.chave, Buffer.from(`receipt ${nNF}`), "t");
    };
    for (let n = 1; n <= 29; n++) sell(n); // 58 commits: everything still only in the WAL
    expect(statSync(file).size).toBe(sizeAtStart);
    sell(30); // 60th commit: copied into the database file after the print was recorded
    expect(statSync(file).size).toBeGreaterThan(sizeAtStart);
    expect(j.verify()).toEqual({ ok: true, problems: [] });
  });
});

describe("documents", () => {
  it("a note's bytes read inside its own transaction, and ids reused after a rollback", () => {
    t = tempJournal();
    const j = t.journal;
    const a = fakeNote(1, 1, 9);
    expect(() =>
      j.atomically(() => {
        j.insertNote(a, "t");
        expect(j.getDocument(a.chave, "nfe")?.toString()).toBe(a.xml);
        throw new Error("abort");
      }),
    ).toThrow("abort");
    // Same number, other bytes: the rolled-back document ids are given again.
    const b = { ...a, xml: a.xml.replace("10.00", "20.00") };
    j.atomically(() => {
      j.insertNote(b, "t");
      j.recordReceipt(b.chave, Buffer.from("receipt-b"), "t");
    });
    expect(j.getDocument(b.chave, "nfe")?.toString()).toBe(b.xml);
    expect(j.getDocument(b.chave, "receipt")?.toString()).toBe("receipt-b");
    expect(t.reopen().getDocument(b.chave, "nfe")?.toString()).toBe(b.xml);
    expect(t.journal.verify()).toEqual({ ok: true, problems: [] });
  });

  for (const keyed of [false, true]) {
    it(`deflates each sale's documents against an earlier one and reads them back exactly${keyed ? " (sealed)" : ""}`, () => {
      t = tempJournal(keyed ? { dataKey: Buffer.alloc(32, 7) } : {});
      const j = t.journal;
      const filler = "<det><prod><xProd>PRODUTO DE TESTE COM NOME LONGO</xProd></prod></det>".repeat(40);
      const notes = Array.from({ length: 6 }, (_, i) => {
        const n = fakeNote(1, i + 1, 9, { saleJson: JSON.stringify({ items: i, text: filler }) });
        return { ...n, xml: n.xml.replace("<total>", `${filler}<total>`) };
      });
      for (const n of notes) {
        j.insertNote(n, "t");
        j.markPrinted(n.chave, Buffer.from(`RECEIPT ${n.chave} ${filler}`), "t");
      }
      const stored = j["db"]
        .prepare("SELECT id, kind, encoding, length(bytes) AS size FROM documents ORDER BY id")
        .all() as Array<{ id: number; kind: string; encoding: string; size: number }>;
      const nfe = stored.filter((d) => d.kind === "nfe");
      expect(nfe[0]!.encoding).not.toMatch(/^dict/);
      for (const d of nfe.slice(1)) {
        expect(d.encoding).toMatch(new RegExp(`^dict${nfe[0]!.id}\\+deflate`));
        expect(d.size).toBeLessThan(nfe[0]!.size / 2);
      }
      const fresh = t.reopen(); // nothing remembered: dictionaries read from the table
      for (const n of notes) {
        expect(fresh.getDocument(n.chave, "nfe")?.toString()).toBe(n.xml);
        expect(fresh.getDocument(n.chave, "sale")?.toString()).toBe(n.saleJson);
        expect(fresh.getDocument(n.chave, "receipt")?.toString()).toBe(`RECEIPT ${n.chave} ${filler}`);
      }
      expect(fresh.verify()).toEqual({ ok: true, problems: [] });
    });
  }

  it("gives a dictionary at most 200 documents, so that one damaged row cannot take more with it", () => {
    t = tempJournal();
    const j = t.journal;
    const notes = Array.from({ length: 205 }, (_, i) => fakeNote(1, i + 1, 9));
    j.atomically(() => {
      for (const n of notes) j.insertNote(n, "t");
    });
    const enc = (
      j["db"].prepare("SELECT id, encoding FROM documents WHERE kind = 'nfe' ORDER BY id").all() as Array<{
        id: number;
        encoding: string;
      }>
    ).map((r) => r.encoding);
    const plain = enc.flatMap((e, i) => (e.startsWith("dict") ? [] : [i]));
    expect(plain).toEqual([0, 201]);
    const fresh = t.reopen();
    expect(fresh.verify()).toEqual({ ok: true, problems: [] });
    for (const n of [notes[1]!, notes[200]!, notes[202]!])
      expect(fresh.getDocument(n.chave, "nfe")?.toString()).toBe(n.xml);
    // The first dictionary damaged: its documents are reported, the next dictionary's still read.
    fresh["db"]
      .prepare("UPDATE documents SET bytes = zeroblob(length(bytes)) WHERE kind = 'nfe' AND chave = ?")
      .run(notes[0]!.chave);
    const damaged = t.reopen();
    const problems = damaged.verify().problems;
    expect(new Set(problems.map((p) => p.kind))).toEqual(new Set(["document-hash"]));
    expect(() => damaged.getDocument(notes[5]!.chave, "nfe")).toThrow();
    for (const n of notes.slice(201)) expect(damaged.getDocument(n.chave, "nfe")?.toString()).toBe(n.xml);
  });

  it("takes a new dictionary when the documents stop resembling it", () => {
    t = tempJournal();
    const j = t.journal;
    // Hex of hashes: deflate alone halves it, and one seed's text says nothing about another's.
    const pad = (seed: number) =>
      Array.from({ length: 60 }, (_, i) => createHash("sha256").update(`${seed}/${i}`).digest("hex")).join(
        "",
      );
    const withBody = (nNF: number, body: string) => {
      const n = fakeNote(1, nNF, 9);
      return { ...n, xml: n.xml.replace("<total>", `<x>${body}</x><total>`) };
    };
    const notes = [withBody(1, pad(1)), withBody(2, pad(1)), withBody(3, pad(2)), withBody(4, pad(2))];
    for (const n of notes) j.insertNote(n, "t");
    const enc = (
      j["db"].prepare("SELECT encoding FROM documents WHERE kind = 'nfe' ORDER BY id").all() as Array<{
        encoding: string;
      }>
    ).map((r) => r.encoding.replace(/^dict[0-9]+\+/, "dict+"));
    expect(enc).toEqual(["deflate", "dict+deflate", "deflate", "dict+deflate"]);
    for (const n of notes) expect(t.reopen().getDocument(n.chave, "nfe")?.toString()).toBe(n.xml);
  });
});
