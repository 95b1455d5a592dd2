// Issue 7: the REAL demo service (`npm start`: runService with the demo config, every device simulated,
// the embedded SEFAZ simulator) in headless Chromium: a sale online, the demo button cuts the link, a
// sale offline, the link returns, the banner goes back online and the offline note is drained.
// Screenshots go to test-artifacts/scenarios/.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CATALOG_CSV, DEMO_CSC, demoCertificate, demoConfig } from "../../src/app/demo/demo-config.js";
import { demoProbe } from "../../src/app/demo/demo-probe.js";
import { type RunningService, runService } from "../../src/app/run-service.js";
import { createLogger, silentLogger } from "../../src/log.js";
import { type SefazSimulator, startSefazSimulator } from "../../src/sefaz-sim/index.js";
import { HAS_SHARED, SHARED_DIR } from "../helpers/shared.js";
import { HAS_CHROMIUM, launchChromium } from "../web/browser-harness.js";

const ARTIFACTS = join(process.cwd(), "test-artifacts", "scenarios");

describe.skipIf(!HAS_CHROMIUM || !HAS_SHARED)(
  "scenario: the demo in a browser, link cut and restored",
  () => {
    let dir = "";
    let sim: SefazSimulator;
    let running: RunningService;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      dir = mkdtempSync(join(tmpdir(), "kiosk-demo-browser-"));
      sim = await startSefazSimulator({
        dataDir: join(dir, "sefaz-sim"),
        cscs: { [DEMO_CSC.id]: DEMO_CSC.token },
        sharedDir: SHARED_DIR,
      });
      const config = demoConfig({
        dataDir: dir,
        certificatePath: demoCertificate(dir, new Date()),
        sim,
        port: 0,
        host: "127.0.0.1",
      });
      running = await runService({
        config,
        log: process.env["SCENARIO_LOG"] ? createLogger({ level: "debug" }) : silentLogger,
        receiptPreview: true,
        probe: (core) => demoProbe(core, config, 2000),
        demo: { simulator: sim, catalogCsv: DEMO_CATALOG_CSV },
        initialUsers: [{ name: "caixa", role: "cashier", pin: "1111" }],
      });
      context = await launchChromium(join(dir, "chromium"));
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(10_000);
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      await running?.stop();
      await sim?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);
    const sellOne = async (code: string) => {
      // The receipt preview (the demo's simulated printer) covers the payment buttons until closed.
      if (await page.locator("#receipt-close").isVisible()) await page.locator("#receipt-close").click();
      await byTest("code").fill(code);
      await byTest("code").press("Enter");
      await expect.poll(() => page.locator("#items-body tr").count()).toBe(1);
      await byTest("pay-pix").click();
      await byTest("finalize").click();
    };

    it("sells online, offline while the link is cut, and returns online when it is restored", async () => {
      await page.goto(running.url);
      await expect.poll(() => page.locator("body").getAttribute("data-ready")).toBe("1");
      await expect.poll(() => byTest("banner").getAttribute("data-mode"), { timeout: 10_000 }).toBe("online");
      await byTest("login-user").fill("caixa");
      await byTest("login-pin").fill("1111");
      await byTest("login-submit").click();
      await byTest("view-sale").waitFor();

      await sellOne("1001");
      await expect.poll(() => byTest("sale-msg").textContent()).toMatch(/^Nota nº 1 autorizada/);
      await expect.poll(() => byTest("receipt-text").textContent()).toContain("Protocolo de autorização");
      await shot("01-demo-online-sale");

      await byTest("btn-demo-link").click();
      await expect.poll(() => byTest("btn-demo-link").textContent()).toBe("Demo: restaurar SEFAZ");
      // The next customer right after the cut: the online attempt dies, the sale is printed offline
      // at once and the kiosk switches to contingency (the probes would notice within ~20 s).
      const started = Date.now();
      await sellOne("1003");
      await expect.poll(() => byTest("sale-msg").textContent()).toMatch(/em contingência/);
      expect(Date.now() - started).toBeLessThan(running.core.config.sefaz.onlineWaitMs + 2000);
      await expect.poll(() => byTest("banner").getAttribute("data-mode")).toBe("contingency");
      await expect.poll(() => byTest("banner-pending").textContent()).toBe("1 nota pendente");
      await expect.poll(() => byTest("receipt-text").textContent()).toMatch(/EMITIDA EM CONTING[EÊ]NCIA/);
      await shot("02-demo-offline-sale");

      await byTest("btn-demo-link").click();
      await expect.poll(() => byTest("banner").getAttribute("data-mode"), { timeout: 45_000 }).toBe("online");
      await shot("03-demo-link-restored");
      // The background drain sends the offline note once the link is back.
      await expect
        .poll(() => byTest("banner-pending").textContent(), { timeout: 25_000 })
        .toBe("Nenhuma nota pendente");
      // The drain's progress bar goes away once the background round is over.
      await byTest("drain").waitFor({ state: "hidden", timeout: 5000 });
      await shot("04-demo-back-online");
      const notes = running.service.listNotes();
      expect(notes.filter((n) => n.status === "authorized").map((n) => n.tpEmis)).toEqual([1, 9]);
      expect(running.core.journal.verify()).toEqual({ ok: true, problems: [] });
    }, 120_000);
  },
);
