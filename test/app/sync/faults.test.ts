// The offline queue against SEFAZ's faults: a lost answer during the drain (queried, never resent),
// a 108 pause (nothing lost, retried after back-off), forced rejections (fixable: corrected with
// the same key and cNF and resent; not fixable: held with the reason in Portuguese), and gaps voided.
import { afterEach, describe, expect, it } from "vitest";
import { HAS_SHARED } from "../../helpers/shared.js";
import { duplicateAnswers, type SyncHarness, sale, startSyncHarness } from "./helpers/sync-harness.js";

describe.skipIf(!HAS_SHARED)("sync round against SEFAZ faults", () => {
  let h: SyncHarness;
  afterEach(async () => {
    await h.close();
  });

  async function expectClean(): Promise<void> {
    expect(duplicateAnswers(await h.simView())).toEqual([]);
    expect(h.core.journal.verify()).toEqual({ ok: true, problems: [] });
  }

  it("a drain request whose answer is lost is queried by key, never sent twice (no 204)", async () => {
    // nfce-reference §6: 999/HTTP/timeout -> Q (consSitNFe) before resending; 204 must never happen
    h = await startSyncHarness({ timeoutMs: 1000 });
    const note = await h.core.pipeline.emit(sale(1500), { offline: true });
    await h.setFault({ mode: "timeout-after-processing" });
    const lost = await h.engine.runRound();
    expect(lost).toMatchObject({ sent: 1, authorized: 0, reached: false });
    expect(h.core.journal.getNote(note.chave)?.state).toBe("unknown");

    await h.setFault({ mode: "normal" });
    h.clock.advance(60_000);
    const found = await h.engine.runRound();
    expect(found).toMatchObject({ sent: 0, authorized: 1, pending: 0 });
    expect(h.core.journal.getNote(note.chave)).toMatchObject({ state: "authorized", cStat: "100" });
    expect(h.core.journal.getDocument(note.chave, "nfe-proc")?.toString()).toContain(
      `<chNFe>${note.chave}</chNFe>`,
    );
    const sends = (await h.simView()).log.filter((e) => e.service === "autorizacao");
    expect(sends).toHaveLength(1);
    await expectClean();
  });

  it("108 pause: an online sale goes offline, its number is voided, and the queue waits without losing anything", async () => {
    h = await startSyncHarness();
    await h.setFault({ mode: "paused" });
    const first = await h.core.pipeline.emit(sale(1600)); // 108 on the online attempt: offline at once
    const second = await h.core.pipeline.emit(sale(1601));
    expect([first.tpEmis, second.tpEmis]).toEqual([9, 9]);
    expect(h.core.journal.listNotes({ status: "abandoned" }).map((n) => n.nNF)).toEqual([1]);

    const paused = await h.engine.runRound();
    // drainConcurrency (2) requests at once, both 108, then nothing more in this round (not the void).
    expect(paused).toMatchObject({ sent: 2, authorized: 0, pending: 2, voided: 0 });
    expect(paused.halted).toContain("108");
    expect(h.core.journal.pendingNotes().map((n) => n.chave)).toEqual([first.chave, second.chave]);

    await h.setFault({ mode: "normal" });
    // The notes' back-off (5 s) has not ended: nothing sent; the abandoned number is voided at once.
    const early = await h.engine.runRound();
    expect(early).toMatchObject({ sent: 0, pending: 2, voided: 1 });
    h.clock.advance(60_000);
    const back = await h.engine.runRound();
    expect(back).toMatchObject({ sent: 2, authorized: 2, pending: 0 });
    expect(h.core.journal.listNotes().map((n) => [n.nNF, n.tpEmis, n.state])).toEqual([
      [1, 1, "voided"],
      [2, 9, "authorized"],
      [3, 9, "authorized"],
    ]);
    expect((await h.simView()).inutilized.map((r) => [r.serie, r.nNFIni, r.nNFFin])).toEqual([[1, 1, 1]]);
    await expectClean();
  });

  it("a fixable rejection (297) is corrected with the same key and cNF, re-gated and resent; the QR v3 stays valid", async () => {
    // [A4] §3, §5: a rejected offline note is regenerated with the same number, series, key and cNF
    h = await startSyncHarness({ qrCodeVersion: 3, gateXsd: "auto" });
    const note = await h.core.pipeline.emit(sale(1700), { offline: true });
    const before = h.core.journal.getNote(note.chave)!;
    await h.setFault({ mode: "reject", cStat: 297 });
    // SEFAZ recovers right after the correction (the fault would otherwise reject every resend).
    h.engine.on("note", (e) => {
      if (e.outcome === "corrected") h.sim.setFault({ mode: "normal" });
    });
    const r = await h.engine.runRound();
    expect(r).toMatchObject({ sent: 2, corrected: 1, authorized: 1, rejected: 0, pending: 0 });
    const after = h.core.journal.getNote(note.chave)!;
    expect(after).toMatchObject({
      state: "authorized",
      chave: before.chave,
      cNF: before.cNF,
      nNF: before.nNF,
    });
    expect(after.qrCode).toBe(note.qrCode); // [A4] §3: the printed key (and v3 QR) never change
    const log = (await h.simView()).log.filter((e) => e.chave === note.chave);
    expect(log.map((e) => e.cStat)).toEqual(["297", "100"]);
    await expectClean();
  });

  it("a rejection that cannot be fixed with the same key (253) is held with the reason in Portuguese and not resent", async () => {
    h = await startSyncHarness();
    const note = await h.core.pipeline.emit(sale(1800), { offline: true });
    await h.setFault({ mode: "reject", cStat: 253 });
    const r = await h.engine.runRound();
    expect(r).toMatchObject({ sent: 1, rejected: 1, authorized: 0, pending: 0 });
    expect(h.core.journal.getNote(note.chave)).toMatchObject({
      state: "rejected",
      status: "rejected",
      cStat: "253",
    });
    const held = h.engine.held();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ key: note.chave });
    expect(held[0]!.reason).toMatch(/^Rejeição 253 .*chave de acesso/);

    await h.setFault({ mode: "normal" });
    h.clock.advance(3_600_000);
    const again = await h.engine.runRound();
    expect(again.sent).toBe(0); // held for the operator: never a loop towards 656

    // The operator fixed the cause and releases it: same key, back to the queue, authorized.
    h.engine.release(note.chave, "supervisor");
    expect(h.engine.held()).toEqual([]);
    const released = await h.engine.runRound();
    expect(released).toMatchObject({ sent: 1, authorized: 1, pending: 0 });
    expect(h.core.journal.getNote(note.chave)?.state).toBe("authorized");
    expect(h.core.journal.verify().ok).toBe(true);
  });

  it("an online note rejected by SEFAZ gives its number up: voided once a late resend is impossible", async () => {
    // [MOC-A1] B09-40 (704: tpEmis 1 more than 5 min old); nfce-reference §6 "G: give up on this number"
    h = await startSyncHarness();
    await h.setFault({ mode: "reject", cStat: 213 });
    await expect(h.core.pipeline.emit(sale(1850))).rejects.toMatchObject({
      code: "KIOSK_ERR_SEFAZ_REJECTED",
    });
    await h.setFault({ mode: "normal" });
    expect(h.core.journal.listNotes().map((n) => [n.nNF, n.tpEmis, n.state])).toEqual([[1, 1, "rejected"]]);
    expect((await h.engine.runRound()).voided).toBe(0); // still inside the 10-minute margin
    h.clock.advance(11 * 60_000);
    const r = await h.engine.runRound();
    expect(r.voided).toBe(1);
    expect(h.core.journal.listNotes().map((n) => [n.nNF, n.state])).toEqual([[1, "voided"]]);
    expect((await h.simView()).inutilized.map((x) => [x.nNFIni, x.nNFFin])).toEqual([[1, 1]]);
    expect(h.core.journal.verify()).toEqual({ ok: true, problems: [] });
  });

  it("numbering gaps are voided (inutilização 102) as soon as SEFAZ is reachable; offline numbers never", async () => {
    // Aj. SINIEF 19/16 cl. 16 (by the 10th of the next month); [A4] §5 (never void a contingency number)
    h = await startSyncHarness();
    const range = h.core.journal.recordGap(1, 2, "entrada em contingência: numeração avançada", "test");
    const note = await h.core.pipeline.emit(sale(1900), { offline: true });
    expect(note.nNF).toBe(3);
    expect(h.core.journal.numbersToVoid()).toEqual([range]);

    const r = await h.engine.runRound();
    expect(r).toMatchObject({ authorized: 1, voided: 2, pending: 0 });
    expect(h.core.journal.listGaps()).toEqual([
      expect.objectContaining({ nNFIni: 1, nNFFin: 2, voided: true }),
    ]);
    expect(h.core.journal.numbersToVoid()).toEqual([]);
    const view = await h.simView();
    expect(view.inutilized.map((x) => [x.serie, x.nNFIni, x.nNFFin])).toEqual([[1, 1, 2]]);
    expect(view.log.filter((e) => e.service === "inutilizacao").map((e) => e.cStat)).toEqual(["102"]);
    const exported = h.core.journal.exportItems().map((i) => i.kind);
    expect(exported).toContain("inut-proc");
    await expectClean();
  });
});
