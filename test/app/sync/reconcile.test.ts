// A sale whose online authorization does not answer in time goes offline with a NEW number; the
// first attempt is later found authorized by a query and cancelled: 110111 within 30 min of its
// authorization, 110112 once the substitute is authorized (NT 2018.004; nfce-reference §7).
import { afterEach, describe, expect, it } from "vitest";
import { HAS_SHARED } from "../../helpers/shared.js";
import {
  duplicateAnswers,
  type SyncHarness,
  sale,
  startSyncHarness,
  untilSimHas,
} from "./helpers/sync-harness.js";

describe.skipIf(!HAS_SHARED)("reconciliation of timed-out online attempts", () => {
  let h: SyncHarness;
  afterEach(async () => {
    await h.close();
  });

  async function timedOutSale(fault: "slow" | "timeout-after-processing", simAheadMs = 0) {
    h = await startSyncHarness({ onlineWaitMs: 1000, simAheadMs });
    await h.setFault(
      fault === "slow" ? { mode: "slow", delayMs: 2500 } : { mode: "timeout-after-processing" },
    );
    const r = await h.core.pipeline.emit(sale(1990));
    expect(r).toMatchObject({ tpEmis: 9, nNF: 2, status: "pending" });
    const substitute = h.core.journal.getNote(r.chave)!;
    const attempt = h.core.journal.getNote(substitute.replacesChave!)!;
    expect(attempt).toMatchObject({ tpEmis: 1, nNF: 1, state: "unknown" });
    await untilSimHas(h, attempt.chave); // the late original reaches SEFAZ and is authorized there
    await h.setFault({ mode: "normal" });
    return { attempt, substitute };
  }

  async function expectClean(): Promise<void> {
    expect(duplicateAnswers(await h.simView())).toEqual([]);
    expect(h.core.journal.verify()).toEqual({ ok: true, problems: [] });
  }

  it("slow SEFAZ: the late original is cancelled with 110111 inside 30 min; the offline note is authorized", async () => {
    // [NT2018.004] 2P12-14 (501 after 30 min); nfce-reference §7 "Pending online attempt"
    const { attempt, substitute } = await timedOutSale("slow");
    const r = await h.engine.runRound();
    expect(r).toMatchObject({ authorized: 2, cancelled: 1, pending: 0, rejected: 0 });
    expect(h.core.journal.getNote(attempt.chave)?.state).toBe("cancelled");
    expect(h.core.journal.getNote(substitute.chave)?.state).toBe("authorized");
    const sim = (await h.simView()).notes.find((n) => n.chave === attempt.chave)!;
    expect(sim.cancelled).toBe(true);
    expect(sim.events.map((e) => e.tpEvento)).toEqual(["110111"]);
    // The offline substitute was sent once, after the query of the original.
    await expectClean();
  });

  it("slow SEFAZ, reconciled after 40 min: cancelled by substitution (110112) referencing the offline note", async () => {
    // [NT2018.004] 2P12-18 (168 h), 5P31-20 (914: substitute within 2 h), P12-48 (920: tpEmis 1 -> 9)
    const { attempt, substitute } = await timedOutSale("slow");
    h.clock.advance(40 * 60_000); // past 110111's window (30 min, 2 min margin)
    const r = await h.engine.runRound();
    expect(r).toMatchObject({ authorized: 2, cancelled: 1, pending: 0 });
    expect(h.core.journal.getNote(attempt.chave)?.state).toBe("substituted");
    expect(h.core.journal.getNote(substitute.chave)?.state).toBe("authorized");
    const sim = (await h.simView()).notes.find((n) => n.chave === attempt.chave)!;
    expect(sim.events.map((e) => e.tpEvento)).toEqual(["110112"]);
    const log = (await h.simView()).log.filter((e) => e.service === "evento");
    expect(log.map((e) => [e.tpEvento, e.cStat])).toEqual([["110112", "135"]]);
    await expectClean();
  });

  it("SEFAZ's clock ahead: 110111 refused as late (501) is never asked again; 110112 follows", async () => {
    const { attempt } = await timedOutSale("slow", 3 * 60_000);
    // Real time since the authorization: 30.5 min (SEFAZ refuses 110111); by our clock: 27.5 min.
    h.clock.advance(30.5 * 60_000);
    const r = await h.engine.runRound();
    expect(r).toMatchObject({ authorized: 2, cancelled: 0 });
    expect(h.core.journal.getNote(attempt.chave)?.state).toBe("authorized");
    h.clock.advance(10_000);
    const again = await h.engine.runRound();
    expect(again.cancelled).toBe(1);
    expect(h.core.journal.getNote(attempt.chave)?.state).toBe("substituted");
    const events = (await h.simView()).log.filter((e) => e.service === "evento");
    expect(events.map((e) => [e.tpEvento, e.cStat])).toEqual([
      ["110111", "501"],
      ["110112", "135"],
    ]);
    await expectClean();
  });

  it("ambiguous timeout (processed, answer lost): the attempt is found authorized by its key and cancelled", async () => {
    const { attempt } = await timedOutSale("timeout-after-processing");
    const r = await h.engine.runRound();
    expect(r).toMatchObject({ authorized: 2, cancelled: 1, pending: 0 });
    expect(h.core.journal.getNote(attempt.chave)).toMatchObject({ state: "cancelled", cStat: "135" });
    // The original was sent once (by the sale), never by the engine.
    const sends = (await h.simView()).log.filter(
      (e) => e.service === "autorizacao" && e.chave === attempt.chave,
    );
    expect(sends).toHaveLength(1);
    await expectClean();
  });
});
