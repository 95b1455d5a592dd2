// Issue 5: SEFAZ paused (108, "serviço paralisado") and forced rejections. A paused authorizer sends
// the kiosk offline at once and stops a drain without losing anything; a rejected offline note is
// corrected with the same key where the rules allow, else held for an operator, who releases it from
// the panel ("Corrigir e reemitir") once the cause is fixed; a note SEFAZ rejected online is never
// printed and its number is voided. [A4] §3, §5; docs/contingency.md §4, §10.
import { afterEach, describe, expect, it } from "vitest";
import { HAS_SHARED } from "../helpers/shared.js";
import { CASHIER, type Scenario, startScenario } from "./helpers/scenario-harness.js";
import { expectSettled } from "./helpers/settled.js";

const ONLINE_WAIT_MS = 2000;
const MARGIN_MS = 1500;

describe.skipIf(!HAS_SHARED)("scenarios: SEFAZ paused, forced rejections", () => {
  let s: Scenario;
  afterEach(async () => {
    await s?.close();
  });

  it("108 pause: sales go offline at once, a drain during the pause stops and keeps everything", async () => {
    s = await startScenario({ onlineWaitMs: ONLINE_WAIT_MS });
    await s.untilStatus((st) => st.mode === "online");
    const cashier = await s.login(CASHIER);
    const keys = [(await s.sell(1000, cashier)).body.chave];
    await s.setFault({ mode: "paused" });
    const paused = [await s.sell(1100, cashier), await s.sell(1200, cashier), await s.sell(1300, cashier)];
    for (const r of paused) {
      expect(r.body).toMatchObject({ tpEmis: 9, status: "pending" });
      expect(r.ms).toBeLessThan(ONLINE_WAIT_MS + MARGIN_MS);
    }
    // The first one tried online (nNF 2, refused with 108) and was re-emitted with a new number.
    expect(paused.map((r) => r.body.nNF)).toEqual([3, 4, 5]);
    const status = await s.untilStatus((st) => st.mode === "contingency");
    expect(status).toMatchObject({ cause: "sefaz-paused", pending: 3 });

    const supervisor = await s.login();
    const during = await s.api("POST", "/api/sync", undefined, supervisor);
    expect(during.body).toMatchObject({ authorized: 0, pending: 3 });
    expect((await s.notes()).filter((n) => n.tpEmis === 9 && n.status === "pending")).toHaveLength(3);

    await s.setFault({ mode: "normal" });
    // The operator's sync does not wait for the watchdog (it needs a fresh status answer, spaced 15 s).
    const round = await s.api("POST", "/api/sync", undefined, supervisor);
    // Only the end state: the watchdog's recovery may have started a drain of its own meanwhile.
    expect(round.body).toMatchObject({ pending: 0, rejected: 0 });
    expect((await s.notes()).find((n) => n.nNF === 2)?.status).toBe("voided");
    keys.push(...paused.map((r) => r.body.chave));
    await expectSettled(s, keys);
  });

  it("forced rejections: correctable ones corrected with the same key, others held and released", async () => {
    s = await startScenario({ onlineWaitMs: ONLINE_WAIT_MS });
    await s.untilStatus((st) => st.mode === "online");
    const supervisor = await s.login();
    const enter = { action: "enter", reason: "Teste de rejeicoes forcadas na SEFAZ" };
    expect((await s.api("POST", "/api/contingency", enter, supervisor)).status).toBe(200);
    const cashier = await s.login(CASHIER);
    const offline = [await s.sell(700, cashier), await s.sell(800, cashier)];
    for (const r of offline) expect(r.body).toMatchObject({ tpEmis: 9, status: "pending" });
    // A rejection that is not the kiosk's to correct (778: NCM inexistente): held with the reason.
    // (Leaving contingency drains at once, so the fault is set first.)
    await s.setFault({ mode: "reject", cStat: 778 });
    await s.api("POST", "/api/contingency", { action: "exit", reason: "SEFAZ respondendo" }, supervisor);
    const rejected = await s.api("POST", "/api/sync", undefined, supervisor);
    expect(rejected.body).toMatchObject({ authorized: 0, pending: 0 });
    const held = await s.api("GET", "/api/held", undefined, supervisor);
    expect(held.body.map((h: { chave: string }) => h.chave).sort()).toEqual(
      offline.map((r) => r.body.chave).sort(),
    );
    for (const h of held.body) expect(h.reason).toMatch(/778/);
    // A held note is never resent on its own (no road to 656).
    await s.setFault({ mode: "normal" });
    const idle = await s.api("POST", "/api/sync", undefined, supervisor);
    expect(idle.body).toMatchObject({ sent: 0 });

    // The cause was fixed: the supervisor releases one; a correctable rejection (297, signature)
    // is then re-signed with the same key, at most twice, and held again while SEFAZ insists.
    const [first, second] = offline.map((r) => r.body.chave as string);
    expect((await s.api("POST", "/api/held/release", { chave: first }, supervisor)).status).toBe(200);
    await s.setFault({ mode: "reject", cStat: 297 });
    const corrected = await s.api("POST", "/api/sync", undefined, supervisor);
    expect(corrected.body).toMatchObject({ corrected: 2, rejected: 1, authorized: 0 });
    await s.setFault({ mode: "normal" });
    for (const chave of [first, second])
      expect((await s.api("POST", "/api/held/release", { chave }, supervisor)).status).toBe(200);
    const settled = await s.api("POST", "/api/sync", undefined, supervisor);
    expect(settled.body).toMatchObject({ authorized: 2, pending: 0, rejected: 0 });
    // Same keys as printed: the customer's receipt stays valid.
    expect(
      (await s.notes())
        .filter((n) => n.status === "authorized")
        .map((n) => n.chave)
        .sort(),
    ).toEqual([first, second].sort());
    expect((await s.api("GET", "/api/held", undefined, supervisor)).body).toEqual([]);
    // The journal names who released the note and why it went back to the queue.
    const released = s.running.core.journal.history(first!).filter((h) => h.who === "super");
    expect(released.map((h) => h.detail["reason"])).toContain("released by an operator after a hold");

    // Online: SEFAZ rejects the note; nothing is printed, the sale fails with the reason, and the
    // number is voided once SEFAZ can no longer accept it (704 after 5 min; 10 min margin).
    await s.setFault({ mode: "reject", cStat: 778 });
    const refused = await s.sell(900, cashier);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.body.error).toMatchObject({ code: "KIOSK_ERR_SEFAZ_REJECTED" });
    await s.setFault({ mode: "normal" });
    const sold = await s.sell(950, cashier);
    expect(sold.body).toMatchObject({ tpEmis: 1, status: "authorized", nNF: 4 });
    s.clock.advance(11 * 60_000);
    const voiding = await s.api("POST", "/api/sync", undefined, await s.login());
    expect(voiding.body).toMatchObject({ voided: 1 });
    expect((await s.notes()).find((n) => n.nNF === 3)?.status).toBe("voided");
    await expectSettled(s, [first!, second!, sold.body.chave]);
  });
});
