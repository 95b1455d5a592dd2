// Real headless Chromium around the real server and the fake service, for the browser tests.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import type { createTestDeps } from "./test-deps.js";

export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = join(process.cwd(), "test-artifacts", "web");
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn("\n*** NOTICE: /usr/bin/chromium not found: browser tests are SKIPPED ***\n");

export interface BrowserSession {
  deps: ReturnType<typeof createTestDeps>;
  page: Page;
  base: string;
  shot(name: string): Promise<Buffer>;
  byTest(id: string): ReturnType<Page["locator"]>;
  addCode(code: string, qty?: string): Promise<void>;
  /** Opens the UI and logs in; resolves on the sale screen (where every role lands). */
  login(user: string, pin: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, 1280x800, pt-BR, with a profile in `profileDir`. The flags keep it off
 * the network this machine does not have (background services, updates, sync, QUIC).
 */
export function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: "pt-BR",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function openBrowserSession(deps: ReturnType<typeof createTestDeps>): Promise<BrowserSession> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const base = await deps.app.listen({ host: "127.0.0.1", port: 0 });
  const profile = mkdtempSync(join(tmpdir(), "kiosk-chromium-"));
  let context: BrowserContext | undefined;
  try {
    context = await launchChromium(profile);
  } catch (error) {
    await deps.app.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(8000);
  const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);
  return {
    deps,
    page,
    base,
    shot: (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) }),
    byTest,
    addCode: async (code, qty) => {
      if (qty !== undefined) await byTest("qty").fill(qty);
      await byTest("code").fill(code);
      await byTest("code").press("Enter");
    },
    login: async (user, pin) => {
      await page.goto(base);
      await page.locator('body[data-ready="1"]').waitFor();
      await byTest("login-user").fill(user);
      await byTest("login-pin").fill(pin);
      await byTest("login-submit").click();
      await byTest("view-sale").waitFor();
    },
    close: async () => {
      await context?.close();
      await deps.app.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The finalize button is on screen, tall enough to touch, and nothing scrolls sideways. */
export async function finalizeFits(page: Page): Promise<boolean> {
  // A string, so the test's TypeScript (no DOM lib) does not type-check browser code.
  return page.evaluate(`(() => {
    const b = document.querySelector('[data-testid="finalize"]').getBoundingClientRect();
    return document.documentElement.scrollWidth <= innerWidth && b.bottom <= innerHeight && b.height >= 44;
  })()`);
}
