// Payment in parts in the touchscreen UI (real headless Chromium, real server, fake service): one
// method for part of the total, the last one for what remains, the change from the last cash payment.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import { type BrowserSession, finalizeFits, HAS_CHROMIUM, openBrowserSession } from "./browser-harness.js";
import { createTestDeps } from "./test-deps.js";

describe.skipIf(!HAS_CHROMIUM)("payment in parts, in headless Chromium", () => {
  // A stall with one printed (static) PIX QR: the PIX button sends tPag 20.
  const deps = createTestDeps({ clock: systemClock, receiptPreview: true, pixPaymentType: "20" });
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowserSession(deps);
    page = session.page;
    await session.login("caixa", "1111");
    // A first sale, so that its receipt preview is on screen when the next one starts.
    await addCode("1001");
    await byTest("pay-pix").click();
    await byTest("finalize").click();
    await page.locator('[data-testid="sale-msg"]', { hasText: "autorizada" }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const byTest = (id: string) => session.byTest(id);
  const addCode = (code: string, qty?: string) => session.addCode(code, qty);
  const shot = (name: string) => session.shot(name);

  it("a sale paid in parts: PIX for part, a part removed and taken again, the rest in cash with change", async () => {
    expect(await byTest("receipt").isVisible()).toBe(true); // the previous sale's paper
    await addCode("1003", "4"); // 4 x 9,99 = 39,96
    await expect.poll(() => byTest("total").textContent()).toBe("R$ 39,96");
    expect(await byTest("receipt").isHidden()).toBe(true); // torn off by the next sale's first item
    await byTest("pay-part").click();
    await expect
      .poll(() => byTest("sale-msg").textContent())
      .toBe("Escolha a forma de pagamento desta parte.");
    await byTest("pay-pix").click();
    await byTest("pay-part").click();
    await byTest("dialog-input").fill("39,96"); // a part must leave something for the last payment
    await byTest("dialog-ok").click();
    await expect
      .poll(() => byTest("dialog-error").textContent())
      .toBe("Valor entre R$ 0,01 e menos que R$ 39,96.");
    await byTest("dialog-input").fill("20");
    await byTest("dialog-ok").click();
    await expect.poll(() => byTest("total").textContent()).toBe("R$ 19,96");
    expect(await page.locator("#total-label").textContent()).toBe("Falta");
    expect(await byTest("part-0").textContent()).toBe("PIX R$ 20,00 ✕");
    expect(await byTest("finalize").isDisabled()).toBe(true); // no method chosen for the rest yet
    await byTest("part-0").click(); // removed: the whole total is due again
    await expect.poll(() => byTest("total").textContent()).toBe("R$ 39,96");
    expect(await byTest("parts").isHidden()).toBe(true);
    await byTest("pay-pix").click();
    await byTest("pay-part").click();
    await byTest("dialog-input").fill("20");
    await byTest("dialog-ok").click();
    await byTest("pay-cash").click();
    await byTest("cash-received").fill("19");
    await expect.poll(() => byTest("change").textContent()).toBe("Valor insuficiente");
    await byTest("cash-received").fill("50");
    await expect.poll(() => byTest("change").textContent()).toBe("Troco: R$ 30,04");
    await page.setViewportSize({ width: 800, height: 480 });
    await shot("04b-sale-split-800x480");
    expect(await finalizeFits(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await byTest("finalize").click();
    await expect
      .poll(() => byTest("sale-msg").textContent())
      .toMatch(/^Nota nº \d+ autorizada\. Troco: R\$ 30,04\.$/);
    const sale = deps.service.calls.filter((c) => c.method === "emitSale").at(-1)!;
    expect(sale.args).toMatchObject({
      items: [{ code: "1003", quantity: 4, unitPrice: 9.99 }],
      payments: [
        { type: "20", amount: 20 },
        { type: "01", amount: 50 },
      ],
    });
    expect(await byTest("parts").isHidden()).toBe(true);
    expect(await page.locator("#total-label").textContent()).toBe("Total");
  }, 60_000);
});
