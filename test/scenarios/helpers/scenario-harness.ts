// The REAL service (runService: journal, fiscal core, watchdog, sync engine, HTTP API, simulated
// devices) against the REAL SEFAZ simulator over TLS on loopback, driven only over HTTP. Both share
// one clock that runs in real time and that a test can move forward (reconciliation windows).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoProbe } from "../../../src/app/demo/demo-probe.js";
import { type RunningService, runService } from "../../../src/app/run-service.js";
import type { Clock } from "../../../src/clock.js";
import { resolveConfig, validateConfig } from "../../../src/config/load-config.js";
import type { ResolvedConfig } from "../../../src/config/schema.js";
import { createLogger, silentLogger } from "../../../src/log.js";
import type { SefazSimulator, SimFault } from "../../../src/sefaz-sim/index.js";
import { SHARED_DIR } from "../../helpers/shared.js";
import { oneItemSale } from "../../helpers/test-config.js";
import { type SimView, simControl, simTestConfig, startTestSimulator } from "../../helpers/test-simulator.js";

export { TEST_CSC as CSC } from "../../helpers/test-config.js";
export { duplicateAnswers, type SimView } from "../../helpers/test-simulator.js";

export const SUPERVISOR = { user: "super", pin: "2222" };
export const CASHIER = { user: "caixa", pin: "1111" };

/** Real time plus an offset that only grows: the service's timers run, and a test can skip ahead. */
export class SkippingClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface ScenarioOptions {
  /** How long a sale waits for an online authorization before it goes offline (config.sefaz.onlineWaitMs). */
  onlineWaitMs?: number;
  /** config.sefaz.timeoutMs: how long a request may take (minimum 1000). */
  timeoutMs?: number;
}

export interface NoteRow {
  chave: string;
  nNF: number;
  tpEmis: 1 | 9;
  status: string;
  cStat: string | null;
}

export interface SaleOutcome {
  status: number;
  ms: number;
  body: { chave: string; nNF: number; tpEmis: 1 | 9; status: string; error?: { code: string } };
}

function configFor(dir: string, sim: SefazSimulator, o: ScenarioOptions): ResolvedConfig {
  const raw = simTestConfig(dir, sim, {
    qrCodeVersion: 2,
    series: 1,
    sefaz: {
      timeoutMs: o.timeoutMs ?? 2500,
      onlineWaitMs: o.onlineWaitMs ?? 2000,
      drainConcurrency: 2,
    },
    // The simulator validates every request against the XSD; the kiosk's own XSD step is the gate's
    // business (tested there) and costs ~100 ms a note.
    gate: { xsd: "off", schemasDir: join(SHARED_DIR, "schemas", "PL_010_V1.30") },
    watchdog: {
      probeIntervalMs: 1000,
      failuresToOffline: 1,
      successesToOnline: 1,
      recoverySpanMs: 0,
      minDwellMs: 0,
      statusIntervalMs: 10_000,
      statusSlowMs: 2000,
    },
    hardware: {
      scanner: { driver: "sim" },
      printer: { driver: "sim" },
      leds: { driver: "sim" },
      drawer: { driver: "sim" },
    },
    http: { host: "127.0.0.1", port: 0 },
    frontEnd: { exportRoots: [join(dir, "media")] },
  });
  return resolveConfig(validateConfig(raw), dir);
}

/** A JSON answer of the API; the assertions check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON, checked by each test's assertions
export type Json = any;

export interface Scenario {
  dir: string;
  clock: SkippingClock;
  config: ResolvedConfig;
  running: RunningService;
  url: string;
  setFault(fault: SimFault): Promise<void>;
  simView(): Promise<SimView>;
  /** fetch to the service's API with an optional bearer token; JSON in and out. */
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Json }>;
  login(who?: { user: string; pin: string }): Promise<string>;
  /** POST /api/sales, timed. */
  sell(priceCents: number, token?: string): Promise<SaleOutcome>;
  notes(): Promise<NoteRow[]>;
  /** Polls GET /api/status until `test` holds (the watchdog runs on real timers). */
  untilStatus(test: (s: Json) => boolean, timeoutMs?: number): Promise<Json>;
  close(): Promise<void>;
}

export async function startScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const dir = mkdtempSync(join(tmpdir(), "kiosk-scenario-"));
  mkdirSync(join(dir, "media", "usb0"), { recursive: true });
  const clock = new SkippingClock();
  const sim = await startTestSimulator(dir, { clock });
  const config = configFor(dir, sim, options);
  const log = process.env["SCENARIO_LOG"] ? createLogger({ level: "debug" }) : silentLogger;
  let running: RunningService;
  try {
    running = await runService({
      config,
      log,
      clock,
      probe: (core) => demoProbe(core, config, 2000),
      initialUsers: [
        { name: SUPERVISOR.user, role: "supervisor", pin: SUPERVISOR.pin },
        { name: CASHIER.user, role: "cashier", pin: CASHIER.pin },
      ],
    });
  } catch (error) {
    await sim.close();
    throw error;
  }
  const url = running.url;

  const api: Scenario["api"] = async (method, path, body, token) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token) headers["authorization"] = `Bearer ${token}`;
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  const scenario: Scenario = {
    dir,
    clock,
    config,
    running,
    url,
    ...simControl(sim),
    api,
    login: async (who = SUPERVISOR) => {
      const r = await api("POST", "/api/login", { user: who.user, pin: who.pin });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    sell: async (priceCents, token) => {
      const started = performance.now();
      const r = await api("POST", "/api/sales", oneItemSale(priceCents), token);
      return { status: r.status, ms: performance.now() - started, body: r.body };
    },
    notes: async () => (await api("GET", "/api/notes")).body as NoteRow[],
    untilStatus: async (test, timeoutMs = 10_000) => {
      const end = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < end) {
        last = (await api("GET", "/api/status")).body;
        if (test(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`status never matched; last: ${JSON.stringify(last)}`);
    },
    close: async () => {
      await running.stop();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return scenario;
}
