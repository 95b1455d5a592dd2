// Recovery first (issue 5; field-notes (d)1): notes a crash left "transmitting" are queried by key
// before anything is resent, so 204/539 never happen by the kiosk's own doing; the queue honours
// the 656 governor, the concurrency bound and oldest-first order.
import { afterEach, describe, expect, it } from "vitest";
import { prepareNote } from "../../../src/app/prepare-note.js";
import { parseSale } from "../../../src/fiscal/sale.js";
import type { SoapTransport } from "../../../src/fiscal/sefaz/soap-transport.js";
import { HAS_SHARED } from "../../helpers/shared.js";
import { duplicateAnswers, type SyncHarness, sale, startSyncHarness } from "./helpers/sync-harness.js";

describe.skipIf(!HAS_SHARED)("sync recovery, governor and queue discipline", () => {
  let h: SyncHarness;
  afterEach(async () => {
    await h.close();
  });

  it("crash leftovers in 'transmitting' are queried first: found ones stored, missing ones sent once", async () => {
    h = await startSyncHarness();
    const { core } = h;
    // A: offline note whose request reached SEFAZ, then the process died before the answer was kept.
    const a = await core.pipeline.emit(sale(5100), { offline: true });
    core.journal.transition(a.chave, "transmitting", { reason: "test: crash mid-request" }, "test");
    expect((await core.sefaz!.authorize(core.journal.getDocument(a.chave, "nfe")!.toString())).outcome).toBe(
      "authorized",
    );
    // B: offline note marked transmitting, but the request never left.
    const b = await core.pipeline.emit(sale(5200), { offline: true });
    core.journal.transition(b.chave, "transmitting", { reason: "test: crash before sending" }, "test");
    // C: an online sale (tpEmis 1) authorized at SEFAZ while the kiosk died: no offline substitute.
    const c = prepareNote({
      sale: parseSale(sale(5300), core.config.emitter.crt),
      config: core.config,
      identity: core.identity,
      nNF: core.journal.nextNumber(core.config.series),
      tpEmis: 1,
      now: h.clock.now(),
      random: () => 0.37,
    });
    core.journal.insertNote(
      {
        chave: c.built.chave,
        series: core.config.series,
        nNF: Number(c.built.chave.slice(25, 34)),
        tpEmis: 1,
        cNF: c.built.cNF,
        dhEmi: c.built.dhEmi,
        vNF: c.built.vNF,
        xml: c.final.xml,
        qrCode: c.final.qrCode,
      },
      "test",
    );
    core.journal.transition(c.built.chave, "transmitting", { reason: "test: online attempt" }, "test");
    expect((await core.sefaz!.authorize(c.final.xml)).outcome).toBe("authorized");

    // Right now they could be requests in flight in this process: left alone.
    const early = await h.engine.runRound();
    expect(early).toMatchObject({ sent: 0, authorized: 0 });

    h.clock.advance(10_000); // past timeoutMs + onlineWaitMs: crash leftovers
    const r = await h.engine.runRound();
    expect(r).toMatchObject({ sent: 1, authorized: 3, pending: 0, cancelled: 0 });
    for (const chave of [a.chave, b.chave, c.built.chave])
      expect(core.journal.getNote(chave)?.state).toBe("authorized");
    expect(core.journal.getDocument(c.built.chave, "nfe-proc")?.toString()).toContain("<nProt>");
    const view = await h.simView();
    const sends = view.log.filter((e) => e.service === "autorizacao").map((e) => e.chave);
    expect(sends.sort()).toEqual([a.chave, b.chave, c.built.chave].sort());
    expect(duplicateAnswers(view)).toEqual([]);
    expect(core.journal.verify()).toEqual({ ok: true, problems: [] });
  });

  it("a 656 from SEFAZ stops the queue for an hour; nothing is sent meanwhile", async () => {
    // nfce-reference §6: 656 consumo indevido -> stop, block for >= 1 h, never loop (NT 2018.002)
    // SEFAZ's limit lowered so that the second identical rejection becomes 656.
    h = await startSyncHarness({ simLimits: { identicalRejectionsPerHour: 1 } });
    const note = await h.core.pipeline.emit(sale(5400), { offline: true });
    await h.setFault({ mode: "reject", cStat: 297 });
    const r = await h.engine.runRound(); // 297 -> corrected (same bytes) -> resent -> 656
    expect(r).toMatchObject({ sent: 2, corrected: 1, authorized: 0, pending: 1 });
    expect(r.halted).toContain("656");
    await h.setFault({ mode: "normal" });

    h.clock.advance(30 * 60_000);
    const blocked = await h.engine.runRound({ ignoreBackoff: true }); // even an explicit request waits
    expect(blocked).toMatchObject({ sent: 0, authorized: 0, pending: 1 });

    h.clock.advance(31 * 60_000);
    const after = await h.engine.runRound();
    expect(after).toMatchObject({ sent: 1, authorized: 1, pending: 0 });
    const log = (await h.simView()).log.filter((e) => e.chave === note.chave || e.cStat === "656");
    expect(log.map((e) => e.cStat)).toEqual(["297", "656", "100"]);
  });

  it("oldest first, one note per request, never more than drainConcurrency requests at once", async () => {
    // [NT2023.002] 126/452: one NFC-e per lote, synchronous
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    const watch = (t: SoapTransport): SoapTransport => ({
      async send(req) {
        const chave = /Id="NFe([0-9]{44})"/.exec(req.envelope)?.[1];
        if (req.url.includes("Autorizacao") && chave) order.push(chave);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await t.send(req);
        } finally {
          inFlight--;
        }
      },
    });
    h = await startSyncHarness({ wrapTransport: watch });
    const notes = [];
    for (let i = 0; i < 5; i++) notes.push(await h.core.pipeline.emit(sale(5500 + i), { offline: true }));
    await h.setFault({ mode: "slow", delayMs: 150 });
    const r = await h.engine.runRound();
    expect(r).toMatchObject({ sent: 5, authorized: 5, pending: 0 });
    expect(maxInFlight).toBe(2); // config.sefaz.drainConcurrency
    expect(order).toEqual(notes.map((n) => n.chave)); // dhEmi, then nNF
  });
});
