import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KioskError } from "../../src/errors.js";
import { fakeNfeProc, fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal;
beforeEach(() => {
  t = tempJournal();
});
afterEach(() => t.cleanup());

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as KioskError).code;
  }
  return "no error";
}

describe("numbering: one monotonic counter per series, never reused", () => {
  it("starts at 1, advances only when a note is stored, per series", () => {
    const j = t.journal;
    expect(j.nextNumber(1)).toBe(1);
    j.insertNote(fakeNote(1, 1), "test");
    j.insertNote(fakeNote(1, 2, 1), "test");
    expect(j.nextNumber(1)).toBe(3);
    expect(j.nextNumber(2)).toBe(1);
  });

  it("refuses a number that is not the next one, and a reused one ([A4] §5)", () => {
    const j = t.journal;
    j.insertNote(fakeNote(1, 1), "test");
    expect(codeOf(() => j.insertNote(fakeNote(1, 3), "test"))).toBe("KIOSK_ERR_JOURNAL");
    // The same number again, even with another tpEmis: never reused.
    expect(codeOf(() => j.insertNote(fakeNote(1, 1, 1), "test"))).toBe("KIOSK_ERR_JOURNAL");
    expect(j.nextNumber(1)).toBe(2);
    expect(j.listNotes()).toHaveLength(1);
  });

  it("refuses a chave whose serie, nNF, tpEmis or cNF disagree with the note ([MOC-A1] B23)", () => {
    const n = fakeNote(1, 1, 9);
    expect(codeOf(() => t.journal.insertNote({ ...n, tpEmis: 1 }, "test"))).toBe("KIOSK_ERR_JOURNAL");
    expect(codeOf(() => t.journal.insertNote({ ...n, cNF: "12345670" }, "test"))).toBe("KIOSK_ERR_JOURNAL");
    expect(codeOf(() => t.journal.insertNote({ ...n, xml: n.xml.replace(n.chave, "x") }, "test"))).toBe(
      "KIOSK_ERR_JOURNAL",
    );
    expect(t.journal.nextNumber(1)).toBe(1);
  });

  it("a series may start at a given number (migration from another system), only before it is used", () => {
    const j = t.journal;
    j.startSeries(2, 500, "installer");
    expect(j.nextNumber(2)).toBe(500);
    j.insertNote(fakeNote(2, 500, 9), "test");
    expect(codeOf(() => j.startSeries(2, 1, "installer"))).toBe("KIOSK_ERR_JOURNAL");
    expect(j.verify()).toEqual({ ok: true, problems: [] }); // 1..499 belong to the old system, not gaps
  });

  it("survives a reopen: the counter and the exact bytes are on disk", () => {
    const n = fakeNote(1, 1);
    t.journal.insertNote(n, "test");
    const j = t.reopen();
    expect(j.nextNumber(1)).toBe(2);
    expect(j.getDocument(n.chave, "nfe")?.toString("utf8")).toBe(n.xml);
  });

  it("gaps reserve numbers with a reason and are listed to void, merged with abandoned attempts", () => {
    const j = t.journal;
    j.insertNote(fakeNote(1, 1, 1), "test");
    expect(j.recordGap(1, 2, "entering contingency", "test")).toEqual({ series: 1, nNFIni: 2, nNFFin: 3 });
    j.transition(fakeNote(1, 1, 1).chave, "abandoned", { reason: "never reached SEFAZ" }, "test");
    expect(j.numbersToVoid()).toEqual([{ series: 1, nNFIni: 1, nNFFin: 3 }]);
    expect(j.nextNumber(1)).toBe(4);
    expect(j.verify().ok).toBe(true);
  });
});

describe("states: every transition checked and recorded", () => {
  it("an offline note goes signed -> pending -> transmitting -> authorized, keeping nfeProc byte-exact", () => {
    const j = t.journal;
    const n = fakeNote(1, 1, 9);
    expect(j.insertNote(n, "test").state).toBe("signed");
    j.transition(n.chave, "pending", {}, "test");
    j.transition(n.chave, "transmitting", {}, "test");
    const proc = fakeNfeProc(n.xml, "135260000000001");
    const rec = j.storeAuthorization(
      n.chave,
      {
        cStat: "100",
        xMotivo: "Autorizado o uso da NF-e",
        nProt: "135260000000001",
        dhRecbto: "2026-11-22T10:01:00-03:00",
        nfeProcXml: proc,
      },
      "test",
    );
    expect(rec).toMatchObject({
      state: "authorized",
      status: "authorized",
      cStat: "100",
      nProt: "135260000000001",
    });
    expect(j.getDocument(n.chave, "nfe-proc")?.toString("utf8")).toBe(proc);
    expect(j.pendingNotes()).toEqual([]);
    // Every transition is recorded: when, who, why, cStat/nProt.
    expect(j.history(n.chave).map((h) => [h.action, h.who, h.detail.to ?? h.detail.state])).toEqual([
      ["insert", "test", "signed"],
      ["state", "test", "pending"],
      ["state", "test", "transmitting"],
      ["authorized", "test", "authorized"],
    ]);
    expect(j.history(n.chave)[3]!.detail).toMatchObject({
      from: "transmitting",
      cStat: "100",
      nProt: "135260000000001",
    });
    expect(j.history(n.chave)[0]!.at).toBe("2026-11-22T13:00:00.000Z");
  });

  it("nfeProc is byte-exact whether or not it wraps the stored NFe bytes (stored as a splice when it does)", () => {
    const j = t.journal;
    const a = fakeNote(1, 1, 1);
    const b = fakeNote(1, 2, 1);
    for (const n of [a, b]) {
      j.insertNote(n, "test");
      j.transition(n.chave, "transmitting", {}, "test");
    }
    const wraps = fakeNfeProc(a.xml, "1");
    const reserialized = fakeNfeProc(b.xml.replace("><", ">\n<"), "2"); // not the stored bytes
    const auth = { cStat: "100", xMotivo: "ok", dhRecbto: "x" };
    j.storeAuthorization(a.chave, { ...auth, nProt: "1", nfeProcXml: wraps }, "test");
    j.storeAuthorization(b.chave, { ...auth, nProt: "2", nfeProcXml: reserialized }, "test");
    expect(j.getDocument(a.chave, "nfe-proc")?.toString()).toBe(wraps);
    expect(j.getDocument(b.chave, "nfe-proc")?.toString()).toBe(reserialized);
    expect(j.verify().ok).toBe(true);
  });

  it("refuses illegal moves and never voids a contingency number ([A4] §5)", () => {
    const j = t.journal;
    const off = fakeNote(1, 1, 9);
    j.insertNote(off, "test");
    expect(codeOf(() => j.transition(off.chave, "authorized", {}, "test"))).toBe("KIOSK_ERR_JOURNAL");
    expect(codeOf(() => j.transition(off.chave, "abandoned", {}, "test"))).toBe("KIOSK_ERR_JOURNAL");
    expect(j.getNote(off.chave)?.state).toBe("signed");
    expect(codeOf(() => j.transition("3526", "pending", {}, "test"))).toBe("KIOSK_ERR_NOT_FOUND");
  });

  it("a rejected offline note is corrected with the same key and goes back to pending ([A4] §3)", () => {
    const j = t.journal;
    const n = fakeNote(1, 1, 9);
    j.insertNote(n, "test");
    j.transition(n.chave, "transmitting", {}, "test");
    j.transition(n.chave, "rejected", { cStat: "225", xMotivo: "Falha no Schema XML" }, "test");
    expect(j.listNotes({ status: "rejected" }).map((x) => x.xMotivo)).toEqual(["Falha no Schema XML"]);
    const fixed = n.xml.replace("<vNF>10.00</vNF>", "<vNF>10.00</vNF><!--fixed-->");
    expect(codeOf(() => j.storeCorrection(n.chave, fixed.replace(n.chave, "0"), n.qrCode, "test"))).toBe(
      "KIOSK_ERR_JOURNAL",
    );
    expect(j.storeCorrection(n.chave, fixed, n.qrCode, "test").state).toBe("pending");
    expect(j.getDocument(n.chave, "nfe")?.toString()).toBe(fixed);
    expect(j.pendingNotes().map((x) => x.chave)).toEqual([n.chave]);
    expect(j.verify().ok).toBe(true);
  });

  it("a cancellation event (135) moves the note to cancelled and is kept for export", () => {
    const j = t.journal;
    const n = fakeNote(1, 1, 1);
    j.insertNote(n, "test");
    j.transition(n.chave, "transmitting", {}, "test");
    j.storeAuthorization(
      n.chave,
      {
        cStat: "100",
        xMotivo: "ok",
        nProt: "1",
        dhRecbto: "2026-11-22T10:00:01-03:00",
        nfeProcXml: fakeNfeProc(n.xml, "1"),
      },
      "test",
    );
    j.recordEvent(
      {
        chave: n.chave,
        tpEvento: "110111",
        nSeqEvento: 1,
        xml: "<evento/>",
        cStat: "135",
        nProt: "2",
        procXml: "<procEventoNFe/>",
      },
      "test",
    );
    expect(j.getNote(n.chave)).toMatchObject({ state: "cancelled", status: "cancelled" });
    expect(j.exportItems("2026-11").map((i) => i.name)).toEqual([
      `${n.chave}-nfeProc.xml`,
      `${n.chave}-110111-01-procEventoNFe.xml`,
    ]);
  });

  it("a timed-out online attempt later found authorized is cancelled by substitution (110112)", () => {
    const j = t.journal;
    const online = fakeNote(1, 1, 1);
    j.insertNote(online, "test");
    j.transition(online.chave, "transmitting", {}, "test");
    j.transition(online.chave, "unknown", { reason: "timeout" }, "test");
    const offline = fakeNote(1, 2, 9, { replacesChave: online.chave });
    expect(j.insertNote(offline, "test").replacesChave).toBe(online.chave);
    // consSitNFe: SEFAZ had authorized it after all.
    j.storeAuthorization(
      online.chave,
      { cStat: "100", xMotivo: "ok", nProt: "7", dhRecbto: "x", nfeProcXml: fakeNfeProc(online.xml, "7") },
      "test",
    );
    j.recordEvent(
      { chave: online.chave, tpEvento: "110112", nSeqEvento: 1, xml: "<evento/>", cStat: "135", nProt: "8" },
      "test",
    );
    expect(j.getNote(online.chave)).toMatchObject({ state: "substituted", status: "cancelled" });
    // A substitute must point to an attempt the journal knows.
    expect(codeOf(() => j.insertNote(fakeNote(1, 3, 9, { replacesChave: "0".repeat(44) }), "test"))).toBe(
      "KIOSK_ERR_NOT_FOUND",
    );
    expect(j.verify().ok).toBe(true);
  });

  it("list maps fine states onto the contract statuses and masks the consumer document", () => {
    const j = t.journal;
    j.insertNote(fakeNote(1, 1, 9, { customerDoc: "12345678909" }), "test");
    j.insertNote(fakeNote(1, 2, 1), "test");
    j.transition(fakeNote(1, 2, 1).chave, "transmitting", {}, "test");
    j.transition(fakeNote(1, 2, 1).chave, "unknown", { reason: "timeout" }, "test");
    expect(j.listNotes().map((n) => [n.state, n.status])).toEqual([
      ["signed", "pending"],
      ["unknown", "pending"],
    ]);
    expect(j.listNotes({ status: "unknown" })).toHaveLength(1);
    expect(j.listNotes()[0]!.customerDocMasked).toBe("***.456.789-**");
    expect(JSON.stringify(j.listNotes())).not.toContain("12345678909");
    expect(codeOf(() => j.listNotes({ status: "lost" }))).toBe("KIOSK_ERR_INPUT_INVALID");
    expect(codeOf(() => j.listNotes({ month: "2026-13" }))).toBe("KIOSK_ERR_INPUT_INVALID");
  });
});

describe("inutilização", () => {
  it("voids gaps and abandoned attempts, refuses a range that holds a used number", () => {
    const j = t.journal;
    const online = fakeNote(1, 1, 1);
    j.insertNote(online, "test");
    j.transition(online.chave, "abandoned", { reason: "link down before sending" }, "test");
    j.recordGap(1, 1, "entering contingency", "test");
    j.insertNote(fakeNote(1, 3, 9), "test");
    const inut = { series: 1, xml: "<inutNFe/>", cStat: "102", nProt: "9", procXml: "<procInutNFe/>" };
    expect(codeOf(() => j.recordInutilizacao({ ...inut, nNFIni: 1, nNFFin: 3 }, "test"))).toBe(
      "KIOSK_ERR_JOURNAL",
    );
    j.recordInutilizacao({ ...inut, nNFIni: 1, nNFFin: 2 }, "test");
    expect(j.getNote(online.chave)?.state).toBe("voided");
    expect(j.numbersToVoid()).toEqual([]);
    expect(j.listGaps()[0]!.voided).toBe(true);
    expect(j.exportItems().map((i) => i.name)).toEqual(["inut-1-1-2-procInutNFe.xml"]);
    expect(j.verify()).toEqual({ ok: true, problems: [] });
  });
});

describe("recovery plan and clock floor", () => {
  it("lists unprinted offline notes to reprint and in-flight ones to query first", () => {
    const j = t.journal;
    const a = fakeNote(1, 1, 9);
    const b = fakeNote(1, 2, 9);
    const c = fakeNote(1, 3, 1);
    const d = fakeNote(1, 4, 1);
    for (const n of [a, b, c, d]) j.insertNote(n, "test");
    j.markPrinted(a.chave, new Uint8Array([1, 2, 3]), "test");
    j.transition(c.chave, "transmitting", {}, "test");
    const plan = j.recoveryPlan();
    expect(plan.reprint.map((n) => n.nNF)).toEqual([2]);
    expect(plan.queryFirst.map((n) => n.nNF)).toEqual([3]);
    expect(plan.notSent.map((n) => n.nNF)).toEqual([4]);
    expect(j.getDocument(a.chave, "receipt")).toEqual(Buffer.from([1, 2, 3]));
  });

  it("a receipt recorded before printing but never confirmed is still to reprint; confirming does not store it twice", () => {
    const j = t.journal;
    const n = fakeNote(1, 1, 9);
    j.insertNote(n, "test");
    j.recordReceipt(n.chave, Buffer.from("cupom"), "test");
    expect(j.recoveryPlan().reprint.map((x) => x.nNF)).toEqual([1]);
    expect(j.getDocument(n.chave, "receipt")?.toString()).toBe("cupom");
    j.markPrinted(n.chave, Buffer.from("cupom"), "test");
    expect(j.recoveryPlan().reprint).toEqual([]);
    expect(j.getNote(n.chave)?.printedAt).toBeDefined();
    j.close();
    const db = new Database(join(t.dataDir, "journal.db"), { readonly: true });
    expect(db.prepare("SELECT count(*) AS c FROM documents WHERE kind = 'receipt'").get()).toEqual({ c: 1 });
    db.close();
    expect(t.reopen().verify()).toEqual({ ok: true, problems: [] });
  });

  it("newestTime is the latest of the clock at each write and dhEmi", () => {
    expect(t.journal.newestTime()).toBeUndefined();
    t.journal.insertNote(fakeNote(1, 1, 9, { dhEmi: "2026-11-22T11:00:00-03:00" }), "test");
    expect(t.journal.newestTime()).toBe("2026-11-22T14:00:00.000Z");
    t.clock.set("2026-11-22T15:00:00Z");
    t.journal.markPrinted(fakeNote(1, 1, 9).chave, new Uint8Array([1]), "test");
    expect(t.journal.newestTime()).toBe("2026-11-22T15:00:00.000Z");
  });

  it("persists small settings as JSON", () => {
    t.journal.setState("governor", { budget: 3 });
    expect(t.reopen().getState("governor")).toEqual({ budget: 3 });
    expect(t.journal.getState("nothing")).toBeUndefined();
  });
});
