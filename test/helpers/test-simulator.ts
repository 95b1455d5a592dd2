// The SEFAZ simulator as the end-to-end tests run it (state in <dir>/sim, the test CSC registered,
// every request checked against the shared XSDs), the config that points a kiosk at it, and the
// control calls through which a test looks at what SEFAZ holds and injects faults.
import { request } from "node:https";
import { join } from "node:path";
import {
  type SefazSimulator,
  type SefazSimulatorOptions,
  type SimFault,
  startSefazSimulator,
} from "../../src/sefaz-sim/index.js";
import { CERTS, SHARED_DIR } from "./shared.js";
import { rawTestConfig, TEST_CSC } from "./test-config.js";

export function startTestSimulator(
  dir: string,
  options: Pick<SefazSimulatorOptions, "clock" | "limits"> = {},
): Promise<SefazSimulator> {
  return startSefazSimulator({
    dataDir: join(dir, "sim"),
    cscs: { [TEST_CSC.id]: TEST_CSC.token },
    sharedDir: SHARED_DIR,
    ...options,
  });
}

/**
 * A homologação config for a kiosk in `dir` that talks to `sim` with the project's test A1 and
 * trusts its own clock; `overrides` replace top-level keys, except `sefaz`, which adds to the
 * simulator's URLs and CA.
 */
export function simTestConfig<T extends { sefaz?: object }>(
  dir: string,
  sim: SefazSimulator,
  overrides: T = {} as T,
) {
  return rawTestConfig({
    environment: "homologacao",
    dataDir: join(dir, "data"),
    certificate: { path: CERTS.cnpj.path, password: CERTS.cnpj.password },
    csc: TEST_CSC,
    clock: { trust: "always" },
    ...overrides,
    sefaz: { urls: sim.urls, caFile: sim.caFile, ...overrides.sefaz },
  });
}

/** GET /_sim/notes: what the simulated SEFAZ holds. */
export interface SimView {
  notes: Array<{
    chave: string;
    cStat: string;
    nProt: string;
    cancelled: boolean;
    events: Array<{ tpEvento: string }>;
  }>;
  inutilized: Array<{ serie: number; nNFIni: number; nNFFin: number }>;
  log: Array<{ service?: string; chave?: string; cStat?: string; tpEvento?: string }>;
}

export interface SimControl {
  simView(): Promise<SimView>;
  setFault(fault: SimFault): Promise<void>;
}

export function simControl(sim: SefazSimulator): SimControl {
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
  return {
    simView: () => control("GET", "/_sim/notes") as Promise<SimView>,
    setFault: async (fault) => {
      await control("POST", "/_sim/faults", fault);
    },
  };
}

/** The simulator's answers that must never come from our own doing (duplicates). */
export function duplicateAnswers(view: SimView): SimView["log"] {
  return view.log.filter((e) => e.cStat === "204" || e.cStat === "539");
}
