// Issue 5: SEFAZ answers late (slow) or processes a note and never answers (timeout after
// processing). The sale is re-emitted offline with a NEW number within sefaz.onlineWaitMs ([A4] §5:
// never reuse a number that may have been transmitted); the first attempt is found authorized by a
// query and cancelled: 110111 inside 30 min, 110112 (substitution) after ([NT2018.004] 2P12-14, 2P12-18).
import { afterEach, describe, expect, it } from "vitest";
import { HAS_SHARED } from "../helpers/shared.js";
import { CASHIER, type Scenario, startScenario } from "./helpers/scenario-harness.js";
import { expectSettled } from "./helpers/settled.js";

const ONLINE_WAIT_MS = 2000;
const MARGIN_MS = 1500;

describe.skipIf(!HAS_SHARED)("scenarios: late answers from SEFAZ", () => {
  let s: Scenario;
  afterEach(async () => {
    await s?.close();
  });

  /** One online sale, then one whose authorization does not answer in time; returns both and the attempt. */
  async function saleThatTimesOut(fault: "slow" | "timeout-after-processing") {
    s = await startScenario({ onlineWaitMs: ONLINE_WAIT_MS });
    await s.untilStatus((st) => st.mode === "online");
    const cashier = await s.login(CASHIER);
    const first = await s.sell(1500, cashier);
    expect(first.body).toMatchObject({ tpEmis: 1, status: "authorized", nNF: 1 });
    await s.setFault(
      fault === "slow" ? { mode: "slow", delayMs: 3500 } : { mode: "timeout-after-processing" },
    );
    const late = await s.sell(1990, cashier);
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ tpEmis: 9, status: "pending", nNF: 3 });
    expect(late.ms).toBeLessThan(ONLINE_WAIT_MS + MARGIN_MS);
    // The kiosk is in contingency now: the next customer does not wait at all.
    const next = await s.sell(2990, cashier);
    expect(next.body).toMatchObject({ tpEmis: 9, status: "pending", nNF: 4 });
    expect(next.ms).toBeLessThan(MARGIN_MS);
    const attempt = (await s.notes()).find((n) => n.nNF === 2)!;
    expect(attempt).toMatchObject({ tpEmis: 1, status: "pending" });
    // The late original reaches SEFAZ and is authorized there.
    const end = Date.now() + 5000;
    while (!(await s.simView()).notes.some((n) => n.chave === attempt.chave && n.cStat === "100")) {
      if (Date.now() > end) throw new Error("the original attempt never reached the simulator");
      await new Promise((r) => setTimeout(r, 50));
    }
    return { keys: [first.body.chave, late.body.chave, next.body.chave], attempt };
  }

  it("slow SEFAZ: offline within the wait; the late original is cancelled with 110111", async () => {
    const { keys, attempt } = await saleThatTimesOut("slow");
    await s.setFault({ mode: "normal" });
    // The operator's sync does not wait for the watchdog (it needs a fresh status answer, spaced 15 s).
    const round = await s.api("POST", "/api/sync", undefined, await s.login());
    // Only the end state: the watchdog's recovery may have started a drain of its own meanwhile.
    expect(round.body).toMatchObject({ pending: 0, rejected: 0 });
    const sim = (await s.simView()).notes.find((n) => n.chave === attempt.chave)!;
    expect(sim.events.map((e) => e.tpEvento)).toEqual(["110111"]);
    await expectSettled(s, keys);
  });

  it("slow SEFAZ, reconciled 40 min later: cancelled by substitution (110112)", async () => {
    const { keys, attempt } = await saleThatTimesOut("slow");
    await s.setFault({ mode: "normal" });
    s.clock.advance(40 * 60_000); // past 110111's window (30 min, 2 min margin); sessions expired too
    // The operator's sync does not wait for the watchdog (it needs a fresh status answer, spaced 15 s).
    const round = await s.api("POST", "/api/sync", undefined, await s.login());
    expect(round.body).toMatchObject({ pending: 0, rejected: 0 });
    expect((await s.notes()).find((n) => n.chave === attempt.chave)?.status).toBe("cancelled");
    const sim = (await s.simView()).notes.find((n) => n.chave === attempt.chave)!;
    expect(sim.events.map((e) => e.tpEvento)).toEqual(["110112"]);
    await expectSettled(s, keys);
  });

  it("ambiguous timeout, online and in a drain: lost answers are queried, never resent blindly", async () => {
    const { keys, attempt } = await saleThatTimesOut("timeout-after-processing");
    const supervisor = await s.login();
    // Still no answers: the round asks about the lost attempt first and stops; nothing is resent.
    const blind = await s.api("POST", "/api/sync", undefined, supervisor);
    expect(blind.body).toMatchObject({ sent: 0, authorized: 0, reached: false, pending: 2 });
    await s.setFault({ mode: "normal" });
    // The operator's sync does not wait for the watchdog (it needs a fresh status answer, spaced 15 s).
    const round = await s.api("POST", "/api/sync", undefined, supervisor);
    // Only the end state: the watchdog's recovery may have started a drain of its own meanwhile.
    expect(round.body).toMatchObject({ pending: 0, rejected: 0 });
    expect((await s.notes()).find((n) => n.chave === attempt.chave)?.status).toBe("cancelled");

    // Now a drain loses its answers: offline notes (manual contingency) are sent, processed, unanswered.
    const enter = { action: "enter", reason: "Treino de transmissao com respostas perdidas" };
    expect((await s.api("POST", "/api/contingency", enter, supervisor)).status).toBe(200);
    const cashier = await s.login(CASHIER);
    const offline = [await s.sell(500, cashier), await s.sell(600, cashier)];
    for (const r of offline) expect(r.body).toMatchObject({ tpEmis: 9, status: "pending" });
    await s.setFault({ mode: "timeout-after-processing" });
    const lost = await s.api("POST", "/api/sync", undefined, supervisor);
    expect(lost.body).toMatchObject({ authorized: 0, reached: false });
    expect(lost.body.sent).toBeGreaterThan(0);
    await s.setFault({ mode: "normal" });
    await s.api("POST", "/api/contingency", { action: "exit", reason: "SEFAZ respondendo" }, supervisor);
    const settle = await s.api("POST", "/api/sync", undefined, supervisor);
    expect(settle.body).toMatchObject({ pending: 0, rejected: 0 });
    const all = [...keys, ...offline.map((r) => r.body.chave)];
    // Each note authorized once at SEFAZ: a lost answer was followed by a query, not a resend.
    const log = (await s.simView()).log.filter((e) => e.service === "autorizacao");
    for (const chave of all)
      expect(
        log.filter((e) => e.chave === chave && e.cStat === "100"),
        chave,
      ).toHaveLength(1);
    await expectSettled(s, all);
  });
});
