// Several journal writes as one transaction: the sale path records the note, its state and its
// receipt bytes with one durable commit; a failure inside leaves nothing behind.
import { afterEach, expect, it } from "vitest";
import { fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal | undefined;
afterEach(() => t?.cleanup());

it("commits note, state and receipt together, and the audit chain stays valid", () => {
  t = tempJournal();
  const j = t.journal;
  const note = fakeNote(1, 1, 9);
  j.atomically(() => {
    j.insertNote(note, "test");
    j.transition(note.chave, "pending", { reason: "offline" }, "test");
    j.recordReceipt(note.chave, Buffer.from("receipt"), "test");
  });
  expect(j.getNote(note.chave)?.state).toBe("pending");
  expect(j.getDocument(note.chave, "receipt")?.toString()).toBe("receipt");
  expect(j.verify()).toEqual({ ok: true, problems: [] });
});

it("rolls every write back when one of them fails: the number is not consumed", () => {
  t = tempJournal();
  const j = t.journal;
  const note = fakeNote(1, 1, 9);
  expect(() =>
    j.atomically(() => {
      j.insertNote(note, "test");
      j.transition(note.chave, "authorized", {}, "test"); // illegal from "signed": throws
    }),
  ).toThrow();
  expect(j.getNote(note.chave)).toBeUndefined();
  expect(j.nextNumber(1)).toBe(1);
  expect(j.verify().ok).toBe(true);
});
