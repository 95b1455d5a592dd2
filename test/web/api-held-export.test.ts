// The panel's "Corrigir e reemitir" (held notes, release) and "Exportar para o contador" routes:
// supervisor only, validated input, every attempt audited (ok or not).
import { describe, expect, it } from "vitest";
import { login, setup } from "./api-test-setup.js";
import { SALE } from "./test-deps.js";

describe("HTTP API: held notes and the accountant's export", () => {
  async function rejectedNote(d: ReturnType<typeof setup>) {
    d.service.cutLink();
    const offline = await d.service.emitSale(SALE, { operator: "caixa" });
    d.service.rejectNext = { cStat: "213", xMotivo: "CNPJ do certificado não confere" };
    await d.service.restoreLink();
    return offline;
  }

  it("lists held notes with the reason for a supervisor only; a cashier gets 403, nobody 401", async () => {
    const d = setup();
    const note = await rejectedNote(d);
    expect((await d.app.inject({ method: "GET", url: "/api/held" })).statusCode).toBe(401);
    const cashier = await login(d, "caixa", "1111");
    const forbidden = await d.app.inject({
      method: "GET",
      url: "/api/held",
      headers: { authorization: `Bearer ${cashier}` },
    });
    expect(forbidden.statusCode).toBe(403);
    const sup = await login(d, "super", "2222");
    const held = await d.app.inject({
      method: "GET",
      url: "/api/held",
      headers: { authorization: `Bearer ${sup}` },
    });
    expect(held.json()).toEqual([
      { chave: note.chave, nNF: note.nNF, reason: "Rejeição 213: CNPJ do certificado não confere" },
    ]);
  });

  it("release puts the note back in the queue, audited; an unknown key is 404 and audited as failed", async () => {
    const d = setup();
    const note = await rejectedNote(d);
    const sup = { authorization: `Bearer ${await login(d, "super", "2222")}` };
    const ok = await d.app.inject({
      method: "POST",
      url: "/api/held/release",
      headers: sup,
      payload: { chave: note.chave },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ released: note.chave });
    expect(d.service.notes.find((n) => n.chave === note.chave)?.status).toBe("pending");
    expect(d.service.calls.at(-1)).toMatchObject({ method: "releaseHeld", operator: "super" });
    expect(d.audit.at(-1)).toMatchObject({ who: "super", action: "web.release-held", detail: { ok: true } });

    const again = await d.app.inject({
      method: "POST",
      url: "/api/held/release",
      headers: sup,
      payload: { chave: note.chave },
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.operatorMessage).toMatch(/não está retida/);
    expect(d.audit.at(-1)).toMatchObject({
      action: "web.release-held",
      detail: { ok: false, code: "KIOSK_ERR_NOT_FOUND" },
    });
  });

  it("release refuses a malformed key before reaching the service", async () => {
    const d = setup();
    const sup = { authorization: `Bearer ${await login(d, "super", "2222")}` };
    for (const chave of ["../../etc", "1".repeat(45), "inut:1:5-", 42]) {
      const r = await d.app.inject({
        method: "POST",
        url: "/api/held/release",
        headers: sup,
        payload: { chave },
      });
      expect(r.statusCode, String(chave)).toBe(400);
      expect(r.json().error.field).toBe("chave");
    }
    expect(d.service.calls.filter((c) => c.method === "releaseHeld")).toEqual([]);
  });

  it("export: supervisor only, month checked, folder passed to the service, result and failures audited", async () => {
    const d = setup();
    await d.service.emitSale(SALE, { operator: "caixa" });
    const cashier = { authorization: `Bearer ${await login(d, "caixa", "1111")}` };
    const denied = await d.app.inject({
      method: "POST",
      url: "/api/export",
      headers: cashier,
      payload: { dir: "/media/usb0" },
    });
    expect(denied.statusCode).toBe(403);
    const sup = { authorization: `Bearer ${await login(d, "super", "2222")}` };
    const badMonth = await d.app.inject({
      method: "POST",
      url: "/api/export",
      headers: sup,
      payload: { dir: "/media/usb0", month: "2026-13" },
    });
    expect(badMonth.statusCode).toBe(400);
    expect(badMonth.json().error.field).toBe("month");
    const ok = await d.app.inject({
      method: "POST",
      url: "/api/export",
      headers: sup,
      payload: { dir: "/media/usb0", month: "2026-03" },
    });
    expect(ok.json()).toEqual({ files: 3 });
    expect(d.service.calls.at(-1)).toMatchObject({
      method: "exportAccountant",
      operator: "super",
      args: { month: "2026-03", dir: "/media/usb0" },
    });
    expect(d.audit.at(-1)).toMatchObject({ action: "web.export", detail: { ok: true, month: "2026-03" } });
    const all = await d.app.inject({
      method: "POST",
      url: "/api/export",
      headers: sup,
      payload: { dir: "/media/usb0", month: "" },
    });
    expect(d.service.calls.at(-1)).toMatchObject({ args: { month: undefined } });
    expect(all.statusCode).toBe(200);
    const outside = await d.app.inject({
      method: "POST",
      url: "/api/export",
      headers: sup,
      payload: { dir: "/etc" },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.operatorMessage).toMatch(/pendrive/);
    expect(d.audit.at(-1)).toMatchObject({
      action: "web.export",
      detail: { ok: false, code: "KIOSK_ERR_INPUT_INVALID" },
    });
  });
});
