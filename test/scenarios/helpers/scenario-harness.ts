// The REAL service (runService: journal, fiscal core, watchdog, sync engine, HTTP API, simulated
// devices) against the REAL SEFAZ simulator over TLS on loopback, driven only over HTTP. Both share
// one clock that runs in real time and that a test can move forward (reconciliation windows).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoProbe } from "../../../src/app/demo/demo-probe.js";
import { type RunningService, runService } from "../../../src/app/run-service.js";
import type { Clock } from "../../../src/clock.js";
import { resolveConfig, validateConfig } from "../../../src/config/load-config.js";
import type { ResolvedConfig } from "../../../src/config/schema.js";
import { createLogger, silentLogger } from "../../../src/log.js";
import { type SefazSimulator, type SimFault, startSefazSimulator } from "../../../src/sefaz-sim/index.js";
import { CERTS, SHARED_DIR } from "../../helpers/shared.js";

export const CSC = { id: "1", token: "0123456789ABCDEF0123456789ABCDEF" };
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

export interface SimView {
  notes: Array<{ chave: string; cStat: string; cancelled: boolean; events: Array<{ tpEvento: string }> }>;
  inutilized: Array<{ serie: number; nNFIni: number; nNFFin: number }>;
  log: Array<{ service?: string; chave?: string; cStat?: string; tpEvento?: string }>;
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

export function sale(priceCents: number) {
  const price = priceCents / 100;
  return {
    items: [
      {
        code: "1001",
        description: "CAFE TORRADO 500G",
        ncm: "09012100",
        cfop: "5102",
        unit: "UN",
        quantity: 1,
        unitPrice: price,
        tax: { origin: 0, csosn: "102" },
      },
    ],
    payments: [{ type: "01", amount: price }],
  };
}

function configFor(dir: string, sim: SefazSimulator, o: ScenarioOptions): ResolvedConfig {
  const raw = {
    environment: "homologacao",
    dataDir: join(dir, "data"),
    emitter: {
      cnpj: "06157250000116",
      ie: "111111111111",
      name: "EMPRESA TESTE LTDA",
      crt: 1,
      address: {
        street: "RUA TESTE",
        number: "100",
        district: "CENTRO",
        cityCode: "3550308",
        city: "SAO PAULO",
        uf: "SP",
        cep: "01001000",
      },
    },
    certificate: { path: CERTS.cnpj.path, password: CERTS.cnpj.password },
    csc: CSC,
    qrCodeVersion: 2,
    series: 1,
    sefaz: {
      urls: sim.urls,
      caFile: sim.caFile,
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
    clock: { trust: "always" },
  };
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
  const sim = await startSefazSimulator({
    dataDir: join(dir, "sim"),
    cscs: { [CSC.id]: CSC.token },
    sharedDir: SHARED_DIR,
    clock,
  });
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

  const control = (method: "GET" | "POST", path: string, body?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(`${sim.url}${path}`, { method, ca: sim.caPem, agent: false }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve(JSON.parse(text)));
      });
      req.on("error", reject);
      req.end(payload);
    });

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
    setFault: async (fault) => {
      await control("POST", "/_sim/faults", fault);
    },
    simView: () => control("GET", "/_sim/notes") as Promise<SimView>,
    api,
    login: async (who = SUPERVISOR) => {
      const r = await api("POST", "/api/login", { user: who.user, pin: who.pin });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    sell: async (priceCents, token) => {
      const started = performance.now();
      const r = await api("POST", "/api/sales", sale(priceCents), token);
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

/** The simulator's answers that must never come from our own doing (duplicates). */
export function duplicateAnswers(view: SimView): SimView["log"] {
  return view.log.filter((e) => e.cStat === "204" || e.cStat === "539");
}
