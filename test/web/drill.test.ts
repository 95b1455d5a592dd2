import { describe, expect, it } from "vitest";
import type { StatusResult } from "../../src/app/kiosk-service.js";
import { ManualClock } from "../../src/clock.js";
import { serviceSwitchOf } from "../../src/web/build-server.js";
import { DRILL_SERIE } from "../../src/web/drill-service.js";
import { ServiceSwitch } from "../../src/web/service-switch.js";
import { login, setup } from "./api-test-setup.js";
import { FakeKioskService } from "./fake-service.js";
import { SALE } from "./test-deps.js";

describe("outage drill (training)", () => {
  it("needs a supervisor; sales during the drill never reach the real service or its numbering", async () => {
    const d = setup();
    expect(
      (await d.app.inject({ method: "POST", url: "/api/drill", payload: { action: "start" } })).statusCode,
    ).toBe(401);
    const cashier = { authorization: `Bearer ${await login(d, "caixa", "1111")}` };
    expect(
      (
        await d.app.inject({
          method: "POST",
          url: "/api/drill",
          payload: { action: "start" },
          headers: cashier,
        })
      ).statusCode,
    ).toBe(403);
    const sup = { authorization: `Bearer ${await login(d, "super", "2222")}` };
    const bad = await d.app.inject({
      method: "POST",
      url: "/api/drill",
      payload: { action: "go" },
      headers: sup,
    });
    expect(bad.json().error.field).toBe("action");

    const real = (await d.app.inject({ method: "POST", url: "/api/sales", payload: SALE })).json();
    const started = await d.app.inject({
      method: "POST",
      url: "/api/drill",
      payload: { action: "start" },
      headers: sup,
    });
    expect(started.json()).toMatchObject({
      mode: "contingency",
      cause: "drill",
      drill: { until: "2026-03-01T12:30:00.000Z" },
    });

    const training = (await d.app.inject({ method: "POST", url: "/api/sales", payload: SALE })).json();
    expect(training).toMatchObject({ serie: DRILL_SERIE, tpEmis: 9, status: "pending", nNF: 1 });
    expect(training.chave).toMatch(/^00[0-9]{42}$/);
    expect(d.service.calls.filter((c) => c.method === "emitSale")).toHaveLength(1);
    const receipt = (
      await d.app.inject({ method: "GET", url: `/api/notes/${training.chave}/receipt` })
    ).json();
    expect(receipt.lines[0]).toBe("*** TREINO - SEM VALOR FISCAL ***");
    expect(
      (await d.app.inject({ method: "GET", url: "/api/notes" }))
        .json()
        .map((n: { serie: number }) => n.serie),
    ).toEqual([DRILL_SERIE]);

    // the supervisor ends the simulated outage and syncs: training notes drain
    await d.app.inject({
      method: "POST",
      url: "/api/contingency",
      payload: { action: "exit", reason: "fim do treino" },
      headers: sup,
    });
    const synced = await d.app.inject({ method: "POST", url: "/api/sync", headers: sup });
    expect(synced.json()).toEqual({ sent: 1, authorized: 1, rejected: 0, pending: 0 });
    expect(d.service.calls.filter((c) => c.method !== "emitSale")).toEqual([]);

    const stopped = await d.app.inject({
      method: "POST",
      url: "/api/drill",
      payload: { action: "stop" },
      headers: sup,
    });
    expect(stopped.json().drill).toBeUndefined();
    expect(
      (await d.app.inject({ method: "GET", url: "/api/notes" }))
        .json()
        .map((n: { chave: string }) => n.chave),
    ).toEqual([real.chave]);
    expect(d.audit.filter((a) => a.action === "web.drill").map((a) => a.detail["action"])).toEqual([
      "start",
      "stop",
    ]);
  });

  it("ends by itself after the time limit", async () => {
    const d = setup();
    const sup = { authorization: `Bearer ${await login(d, "super", "2222")}` };
    await d.app.inject({ method: "POST", url: "/api/drill", payload: { action: "start" }, headers: sup });
    (d.clock as ManualClock).advance(29 * 60_000);
    expect((await d.app.inject({ method: "GET", url: "/api/status" })).json().cause).toBe("drill");
    (d.clock as ManualClock).advance(60_000);
    expect((await d.app.inject({ method: "GET", url: "/api/status" })).json()).toMatchObject({
      mode: "online",
      cause: null,
    });
    expect(serviceSwitchOf(d.app).drilling).toBe(false);
  });

  it("forwards real scans during a drill but not the real status or receipts", () => {
    const clock = new ManualClock("2026-03-01T12:00:00Z");
    const real = new FakeKioskService(clock);
    const sw = new ServiceSwitch(real, clock, 60_000);
    const seen: string[] = [];
    sw.events.on("status", (s: StatusResult) => seen.push(`status:${s.cause}`));
    sw.events.on("scan", (s) => seen.push(`scan:${"code" in s ? s.code : s.rejected}`));
    sw.events.on("receipt", (r) => seen.push(`receipt:${r.chave.slice(0, 2)}`));
    sw.startDrill();
    real.cutLink();
    real.events.emit("scan", { code: "7891000100103" });
    real.events.emit("receipt", { chave: "35...", lines: [] });
    sw.stopDrill();
    real.cutLink("internet");
    expect(seen).toEqual(["status:drill", "scan:7891000100103", "status:sefaz-down", "status:internet"]);
  });
});
