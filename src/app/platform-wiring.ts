// The service's long-lived companions: scheduled jobs (with catch-up after power-off), the systemd
// READY/WATCHDOG notifications, the technician console, and the crash recovery at start.
import type { AuthStore } from "../auth/auth-store.js";
import type { Clock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import type { Hal } from "../hal/create-hal.js";
import type { LogRing } from "../console/log-ring.js";
import { backupJournal } from "../journal/backup.js";
import type { Logger } from "../log.js";
import { nodeCronTrigger } from "../scheduler/cron-trigger.js";
import { createExpiryWarningJob } from "../scheduler/expiry-warnings.js";
import { JobScheduler } from "../scheduler/job-scheduler.js";
import { kioskJobs } from "../scheduler/kiosk-schedule.js";
import type { ScheduleStore } from "../scheduler/schedule-store.js";
import { execFileRunner } from "../watchdog/command-runner.js";
import type { LinkWatchdog } from "../watchdog/link-watchdog.js";
import { realTimers } from "../watchdog/link-watchdog.js";
import {
  createLoopLagMonitor,
  createSdNotifier,
  createWatchdogPinger,
  watchdogIntervalMs,
} from "../watchdog/sd-notify.js";
import { startTechnicianConsole } from "./console-wiring.js";
import type { KioskServiceImpl } from "./kiosk-service-impl.js";
import type { KioskCore } from "./open-core.js";
import type { SyncEngine } from "./sync/sync-engine.js";

export interface PlatformDeps {
  config: ResolvedConfig;
  core: KioskCore;
  hal: Hal;
  service: KioskServiceImpl;
  sync: SyncEngine;
  watchdog: LinkWatchdog;
  auth: AuthStore;
  clock: Clock;
  log: Logger;
  stops: Array<() => Promise<void> | void>;
  logRing?: LogRing;
}

function scheduleStoreOn(core: KioskCore): ScheduleStore {
  return {
    get: (job) => core.journal.getState<string>(`schedule.${job}`),
    set: (job, iso) => core.journal.setState(`schedule.${job}`, iso),
  };
}

/** Receipts a crash may have kept from the customer are printed again at start. */
async function recoverReceipts(core: KioskCore, log: Logger): Promise<void> {
  for (const note of core.journal.recoveryPlan().reprint) {
    const r = await core.receipts.printNote(note.chave, "recovery");
    log.warn("receipt reprinted after a restart", { chave: note.chave, printed: r.printed });
  }
}

export async function startPlatform(deps: PlatformDeps): Promise<void> {
  const { config, core, service, clock, log, stops } = deps;
  await recoverReceipts(core, log);

  const store = scheduleStoreOn(core);
  const jobs = kioskJobs({
    ...(config.backup.dir
      ? {
          backup: async () => {
            await backupJournal(core.journal, config.backup.dir as string, config.backup.keep, clock);
          },
        }
      : {}),
    // A sync round voids open gaps and abandoned numbers (well before the 10th).
    voidGaps: async () => {
      await deps.sync.runRound();
    },
    deadlineEscalation: () => service.publishStatus(),
    expiryWarnings: createExpiryWarningJob({
      store,
      items: () => [
        { subject: "certificado digital", expiresAt: core.identity.notAfter },
        ...(config.csc?.expiresAt ? [{ subject: "CSC", expiresAt: new Date(`${config.csc.expiresAt}T23:59:59-03:00`) }] : []),
      ],
      warn: (w) =>
        log.warn(`${w.subject} vence em ${w.daysLeft} dia(s) (${w.expiresAt})`, { subject: w.subject, daysLeft: w.daysLeft }),
    }),
  });
  const scheduler = new JobScheduler({ jobs, store, clock, trigger: nodeCronTrigger(log), logger: log });
  stops.push(() => scheduler.stop());
  void scheduler.start().catch((err) => log.error("scheduler start failed", { error: err as Error }));

  const consoleHandle = await startTechnicianConsole(deps);
  if (consoleHandle) stops.push(() => consoleHandle.stop());

  const notifier = createSdNotifier({ run: execFileRunner, log });
  const loop = createLoopLagMonitor({ clock, timers: realTimers });
  const pinger = createWatchdogPinger({
    notifier,
    clock,
    timers: realTimers,
    intervalMs: watchdogIntervalMs(),
    loop,
    journalHealthy: () => core.journal.nextNumber(config.series) > 0,
    log,
  });
  loop.start();
  pinger.start();
  stops.push(() => {
    pinger.stop();
    loop.stop();
    void notifier.stopping();
  });
  await notifier.ready(`NFC-e ${service.status().mode}`);
}
