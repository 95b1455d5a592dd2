// "Corrigir itens" in the supervisor panel (real headless Chromium, real server, fake service): a note
// SEFAZ rejected for its NCM is corrected in a dialog and resent; only the changed fields are sent,
// a refusal keeps the dialog open with the server's message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import { type BrowserSession, HAS_CHROMIUM, openBrowserSession } from "./browser-harness.js";
import { createTestDeps, SALE } from "./test-deps.js";

describe.skipIf(!HAS_CHROMIUM)("correcting a held note's items, in headless Chromium", () => {
  const deps = createTestDeps({ clock: systemClock });
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowserSession(deps);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const byTest = (id: string) => session.byTest(id);

  it("the supervisor changes the NCM of the rejected offline note and resends it", async () => {
    deps.service.cutLink();
    const note = await deps.service.emitSale(SALE, { operator: "caixa" });
    deps.service.rejectNext = { cStat: "778", xMotivo: "NCM inexistente" };
    await deps.service.restoreLink();
    await session.login("super", "2222");
    await byTest("btn-panel").click();
    await byTest("view-panel").waitFor();

    await byTest(`items-${note.nNF}`).click();
    await byTest("items-dialog").waitFor();
    expect(await byTest("items-reason").textContent()).toContain("778");
    expect(await byTest(`edit-ncm-0`).inputValue()).toBe("09012100");
    await byTest("items-ok").click(); // nothing changed yet
    await expect.poll(() => byTest("items-error").textContent()).toBe("Nada foi alterado.");
    await byTest("edit-ncm-0").fill("2101"); // the server refuses: the dialog stays open
    await byTest("items-ok").click();
    await expect
      .poll(() => byTest("items-error").textContent())
      .toBe("Item 1: NCM inválido. Confira o valor.");
    expect(await byTest("items-dialog").isVisible()).toBe(true);
    await session.shot("12-panel-items-dialog");
    await byTest("edit-ncm-0").fill("21011110");
    await byTest("items-ok").click();
    await expect
      .poll(() => byTest("panel-msg").textContent())
      .toMatch(/^Nota nº \d+ corrigida e reenviada: 1 autorizada/);
    const correction = deps.service.calls.filter((c) => c.method === "correctHeld");
    expect(correction.at(-1)).toMatchObject({
      operator: "super",
      args: { chave: note.chave, corrections: [{ index: 0, ncm: "21011110" }] },
    });
    expect(deps.service.notes.find((n) => n.chave === note.chave)?.status).toBe("authorized");
    await session.shot("13-panel-items-corrected");
  }, 60_000);
});
