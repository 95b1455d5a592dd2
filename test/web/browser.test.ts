// The touchscreen UI in real headless Chromium against the real server and the fake service.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import { type BrowserSession, finalizeFits, HAS_CHROMIUM, openBrowserSession } from "./browser-harness.js";
import { createTestDeps } from "./test-deps.js";

describe.skipIf(!HAS_CHROMIUM)("touchscreen UI in headless Chromium", () => {
  const deps = createTestDeps({ clock: systemClock, receiptPreview: true });
  let session: BrowserSession;
  let page: Page;
  let base = "";

  beforeAll(async () => {
    session = await openBrowserSession(deps);
    page = session.page;
    base = session.base;
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const shot = (name: string) => session.shot(name);
  const byTest = (id: string) => session.byTest(id);
  const addCode = (code: string, qty?: string) => session.addCode(code, qty);

  it("a cashier logs in and sells online: scan, quantities, weighed item, removal, cash with change, CPF", async () => {
    await page.goto(base);
    await expect.poll(() => page.locator("body").getAttribute("data-ready")).toBe("1");
    await expect.poll(() => byTest("banner").getAttribute("data-mode")).toBe("online");
    await shot("01-login");
    await page.setViewportSize({ width: 800, height: 480 });
    await shot("01-login-800x480");
    // A string, so the test's TypeScript (no DOM lib) does not type-check browser code.
    const loginFits = await page.evaluate(`(() => {
      const b = document.querySelector('[data-testid="login-submit"]').getBoundingClientRect();
      return document.documentElement.scrollWidth <= innerWidth && b.bottom <= innerHeight;
    })()`);
    expect(loginFits).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await byTest("login-user").fill("caixa");
    await byTest("login-pin").fill("9999");
    await byTest("login-submit").click();
    await expect.poll(() => byTest("login-error").textContent()).toBe("Usuário ou PIN incorreto.");
    await byTest("login-pin").fill("1111");
    await byTest("login-submit").click();
    await byTest("view-sale").waitFor();

    // Two codes read back to back (a fast scanner): the quantity typed belongs to the first only,
    // even though the first is still being looked up when the second arrives.
    await page.evaluate(`(() => {
      const form = document.getElementById("code-form");
      document.getElementById("qty").value = "3";
      document.getElementById("code").value = "1003";
      form.requestSubmit();
      document.getElementById("code").value = "1001";
      form.requestSubmit();
    })()`);
    await expect.poll(() => page.locator("#items-body tr").count()).toBe(2);
    const quantities = async () =>
      page
        .locator("#items-body tr")
        .evaluateAll((rows) =>
          rows.map((r) => (r as unknown as { cells: Array<{ textContent: string }> }).cells[1]?.textContent),
        );
    expect(await quantities()).toEqual(["3 UN", "1 UN"]);
    await byTest("remove-1").click();
    await byTest("remove-0").click();
    await expect.poll(() => page.locator("#items-body tr").count()).toBe(0);

    await addCode("7891000100103"); // by GTIN
    await addCode("1003", "3");
    await addCode("1002"); // weighed: asks the weight
    await byTest("dialog-input").fill("0,500");
    await byTest("dialog-ok").click();
    await addCode("9999999");
    await expect.poll(() => byTest("sale-msg").textContent()).toBe("Produto não encontrado: 9999999");
    // a scan arriving from the (simulated) scanner over SSE
    deps.service.events.emit("scan", { code: "1001" });
    await expect.poll(() => page.locator("#items-body tr").count()).toBe(3);
    await expect
      .poll(() => page.locator("#items-body tr").first().locator("td").nth(1).textContent())
      .toBe("2 UN");
    // 2 x 12,50 + 3 x 9,99 + 0,5 x 15,90 = 25 + 29,97 + 7,95
    await expect.poll(() => byTest("total").textContent()).toBe("R$ 62,92");
    await byTest("remove-1").click();
    await expect.poll(() => byTest("total").textContent()).toBe("R$ 32,95");
    await byTest("cpf").fill("529.982.247-25");
    await byTest("pay-cash").click();
    await byTest("cash-received").fill("30");
    await expect.poll(() => byTest("change").textContent()).toBe("Valor insuficiente");
    expect(await byTest("finalize").isDisabled()).toBe(true);
    await byTest("cash-received").fill("50,00");
    await expect.poll(() => byTest("change").textContent()).toBe("Troco: R$ 17,05");
    await shot("02-sale-1280x800");
    await page.setViewportSize({ width: 800, height: 480 });
    await shot("03-sale-800x480");
    expect(await finalizeFits(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await byTest("finalize").click();
    await expect
      .poll(() => byTest("sale-msg").textContent())
      .toMatch(/^Nota nº 101 autorizada\. Troco: R\$ 17,05\.$/);
    await expect.poll(() => byTest("receipt-text").textContent()).toContain("TOTAL R$ 32,95");
    const sale = deps.service.calls.find((c) => c.method === "emitSale")!;
    expect(sale.operator).toBe("caixa");
    expect(sale.args).toMatchObject({
      items: [
        {
          code: "1001",
          gtin: "7891000100103",
          quantity: 2,
          unitPrice: 12.5,
          ncm: "09012100",
          tax: { csosn: "102" },
        },
        { code: "1002", quantity: 0.5, unitPrice: 15.9, unit: "KG" },
      ],
      payments: [{ type: "01", amount: 50 }],
      customer: { cpf: "52998224725" },
    });
    expect(await page.locator("#items-body tr").count()).toBe(0);
    await shot("04-sale-done-receipt");
  }, 60_000);

  it("an outage switches the banner to contingency; sales go on offline with a deadline countdown", async () => {
    deps.service.cutLink();
    await expect.poll(() => byTest("banner").getAttribute("data-mode")).toBe("contingency");
    expect(await page.locator("#banner-cause").textContent()).toContain("SEFAZ fora do ar");
    for (const code of ["1001", "1003"]) {
      await addCode(code);
      await byTest("pay-pix").click();
      await byTest("finalize").click();
      await expect.poll(() => byTest("sale-msg").textContent()).toMatch(/em contingência/);
    }
    await expect.poll(() => byTest("banner-pending").textContent()).toBe("2 notas pendentes");
    await expect
      .poll(() => byTest("banner-deadline").textContent())
      .toMatch(/^Prazo de envio: 2[34]:[0-5][0-9]:[0-5][0-9]$/);
    expect(deps.service.listNotes({ status: "pending" }).map((n) => n.tpEmis)).toEqual([9, 9]);
    expect(await page.locator("#receipt-text").textContent()).toContain("EMITIDA EM CONTINGENCIA");
    await shot("05-contingency-banner");
  }, 60_000);

  it("when the link returns the drain shows progress, then the banner goes back online", async () => {
    deps.service.drainStepMs = 400;
    const drained = deps.service.restoreLink(true);
    await byTest("drain").waitFor({ state: "visible" });
    await expect.poll(() => page.locator("#drain-text").textContent()).toMatch(/faltam [12]/);
    await shot("06-drain-progress");
    await drained;
    await byTest("drain").waitFor({ state: "hidden" });
    await expect.poll(() => byTest("banner-pending").textContent()).toBe("Nenhuma nota pendente");
    expect(await byTest("banner").getAttribute("data-mode")).toBe("online");
    deps.service.drainStepMs = 0;
  }, 60_000);

  it("a supervisor logs in and uses the contingency panel", async () => {
    await byTest("btn-panel").click();
    await byTest("view-login").waitFor();
    await byTest("login-user").fill("super");
    await byTest("login-pin").fill("2222");
    await byTest("login-submit").click();
    await byTest("view-panel").waitFor();
    await expect.poll(() => page.locator("#notes-body tr").count()).toBe(3);

    // manual entry into contingency
    await byTest("p-enter").click();
    await byTest("dialog-input").fill("curto");
    await byTest("dialog-ok").click();
    expect(await page.locator("#dialog-error").textContent()).toContain("15 caracteres");
    await byTest("dialog-input").fill("Queda de energia no link principal");
    await byTest("dialog-ok").click();
    await expect.poll(() => byTest("banner").getAttribute("data-mode")).toBe("contingency");
    expect(deps.service.calls.at(-1)).toMatchObject({ method: "setContingency", operator: "super" });

    // a sale in contingency that SEFAZ will reject on sync
    await deps.app.inject({
      method: "POST",
      url: "/api/sales",
      payload: {
        items: [
          {
            code: "1",
            description: "X",
            ncm: "09012100",
            cfop: "5102",
            unit: "UN",
            quantity: 1,
            unitPrice: 5,
            tax: { origin: 0, csosn: "102" },
          },
        ],
        payments: [{ type: "01", amount: 5 }],
      },
    });
    await expect.poll(() => page.locator("#notes-body tr").count()).toBe(4);
    await byTest("f-pending").click();
    await expect.poll(() => page.locator("#notes-body tr").count()).toBe(1);
    await shot("07-panel-pending");

    // manual exit, then "Sincronizar agora" with a rejection
    await byTest("p-exit").click();
    await byTest("dialog-input").fill("Link restabelecido");
    await byTest("dialog-ok").click();
    await expect.poll(() => byTest("banner").getAttribute("data-mode")).toBe("online");
    deps.service.rejectNext = { cStat: "778", xMotivo: "NCM inexistente" };
    await byTest("p-sync").click();
    await expect.poll(() => byTest("panel-msg").textContent()).toContain("1 rejeitada(s)");
    await byTest("f-rejected").click();
    await expect
      .poll(() => page.locator("#notes-body tr").first().textContent())
      .toContain("778 — NCM inexistente");
    await shot("08-panel-rejected");
    // "Corrigir e reemitir": the held reason is shown, the note is released and resent with its key
    await page.locator('[data-testid^="fix-"]').first().click();
    await expect.poll(() => byTest("dialog-text").textContent()).toContain("Rejeição 778: NCM inexistente");
    await byTest("dialog-ok").click();
    await expect
      .poll(() => byTest("panel-msg").textContent())
      .toMatch(/^Nota nº \d+ liberada e reenviada: 1 autorizada\(s\), 0 rejeitada\(s\)/);
    expect(deps.service.calls.filter((c) => c.method === "releaseHeld")).toHaveLength(1);

    // reprint and cancel an authorized note (inside the 30 min window)
    await byTest("f-all").click();
    await byTest("reprint-101").click();
    await expect.poll(() => byTest("panel-msg").textContent()).toBe("Nota 101 reimpressa.");
    await expect.poll(() => byTest("receipt-text").textContent()).toContain("SEGUNDA VIA");
    await byTest("cancel-101").click();
    await byTest("dialog-input").fill("Cliente desistiu antes de levar");
    await byTest("dialog-ok").click();
    await expect.poll(() => byTest("panel-msg").textContent()).toBe("Nota 101 cancelada (cStat 135).");
    await expect.poll(() => byTest("note-101").textContent()).toContain("Cancelada");
    expect(deps.service.calls.at(-1)).toMatchObject({ method: "cancel", operator: "super" });

    // voided numbers list, disabled controls the service lacks
    await byTest("f-voided").click();
    await expect.poll(() => page.locator("#notes-body").textContent()).toBe("Nenhum número inutilizado.");
    // "Exportar para o contador": folder on the stick, month (blank: everything)
    await byTest("p-export").click();
    await byTest("dialog-input").fill("/media/usb0");
    await byTest("dialog-ok").click();
    await byTest("dialog-input").fill("2026-1");
    await byTest("dialog-ok").click();
    await expect.poll(() => byTest("dialog-error").textContent()).toContain("AAAA-MM");
    await byTest("dialog-input").fill("");
    await byTest("dialog-ok").click();
    await expect
      .poll(() => byTest("panel-msg").textContent())
      .toMatch(/arquivo\(s\) gravado\(s\) em \/media\/usb0/);
    expect(deps.service.calls.at(-1)).toMatchObject({ method: "exportAccountant", operator: "super" });
    expect(await byTest("p-drill").isDisabled()).toBe(false);
    await byTest("f-all").click();
    await shot("09-panel-all");
    await page.setViewportSize({ width: 800, height: 480 });
    await shot("10-panel-800x480");
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(deps.audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "web.contingency",
        "web.sync",
        "web.reprint",
        "web.cancel",
        "web.release-held",
        "web.export",
      ]),
    );
  }, 60_000);

  it("the supervisor adds a cashier and changes a PIN", async () => {
    await byTest("f-users").click();
    await expect.poll(() => page.locator("#users-body tr").count()).toBe(3);
    await byTest("new-user").fill("ana");
    await byTest("new-role").selectOption("cashier");
    await byTest("new-pin").fill("4321");
    await byTest("add-user").click();
    await expect.poll(() => byTest("panel-msg").textContent()).toBe("Usuário ana cadastrado.");
    await expect.poll(() => page.locator("#users-body tr").count()).toBe(4);
    await byTest("pin-ana").click();
    await byTest("dialog-input").fill("8765");
    await byTest("dialog-ok").click();
    await expect.poll(() => byTest("panel-msg").textContent()).toBe("PIN de ana alterado.");
    expect(deps.auth.login("ana", "8765").role).toBe("cashier");
    await shot("11a-panel-users");
  }, 60_000);

  it("the supervisor imports a catalog CSV and sees line errors", async () => {
    await byTest("f-catalog").click();
    await byTest("catalog-file").setInputFiles({
      name: "produtos.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "code;description;ncm;cfop;unit;price;csosn\n3001;AGUA 500ML;22011000;5102;UN;2,50;102\n3002;SUCO;2202;5102;UN;4;102\n",
      ),
    });
    await byTest("catalog-import").click();
    await expect
      .poll(() => byTest("catalog-report").textContent())
      .toBe("Linha 3, ncm: NCM deve ter 8 dígitos");
    await shot("11-panel-catalog-errors");
    expect(deps.catalog.lookup("3001")).toBeNull();
    // the session ends on the server (here: the cookie is gone): the next privileged action returns to the login
    await page.context().clearCookies();
    await byTest("catalog-import").click();
    await byTest("view-login").waitFor();
    expect(await page.locator("#login-title").textContent()).toBe("Sessão encerrada: entre de novo");
  }, 60_000);

  it("a printer failure shows in the banner and on the sale; the sale is kept", async () => {
    await byTest("login-user").fill("caixa");
    await byTest("login-pin").fill("1111");
    await byTest("login-submit").click();
    await byTest("view-sale").waitFor();
    deps.service.setPrinter(false);
    await expect.poll(() => byTest("banner-devices").textContent()).toBe("Impressora: sem papel");
    await addCode("1001");
    await byTest("pay-debit").click();
    await byTest("finalize").click();
    await expect
      .poll(() => byTest("sale-msg").textContent())
      .toMatch(/^Nota nº 10[0-9] autorizada\. ATENÇÃO: cupom não impresso \(Impressora sem papel\)\.$/);
    expect(deps.service.listNotes().at(-1)?.status).toBe("authorized");
    await shot("12-printer-out");
    deps.service.setPrinter(true);
    await expect.poll(() => byTest("banner-devices").textContent()).toBe("");
    // discarding a sale asks first
    await addCode("1001");
    await byTest("clear-sale").click();
    await page.locator("#dialog-form button[value=cancel]").click();
    expect(await page.locator("#items-body tr").count()).toBe(1);
    await byTest("clear-sale").click();
    await byTest("dialog-ok").click();
    await expect.poll(() => page.locator("#items-body tr").count()).toBe(0);
    await byTest("btn-logout").click();
    await byTest("view-login").waitFor();
  }, 60_000);

  it("a supervisor runs an outage drill: purple banner, simulated sales, real numbering untouched", async () => {
    await byTest("login-user").fill("super");
    await byTest("login-pin").fill("2222");
    await byTest("login-submit").click();
    await byTest("view-sale").waitFor();
    await byTest("btn-panel").click();
    await byTest("view-panel").waitFor();
    const realSales = deps.service.calls.filter((c) => c.method === "emitSale").length;
    await byTest("p-drill").click();
    await byTest("dialog-ok").click();
    await expect.poll(() => byTest("banner").getAttribute("class")).toContain("banner-drill");
    expect(await page.locator("#banner-mode").textContent()).toBe("TREINO (queda simulada)");
    await page.locator("#btn-sale").click();
    await addCode("1001");
    await byTest("pay-pix").click();
    await byTest("finalize").click();
    await expect
      .poll(() => byTest("sale-msg").textContent())
      .toBe("TREINO: venda simulada nº 1, sem valor fiscal.");
    await expect.poll(() => byTest("receipt-text").textContent()).toContain("TREINO - SEM VALOR FISCAL");
    await shot("13-drill");
    expect(deps.service.calls.filter((c) => c.method === "emitSale")).toHaveLength(realSales);
    await byTest("btn-panel").click();
    await expect.poll(() => byTest("p-drill").textContent()).toBe("Encerrar treino");
    await byTest("p-drill").click();
    await byTest("dialog-ok").click();
    await expect.poll(() => byTest("banner").getAttribute("data-mode")).toBe("online");
    expect(await byTest("banner").getAttribute("class")).not.toContain("banner-drill");
    expect(deps.audit.filter((a) => a.action === "web.drill").map((a) => a.detail["action"])).toEqual([
      "start",
      "stop",
    ]);
  }, 60_000);
});
