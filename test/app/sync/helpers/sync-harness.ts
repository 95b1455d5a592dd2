// A kiosk core (real journal in a temp dir, the project's test A1, the pre-print gate) wired to the
// SEFAZ simulator over real TLS on loopback, both on one hand-moved clock, plus the sync engine.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type KioskCore, openCore } from "../../../../src/app/open-core.js";
import { createSyncEngine, type SyncEngine } from "../../../../src/app/sync/sync-engine.js";
import { ManualClock } from "../../../../src/clock.js";
import { resolveConfig, validateConfig } from "../../../../src/config/load-config.js";
import { loadPkcs12 } from "../../../../src/fiscal/certificate.js";
import { createHttpsTransport } from "../../../../src/fiscal/sefaz/https-transport.js";
import type { SoapTransport } from "../../../../src/fiscal/sefaz/soap-transport.js";
import { silentLogger } from "../../../../src/log.js";
import type { SefazSimulator } from "../../../../src/sefaz-sim/index.js";
import { CERTS, SHARED_DIR } from "../../../helpers/shared.js";
import {
  type SimView,
  simControl,
  simTestConfig,
  startTestSimulator,
} from "../../../helpers/test-simulator.js";

export { oneItemSale as sale, TEST_CSC as CSC } from "../../../helpers/test-config.js";
export { duplicateAnswers, type SimView } from "../../../helpers/test-simulator.js";

/** 10:00 in São Paulo on a Sunday; every instant in these tests is explicit UTC (TZ-proof). */
export const START = "2026-11-22T13:00:00Z";

export interface HarnessOptions {
  qrCodeVersion?: 2 | 3;
  seed?: number;
  /** config.sefaz.onlineWaitMs: generous by default so that a loaded CI host does not go offline. */
  onlineWaitMs?: number;
  /** config.sefaz.timeoutMs (minimum 1000). */
  timeoutMs?: number;
  /** The gate's XSD step (slow under load): off unless the test is about the gate; the simulator validates every request anyway. */
  gateXsd?: "auto" | "off";
  /** SEFAZ's clock this far ahead of the kiosk's (clock skew). */
  simAheadMs?: number;
  /** The simulated SEFAZ's consumption limits before 656. */
  simLimits?: Record<string, number>;
  /** Wraps the real https transport (TLS to the simulator) to watch the requests. */
  wrapTransport?: (t: SoapTransport) => SoapTransport;
}

export function configObject(dir: string, sim: SefazSimulator, extra: HarnessOptions = {}) {
  return simTestConfig(dir, sim, {
    qrCodeVersion: extra.qrCodeVersion ?? 2,
    sefaz: {
      timeoutMs: extra.timeoutMs ?? 4000,
      onlineWaitMs: extra.onlineWaitMs ?? 4000,
      drainConcurrency: 2,
    },
    gate: { xsd: extra.gateXsd ?? "off", schemasDir: join(SHARED_DIR, "schemas", "PL_010_V1.30") },
  });
}

/** Deterministic cNF source (a fixed-seed LCG), so runs are reproducible. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface SyncHarness {
  dir: string;
  clock: ManualClock;
  sim: SefazSimulator;
  core: KioskCore;
  engine: SyncEngine;
  /** GET /_sim/notes: what the simulated SEFAZ holds. */
  simView(): Promise<SimView>;
  setFault(fault: Parameters<SefazSimulator["setFault"]>[0]): Promise<void>;
  close(): Promise<void>;
}

export async function startSyncHarness(options: HarnessOptions = {}): Promise<SyncHarness> {
  const dir = mkdtempSync(join(tmpdir(), "sync-test-"));
  const clock = new ManualClock(START);
  const sim = await startTestSimulator(dir, {
    clock: { now: () => new Date(clock.now().getTime() + (options.simAheadMs ?? 0)) },
    ...(options.simLimits ? { limits: options.simLimits } : {}),
  });
  const config = resolveConfig(validateConfig(configObject(dir, sim, options)), dir);
  const id = loadPkcs12(readFileSync(CERTS.cnpj.path), CERTS.cnpj.password);
  const https = createHttpsTransport({
    privateKeyPem: id.privateKeyPem,
    certificatePem: id.certificatePem,
    extraCaPem: sim.caPem,
  });
  const core = openCore({
    config,
    log: silentLogger,
    clock,
    random: seeded(options.seed ?? 42),
    ...(options.wrapTransport ? { transport: options.wrapTransport(https) } : {}),
  });
  const engine = createSyncEngine({ core, isOnline: () => true, log: silentLogger });
  await core.sefaz!.status(); // warms TLS and the simulator's schema check before timed steps
  return {
    dir,
    clock,
    sim,
    core,
    engine,
    ...simControl(sim),
    close: async () => {
      await engine.stop();
      core.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits (polling the simulator, no fixed sleep) until SEFAZ holds this key. */
export async function untilSimHas(h: SyncHarness, chave: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await h.simView()).notes.some((n) => n.chave === chave)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the simulator never received ${chave}`);
}
