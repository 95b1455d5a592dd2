// Privileged actions (manual contingency, reprint, cancel, login) join the same hash chain as the
// notes: recorded, verifiable, and an edit of one is detected by verify.
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal | undefined;
afterEach(() => t?.cleanup());

it("records a privileged action in the audit chain and detects its tampering", () => {
  t = tempJournal();
  t.journal.recordAudit("maria", "contingency-enter", { reason: "queda do link" });
  expect(t.journal.verify().ok).toBe(true);
  t.journal.close();
  const db = new Database(join(t.dataDir, "journal.db"));
  const row = db
    .prepare("SELECT who, action, detail FROM audit WHERE action = 'contingency-enter'")
    .get() as {
    who: string;
    detail: string;
  };
  expect(row.who).toBe("maria");
  expect(JSON.parse(row.detail).reason).toBe("queda do link");
  db.prepare("UPDATE audit SET who = 'joao' WHERE action = 'contingency-enter'").run();
  db.close();
  const verify = t.reopen().verify();
  expect(verify.ok).toBe(false);
  expect(verify.problems.map((p) => p.kind)).toContain("audit-chain");
});
