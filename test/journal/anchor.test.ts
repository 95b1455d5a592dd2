// The limit of a chain without a secret, and what the anchor in the second location adds: a
// consistent rewrite of the whole chain passes verify on the card alone, but not against the anchor
// written at the last backup.
import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ANCHOR_FILE } from "../../src/journal/audit-anchor.js";
import { auditHash, GENESIS_HASH } from "../../src/journal/audit-chain.js";
import { backupJournal } from "../../src/journal/backup.js";
import { fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal;
let usb: string;
beforeEach(async () => {
  t = tempJournal();
  usb = join(t.dir, "usb");
  for (let i = 1; i <= 3; i++) t.journal.insertNote(fakeNote(1, i, 9), "operador 1");
  await backupJournal(t.journal, usb, 3, t.clock);
  t.journal.close();
});
afterEach(() => t.cleanup());

/** What a forger with the card and this source code can do: edit a row and re-chain everything. */
function rewriteChain(): void {
  const db = new Database(join(t.dataDir, "journal.db"));
  db.prepare("UPDATE audit SET who = 'operador 2' WHERE seq = 1").run();
  let prev = GENESIS_HASH;
  for (const r of db.prepare("SELECT * FROM audit ORDER BY seq").all() as Array<
    Record<string, string | number | null>
  >) {
    const hash = auditHash(prev, {
      seq: r.seq as number,
      at: r.at as string,
      who: r.who as string,
      action: r.action as string,
      chave: r.chave as string | null,
      detail: r.detail as string,
      docSha256: r.doc_sha256 as string | null,
    });
    db.prepare("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?").run(prev, hash, r.seq);
    prev = hash;
  }
  db.close();
}

describe("backup anchor", () => {
  it("is written next to the backups", () => {
    expect(existsSync(join(usb, ANCHOR_FILE))).toBe(true);
  });

  it("a consistently rewritten chain passes on the card alone but not against the anchor", () => {
    rewriteChain();
    expect(t.reopen().verify().ok).toBe(true); // the documented limit
    const withAnchor = t.reopen({ backupDir: usb }).verify();
    expect(withAnchor.problems.map((p) => p.kind)).toEqual(["audit-anchor"]);
    expect(withAnchor.problems[0]!.message).toMatch(/rewritten/);
  });

  it("history cut short below the anchored row is reported", () => {
    const db = new Database(join(t.dataDir, "journal.db"));
    db.prepare("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)").run();
    db.close();
    const kinds = t
      .reopen({ backupDir: usb })
      .verify()
      .problems.map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(["audit-anchor"]));
  });

  it("an intact journal that moved on since the backup agrees with its anchor", () => {
    const j = t.reopen({ backupDir: usb });
    j.insertNote(fakeNote(1, 4, 9), "operador 1");
    expect(j.verify()).toEqual({ ok: true, problems: [] });
  });
});
