// The composition root of `nfce-kiosk start` (and `demo`): config -> HAL -> fiscal core -> watchdog
// -> sync engine -> service -> HTTP/UI, console, scheduler, systemd notifications. The only place
// that picks real bindings or simulators; everything is stopped in reverse order.
import { join } from "node:path";
import type { InitialUser } from "../auth/auth-store.js";
import { openUsersDatabase } from "../auth/user-repository.js";
import { type Clock, systemClock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import { LogRing } from "../console/log-ring.js";
import type { SoapTransport } from "../fiscal/sefaz/soap-transport.js";
import { createHal, type Hal } from "../hal/create-hal.js";
import type { Logger } from "../log.js";
import type { SefazSimulator } from "../sefaz-sim/index.js";
import { effectiveMode } from "../watchdog/link-state.js";
import {
  createLinkWatchdog,
  type LinkWatchdog,
  type LinkWatchdogOptions,
} from "../watchdog/link-watchdog.js";
import { watchdogSettings } from "../watchdog/watchdog-settings.js";
import { createFrontEnds } from "../web/create-front-ends.js";
import { createCanceller } from "./cancel-note.js";
import { consoleProviders } from "./console-wiring.js";
import { KioskServiceImpl } from "./kiosk-service-impl.js";
import { linkProbeFor } from "./link-probe.js";
import { type KioskCore, openCore } from "./open-core.js";
import { startPlatform } from "./platform-wiring.js";
import { createSyncEngine, type SyncEngine } from "./sync/sync-engine.js";

export interface RunServiceOptions {
  config: ResolvedConfig;
  log: Logger;
  clock?: Clock;
  /** Show receipts in the UI (the printer is simulated). */
  receiptPreview?: boolean;
  transport?: SoapTransport;
  /** Root of /sys, /proc, /run, /dev for probes and the clock check (tests use a temp tree). */
  root?: string;
  /** Replaces the tiered link probes (the demo probes only its embedded simulator). */
  probe?: (core: KioskCore) => LinkWatchdogOptions["probe"];
  /** Recent log lines for the technician console's `log` command. */
  logRing?: LogRing;
  /** The demo: an embedded simulator to steer from the UI, and a catalog to start with. */
  demo?: { simulator: SefazSimulator; catalogCsv: string };
  /** First run only (no users yet): these users instead of a generated supervisor PIN (tests, provisioning). */
  initialUsers?: InitialUser[];
}

export interface RunningService {
  url: string;
  service: KioskServiceImpl;
  core: KioskCore;
  hal: Hal;
  sync: SyncEngine;
  watchdog: LinkWatchdog;
  stop(): Promise<void>;
}

export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const { config, log } = options;
  const clock = options.clock ?? systemClock;
  const stops: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        log.warn("error while stopping", { error: err as Error });
      }
    }
  };
  try {
    const hal = await createHal(config.hardware, { log: log.child({ component: "hal" }), clock });
    stops.push(() => hal.stop());
    let service: KioskServiceImpl | undefined;
    const core = openCore({
      config,
      log: log.child({ component: "fiscal" }),
      clock,
      printer: hal.printer,
      ...(options.transport ? { transport: options.transport } : {}),
      ...(options.root ? { root: options.root } : {}),
      onReceipt: (chave, receipt) => service?.events.emit("receipt", { chave, lines: receipt.lines }),
    });
    stops.push(() => core.close());

    // Health is back: drain now, not at the sync engine's next idle check (up to 15 s later).
    let drainOnRecovery = () => {};
    const settings = watchdogSettings(config);
    const watchdog = createLinkWatchdog({
      clock,
      hysteresis: settings.hysteresis,
      timing: settings.timing,
      statusIntervalMs: settings.statusIntervalMs,
      probe: options.probe ? options.probe(core) : linkProbeFor(config, core, options.root ?? "/"),
      log: log.child({ component: "watchdog" }),
      onChange: (state, previous) => {
        core.contingency.apply(effectiveMode(state));
        if (effectiveMode(state).mode === "online" && effectiveMode(previous).mode !== "online")
          drainOnRecovery();
      },
    });
    core.contingency.attachWatchdog((cause, detail) => {
      watchdog.observe({ type: "probe-failed", cause, detail, immediate: true });
    });
    const sync = createSyncEngine({
      core,
      isOnline: () => watchdog.mode().mode === "online",
      log: log.child({ component: "sync" }),
    });
    stops.push(() => sync.stop());
    drainOnRecovery = () =>
      void sync
        .runRound()
        .catch((error: unknown) => log.warn("drain on recovery failed", { error: error as Error }));

    const audit = (who: string, action: string, detail: Record<string, unknown>) =>
      core.journal.recordAudit(who, action, detail);
    service = new KioskServiceImpl({ core, hal, watchdog, sync, canceller: createCanceller(core), audit });
    const svc = service;
    sync.on("progress", () => svc.publishStatus());
    // A background round ends with no status call: publish once it is over (after the engine clears
    // `draining`, hence setImmediate), or the UI keeps showing the drain bar.
    sync.on("round", () =>
      setImmediate(() => {
        try {
          svc.publishStatus();
        } catch (error) {
          log.warn("status after a sync round not published", { error: error as Error });
        }
      }),
    );
    hal.scanner.on("scan", (scan) => svc.events.emit("scan", { code: scan.code }));
    hal.scanner.on("rejected", (r) => svc.events.emit("scan", { rejected: r.message }));

    const usersDb = openUsersDatabase(join(config.dataDir, "users.db"));
    stops.push(() => {
      usersDb.close();
    });
    const frontEnds = await createFrontEnds({
      config,
      service,
      db: usersDb,
      clock,
      log: log.child({ component: "front-end" }),
      audit,
      ring: options.logRing ?? new LogRing(200),
      consoleProviders: consoleProviders({ config, core, hal, service, watchdog }),
      receiptPreview: options.receiptPreview ?? false,
      ...(options.initialUsers ? { initialUsers: options.initialUsers } : {}),
      ...(options.demo
        ? {
            demo: {
              setSefazFault: async (mode: "normal" | "down") => {
                options.demo!.simulator.setFault({ mode });
                void watchdog.probeNow();
              },
            },
          }
        : {}),
    });
    stops.push(() => frontEnds.stop());
    if (options.demo && frontEnds.catalog.count() === 0) frontEnds.catalog.importCsv(options.demo.catalogCsv);
    const app = frontEnds.app;
    await app.listen({ host: config.http.host, port: config.http.port });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.http.port;
    const url = `http://${config.http.host}:${port}`;

    watchdog.start();
    stops.push(() => watchdog.stop());
    sync.start();
    await startPlatform({ config, core, service, sync, clock, log, stops });
    service.publishStatus();
    log.info("kiosk service ready", { url, mode: service.status().mode });
    return { url, service, core, hal, sync, watchdog, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
