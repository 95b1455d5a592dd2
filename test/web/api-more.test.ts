import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { serviceSwitchOf } from "../../src/web/build-server.js";
import { login, setup } from "./api-test-setup.js";
import { createTestDeps } from "./test-deps.js";

describe("HTTP API for the UI: login, users, catalog, static files, events", () => {
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
    expect(serviceSwitchOf(d.app).events.listenerCount("status")).toBe(0);
  });

  it("demo link control exists only when the demo wires it", async () => {
    const plain = setup();
    expect(
      (await plain.app.inject({ method: "POST", url: "/api/demo/sefaz", payload: { mode: "down" } }))
        .statusCode,
    ).toBe(404);
    expect((await plain.app.inject({ method: "GET", url: "/api/ui-config" })).json()).toEqual({
      receiptPreview: true,
      demo: false,
      pixPaymentType: "17",
    });
    const faults: string[] = [];
    const demo = createTestDeps({ demo: { setSefazFault: async (mode) => void faults.push(mode) } });
    try {
      expect((await demo.app.inject({ method: "GET", url: "/api/ui-config" })).json().demo).toBe(true);
      const down = await demo.app.inject({
        method: "POST",
        url: "/api/demo/sefaz",
        payload: { mode: "down" },
      });
      expect(down.json()).toEqual({ mode: "down" });
      const bad = await demo.app.inject({
        method: "POST",
        url: "/api/demo/sefaz",
        payload: { mode: "explode" },
      });
      expect(bad.json().error.field).toBe("mode");
      expect(faults).toEqual(["down"]);
    } finally {
      await demo.app.close();
    }
  });
});
