// The embeddable SEFAZ simulator: `startSefazSimulator` is what the sefaz-sim command, the demo and
// the test suite run. Loopback only; its CA and state live in dataDir.
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { type Clock, systemClock } from "../clock.js";
import type { ServiceUrls } from "../fiscal/sefaz/endpoints.js";
import { type GovernorBudgets, RequestGovernor } from "../fiscal/sefaz/governor.js";
import type { SimFault } from "./faults.js";
import { ensureSimCertificates } from "./sim-ca.js";
import { createSchemaCheck } from "./sim-schema.js";
import { createSimServer, SIM_PATHS, type SimServerState } from "./sim-server.js";
import { SimStore } from "./sim-state.js";

export type { SimFault } from "./faults.js";

export interface SefazSimulatorOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Registered taxpayer CSCs (id -> token) that QR codes v2 are checked against. */
  cscs?: Record<string, string>;
  /** Folder with schemas/PL_010_V1.30 and schemas/PL_009_V4; default NFCE_SHARED_DIR. */
  sharedDir?: string;
  clock?: Clock;
  /** SEFAZ's consumption limits before 656 (defaults: NT 2018.002 thresholds). */
  limits?: Partial<GovernorBudgets>;
}

export interface SefazSimulator {
  url: string;
  caFile: string;
  caPem: string;
  urls: ServiceUrls;
  setFault(fault: SimFault): void;
  /** What the simulator decided lately (service, chave, cStat, reason). */
  log(): Record<string, unknown>[];
  close(): Promise<void>;
}

/** SEFAZ's own limits (nfce-reference.md §6): above these the client gets 656 for an hour. */
export const SEFAZ_LIMITS: Partial<GovernorBudgets> = {
  identicalRejectionsPerHour: 30,
  queriesPerKeyPerHour: 10,
  eventsPerKeyPerHour: 20,
  inutilizationsPerRangePerHour: 20,
  statusMinIntervalMs: 0,
};

export async function startSefazSimulator(options: SefazSimulatorOptions): Promise<SefazSimulator> {
  mkdirSync(options.dataDir, { recursive: true });
  const clock = options.clock ?? systemClock;
  // TLS peers check validity against the real time, whatever the simulated clock says.
  const certs = ensureSimCertificates(options.dataDir, new Date());
  const store = new SimStore(options.dataDir);
  const state: SimServerState = { fault: { mode: "normal" }, notes: [] };
  const ctx = {
    store,
    clock,
    cscs: new Map(
      Object.entries(options.cscs ?? {}).map(([id, token]) => [id.replace(/^0+(?=\d)/, ""), token]),
    ),
    schema: createSchemaCheck(options.sharedDir ?? process.env.NFCE_SHARED_DIR),
    limiter: new RequestGovernor({ clock, budgets: { ...SEFAZ_LIMITS, ...options.limits } }),
    fault: () => ({
      paused: state.fault.mode === "paused",
      ...(state.fault.mode === "reject" ? { forcedCStat: String(state.fault.cStat) } : {}),
    }),
    note: (entry: Record<string, unknown>) => {
      state.notes.push({ at: clock.now().toISOString(), ...entry });
      if (state.notes.length > 1000) state.notes.splice(0, state.notes.length - 1000);
    },
  };
  const { server, stop } = createSimServer(
    { key: certs.serverKeyPem, cert: certs.serverCertPem },
    ctx,
    state,
  );
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://${host}:${port}`;
  const urls = Object.fromEntries(
    Object.entries(SIM_PATHS).map(([k, p]) => [k, `${url}${p}`]),
  ) as ServiceUrls;
  return {
    url,
    caFile: certs.caFile,
    caPem: certs.caPem,
    urls,
    setFault: (fault) => {
      state.fault = fault;
    },
    log: () => [...state.notes],
    close: () =>
      new Promise<void>((resolve) => {
        stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
