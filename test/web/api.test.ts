import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/clock.js";
import { CHAVE } from "../../src/web/input.js";
import { createTestDeps, SALE } from "./test-deps.js";

type Deps = ReturnType<typeof createTestDeps>;
let current: Deps | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});
function setup(): Deps {
  current = createTestDeps();
  return current;
}

async function login(d: Deps, user: string, pin: string): Promise<string> {
  const res = await d.app.inject({ method: "POST", url: "/api/login", payload: { user, pin } });
  expect(res.statusCode).toBe(200);
  return res.json().token as string;
}

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

  it("login sets an HttpOnly cookie; wrong PIN is 401; logout ends the session", async () => {
    const d = setup();
    const bad = await d.app.inject({
      method: "POST",
      url: "/api/login",
      payload: { user: "super", pin: "0000" },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.operatorMessage).toBe("Usuário ou PIN incorreto.");
    const missing = await d.app.inject({ method: "POST", url: "/api/login", payload: { user: "super" } });
    expect(missing.json().error).toMatchObject({ code: "KIOSK_ERR_INPUT_INVALID", field: "pin" });
    const ok = await d.app.inject({
      method: "POST",
      url: "/api/login",
      payload: { user: "super", pin: "2222" },
    });
    expect(String(ok.headers["set-cookie"])).toMatch(/kiosk_session=.+; Path=\/; HttpOnly; SameSite=Strict/);
    const token = ok.json().token;
    const me = await d.app.inject({
      method: "GET",
      url: "/api/session",
      headers: { cookie: `kiosk_session=${token}` },
    });
    expect(me.json()).toMatchObject({ user: "super", role: "supervisor" });
    await d.app.inject({ method: "POST", url: "/api/logout", headers: { cookie: `kiosk_session=${token}` } });
    const after = await d.app.inject({
      method: "GET",
      url: "/api/session",
      headers: { cookie: `kiosk_session=${token}` },
    });
    expect(after.statusCode).toBe(401);
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

  it("catalog: lookup by code/GTIN, 404 for unknown; CSV import needs a supervisor and reports lines", async () => {
    const d = setup();
    const found = (await d.app.inject({ method: "GET", url: "/api/catalog?code=7894900011517" })).json();
    expect(found).toMatchObject({ via: "gtin", product: { code: "1003", price: 9.99 } });
    const missing = await d.app.inject({ method: "GET", url: "/api/catalog?code=0000" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.operatorMessage).toBe("Produto não encontrado: 0000");
    const csv =
      "code;description;ncm;cfop;unit;price;csosn\n2001;LEITE 1L;04012010;5102;UN;5,49;102\n2002;X;123;5102;UN;1;102\n";
    const anon = await d.app.inject({
      method: "POST",
      url: "/api/catalog/import",
      payload: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(anon.statusCode).toBe(401);
    const sup = { authorization: `Bearer ${await login(d, "super", "2222")}`, "content-type": "text/csv" };
    const bad = await d.app.inject({
      method: "POST",
      url: "/api/catalog/import",
      payload: csv,
      headers: sup,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ line: 3, field: "ncm", message: "NCM deve ter 8 dígitos" }]);
    expect((await d.app.inject({ method: "GET", url: "/api/catalog?code=2001" })).statusCode).toBe(404);
    const good = await d.app.inject({
      method: "POST",
      url: "/api/catalog/import",
      payload: csv.split("\n").slice(0, 2).join("\n"),
      headers: sup,
    });
    expect(good.json()).toEqual({ imported: 1, errors: [] });
    expect(
      (await d.app.inject({ method: "GET", url: "/api/catalog?code=2001" })).json().product.description,
    ).toBe("LEITE 1L");
  });

  it("users: a supervisor lists and adds operators; PIN change by self or supervisor; others get 403", async () => {
    const d = setup();
    const sup = { authorization: `Bearer ${await login(d, "super", "2222")}` };
    const cashier = { authorization: `Bearer ${await login(d, "caixa", "1111")}` };
    expect((await d.app.inject({ method: "GET", url: "/api/users", headers: cashier })).statusCode).toBe(403);
    const added = await d.app.inject({
      method: "POST",
      url: "/api/users",
      headers: sup,
      payload: { user: "ana", role: "cashier", pin: "4321" },
    });
    expect(added.statusCode).toBe(201);
    expect(await login(d, "ana", "4321")).toBeTruthy();
    const dup = await d.app.inject({
      method: "POST",
      url: "/api/users",
      headers: sup,
      payload: { user: "ana", role: "cashier", pin: "4321" },
    });
    expect(dup.json().error).toMatchObject({
      code: "KIOSK_ERR_INPUT_INVALID",
      field: "user",
      operatorMessage: "O usuário ana já existe.",
    });
    const badRole = await d.app.inject({
      method: "POST",
      url: "/api/users",
      headers: sup,
      payload: { user: "bob", role: "root", pin: "4321" },
    });
    expect(badRole.json().error.field).toBe("role");
    const badPin = await d.app.inject({
      method: "POST",
      url: "/api/users",
      headers: sup,
      payload: { user: "bob", role: "cashier", pin: "12" },
    });
    expect(badPin.json().error.field).toBe("pin");
    const list = (await d.app.inject({ method: "GET", url: "/api/users", headers: sup })).json();
    expect(list.map((u: { name: string }) => u.name)).toEqual(["ana", "caixa", "super", "tecnico"]);
    // own PIN: allowed for a cashier; someone else's: 403
    expect(
      (
        await d.app.inject({
          method: "POST",
          url: "/api/users/caixa/pin",
          headers: cashier,
          payload: { pin: "5555" },
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await d.app.inject({
          method: "POST",
          url: "/api/users/ana/pin",
          headers: cashier,
          payload: { pin: "5555" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await d.app.inject({
          method: "POST",
          url: "/api/users/ana/pin",
          headers: sup,
          payload: { pin: "7777" },
        })
      ).statusCode,
    ).toBe(204);
    expect(await login(d, "ana", "7777")).toBeTruthy();
    expect(
      d.audit.filter((a) => a.action.startsWith("user.")).map((a) => [a.who, a.action, a.detail["user"]]),
    ).toContainEqual(["super", "user.add", "ana"]);
  });

  it("serves the UI and answers unknown routes with a coded 404; no path traversal", async () => {
    const d = setup();
    const index = await d.app.inject({ method: "GET", url: "/" });
    expect(index.statusCode).toBe(200);
    expect(index.headers["content-type"]).toContain("text/html");
    expect(index.body).toContain('lang="pt-BR"');
    expect((await d.app.inject({ method: "GET", url: "/ui/app.js" })).headers["content-type"]).toContain(
      "javascript",
    );
    for (const url of ["/ui/..%2F..%2Fpackage.json", "/ui/../web-deps.ts", "/nope", "/api/nope"]) {
      const res = await d.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe("KIOSK_ERR_NOT_FOUND");
    }
  });

  it("GET /api/events streams status, receipt and scan as Server-Sent Events", async () => {
    const d = setup();
    await d.app.listen({ host: "127.0.0.1", port: 0 });
    const port = (d.app.server.address() as AddressInfo).port;
    const received: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/api/events" }, (res) => {
        expect(res.headers["content-type"]).toContain("text/event-stream");
        res.setEncoding("utf8");
        let buffer = "";
        res.on("data", (chunk: string) => {
          buffer += chunk;
          const frames = buffer.split("\n\n");
          buffer = frames.pop() ?? "";
          for (const f of frames) if (f.startsWith("event:")) received.push(f);
          if (received.length === 1) {
            d.service.events.emit("scan", { code: "7891000100103" });
            d.service.cutLink();
          }
          if (received.length >= 3) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on("error", reject);
      req.end();
    });
    await done;
    expect(received[0]).toMatch(/^event: status\ndata: \{"mode":"online"/);
    expect(received[1]).toBe('event: scan\ndata: {"code":"7891000100103"}');
    expect(received[2]).toMatch(/^event: status\ndata: \{"mode":"contingency"/);
    await new Promise((r) => setTimeout(r, 20));
    expect(d.service.events.listenerCount("status")).toBe(0);
  });
});
