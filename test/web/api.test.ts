import { describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/clock.js";
import { CHAVE } from "../../src/web/input.js";
import { login, setup } from "./api-test-setup.js";
import { SALE } from "./test-deps.js";

describe("HTTP API (interfaces.md)", () => {
  it("POST /api/sales: 201 with the emit --json object", async () => {
    const d = setup();
    const res = await d.app.inject({ method: "POST", url: "/api/sales", payload: SALE });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(["chave", "nNF", "serie", "tpEmis", "status", "cStat", "nProt", "qrCode"]),
    );
    expect(body).toMatchObject({ tpEmis: 1, status: "authorized", cStat: "100" });
    expect(body.chave).toMatch(CHAVE);
    const second = (await d.app.inject({ method: "POST", url: "/api/sales", payload: SALE })).json();
    expect(second.nNF).toBe(body.nNF + 1);
  });

  it("POST /api/sales ?offline=1 emits in contingency, and names the operator of the session", async () => {
    const d = setup();
    const token = await login(d, "caixa", "1111");
    const res = await d.app.inject({
      method: "POST",
      url: "/api/sales?offline=1",
      payload: SALE,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.json()).toMatchObject({ tpEmis: 9, status: "pending", cStat: null });
    expect(d.service.calls.at(-1)).toMatchObject({ method: "emitSale", operator: "caixa" });
  });

  it("bad input gets 400 {error:{code,message,field}}, never 500", async () => {
    const d = setup();
    const cases: Array<[string, Record<string, string>, string, string]> = [
      [
        JSON.stringify({ ...SALE, items: [{ ...SALE.items[0], quantity: -1 }] }),
        {},
        "KIOSK_ERR_SALE_INVALID",
        "items[0].quantity",
      ],
      ["[1,2]", {}, "KIOSK_ERR_SALE_INVALID", "sale"],
      ["null", {}, "KIOSK_ERR_SALE_INVALID", "sale"],
      ['{"items": [', {}, "KIOSK_ERR_INPUT_INVALID", "body"],
      ["\u0000\u00ff garbage", {}, "KIOSK_ERR_INPUT_INVALID", "body"],
      ["just text", { "content-type": "text/plain" }, "KIOSK_ERR_SALE_INVALID", "sale"],
      ["<xml/>", { "content-type": "application/xml" }, "KIOSK_ERR_INPUT_INVALID", "body"],
    ];
    for (const [payload, headers, code, field] of cases) {
      const res = await d.app.inject({
        method: "POST",
        url: "/api/sales",
        payload,
        headers: { "content-type": "application/json", ...headers },
      });
      expect(res.statusCode, payload).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, payload).toBeLessThan(500);
      const body = res.json();
      expect(body.error, payload).toMatchObject({ code, field });
      expect(typeof body.error.message).toBe("string");
    }
    const huge = await d.app.inject({
      method: "POST",
      url: "/api/sales",
      payload: JSON.stringify({ items: "x".repeat(2 * 1024 * 1024) }),
      headers: { "content-type": "application/json" },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe("KIOSK_ERR_INPUT_INVALID");
    const badStatus = await d.app.inject({ method: "GET", url: "/api/notes?status=DROP%20TABLE" });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error).toMatchObject({ code: "KIOSK_ERR_INPUT_INVALID", field: "status" });
  });

  it("safety refusals (exit family 3) map to 409 with the code", async () => {
    const d = setup();
    const chave = (await d.app.inject({ method: "POST", url: "/api/sales", payload: SALE })).json().chave;
    (d.clock as ManualClock).advance(31 * 60_000);
    const token = await login(d, "super", "2222");
    const res = await d.app.inject({
      method: "POST",
      url: `/api/notes/${chave}/cancel`,
      payload: { reason: "cliente desistiu da compra" },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("KIOSK_ERR_DEADLINE");
  });

  it("GET /api/status and /api/notes[?status=S]", async () => {
    const d = setup();
    await d.app.inject({ method: "POST", url: "/api/sales", payload: SALE });
    d.service.cutLink();
    await d.app.inject({ method: "POST", url: "/api/sales", payload: SALE });
    const status = (await d.app.inject({ method: "GET", url: "/api/status" })).json();
    expect(status).toMatchObject({ mode: "contingency", cause: "sefaz-down", pending: 1 });
    expect(Object.keys(status)).toEqual(
      expect.arrayContaining(["mode", "cause", "pending", "oldestPendingAt", "deadlineAt"]),
    );
    const all = (await d.app.inject({ method: "GET", url: "/api/notes" })).json();
    expect(all.map((n: { status: string }) => n.status)).toEqual(["authorized", "pending"]);
    const pending = (await d.app.inject({ method: "GET", url: "/api/notes?status=pending" })).json();
    expect(pending).toHaveLength(1);
    expect(Object.keys(pending[0]).sort()).toEqual([
      "cStat",
      "chave",
      "emittedAt",
      "nNF",
      "nProt",
      "serie",
      "status",
      "tpEmis",
    ]);
  });

  it("sync and contingency: 401 without a session, 403 with the wrong role, 200 for a supervisor, audited", async () => {
    const d = setup();
    const body = { action: "enter", reason: "teste de contingencia manual" };
    for (const [url, payload] of [
      ["/api/sync", undefined],
      ["/api/contingency", body],
    ] as const) {
      const anon = await d.app.inject({ method: "POST", url, payload });
      expect(anon.statusCode).toBe(401);
      expect(anon.json().error.code).toBe("KIOSK_ERR_UNAUTHORIZED");
      const cashier = await login(d, "caixa", "1111");
      const wrong = await d.app.inject({
        method: "POST",
        url,
        payload,
        headers: { cookie: `kiosk_session=${cashier}` },
      });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.code).toBe("KIOSK_ERR_FORBIDDEN");
    }
    const sup = await login(d, "super", "2222");
    const entered = await d.app.inject({
      method: "POST",
      url: "/api/contingency",
      payload: body,
      headers: { cookie: `other=1; kiosk_session=${sup}` },
    });
    expect(entered.statusCode).toBe(200);
    expect(entered.json()).toMatchObject({ mode: "contingency", manual: true });
    const synced = await d.app.inject({
      method: "POST",
      url: "/api/sync",
      headers: { authorization: `Bearer ${sup}` },
    });
    expect(synced.json()).toEqual({ sent: 0, authorized: 0, rejected: 0, pending: 0 });
    expect(d.audit.filter((a) => a.action.startsWith("web."))).toEqual([
      { who: "super", action: "web.contingency", detail: { action: "enter", reason: body.reason, ok: true } },
      { who: "super", action: "web.sync", detail: { ok: true } },
    ]);
    const short = await d.app.inject({
      method: "POST",
      url: "/api/contingency",
      payload: { action: "enter", reason: "curto" },
      headers: { authorization: `Bearer ${sup}` },
    });
    expect(short.json().error).toMatchObject({ code: "KIOSK_ERR_INPUT_INVALID", field: "reason" });
    const badAction = await d.app.inject({
      method: "POST",
      url: "/api/contingency",
      payload: { action: "explode", reason: "x".repeat(20) },
      headers: { authorization: `Bearer ${sup}` },
    });
    expect(badAction.json().error.field).toBe("action");
  });

  it("POST /api/sync?wait=false answers 202 at once and the round runs in the background", async () => {
    const d = setup();
    d.service.cutLink();
    await d.app.inject({ method: "POST", url: "/api/sales", payload: SALE });
    await d.service.restoreLink(false);
    const sup = await login(d, "super", "2222");
    expect((await d.app.inject({ method: "POST", url: "/api/sync?wait=false" })).statusCode).toBe(401);
    const res = await d.app.inject({
      method: "POST",
      url: "/api/sync?wait=false",
      headers: { authorization: `Bearer ${sup}` },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ started: true });
    await expect.poll(() => d.service.status().pending).toBe(0);
    await expect
      .poll(() => d.audit.at(-1))
      .toMatchObject({ action: "web.sync", detail: { authorized: 1, ok: true } });
  });

  it("sync failure while offline is a 502 with the code, and the failure is audited", async () => {
    const d = setup();
    d.service.cutLink();
    const sup = await login(d, "super", "2222");
    const res = await d.app.inject({
      method: "POST",
      url: "/api/sync",
      headers: { authorization: `Bearer ${sup}` },
    });
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toMatchObject({ code: "KIOSK_ERR_SEFAZ_TRANSPORT", retryable: true });
    expect(d.audit.at(-1)).toMatchObject({
      action: "web.sync",
      detail: { ok: false, code: "KIOSK_ERR_SEFAZ_TRANSPORT" },
    });
  });

  it("receipt, reprint and cancel by chave; malformed chave is 400, unknown is 404", async () => {
    const d = setup();
    const chave = (await d.app.inject({ method: "POST", url: "/api/sales", payload: SALE })).json().chave;
    const receipt = (await d.app.inject({ method: "GET", url: `/api/notes/${chave}/receipt` })).json();
    expect(receipt.lines).toContain("TOTAL R$ 25,00");
    expect((await d.app.inject({ method: "GET", url: "/api/notes/123/receipt" })).statusCode).toBe(400);
    const unknown = await d.app.inject({ method: "GET", url: `/api/notes/${"1".repeat(44)}/receipt` });
    expect(unknown.statusCode).toBe(404);
    const cashier = await login(d, "caixa", "1111");
    const auth = { authorization: `Bearer ${cashier}` };
    const reprint = await d.app.inject({ method: "POST", url: `/api/notes/${chave}/reprint`, headers: auth });
    expect(reprint.json()).toEqual({ printed: true });
    const cancelByCashier = await d.app.inject({
      method: "POST",
      url: `/api/notes/${chave}/cancel`,
      payload: { reason: "cliente desistiu da compra" },
      headers: auth,
    });
    expect(cancelByCashier.statusCode).toBe(403);
    const sup = { authorization: `Bearer ${await login(d, "super", "2222")}` };
    const shortReason = await d.app.inject({
      method: "POST",
      url: `/api/notes/${chave}/cancel`,
      payload: { reason: "curto" },
      headers: sup,
    });
    expect(shortReason.json().error.field).toBe("reason");
    const cancel = await d.app.inject({
      method: "POST",
      url: `/api/notes/${chave}/cancel`,
      payload: { reason: "cliente desistiu da compra" },
      headers: sup,
    });
    expect(cancel.json()).toMatchObject({ cStat: "135" });
    expect(d.service.listNotes()[0]?.status).toBe("cancelled");
  });
});
