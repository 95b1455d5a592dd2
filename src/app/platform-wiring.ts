// The service's long-lived companions: scheduled jobs (with catch-up after power-off), the systemd
// READY/WATCHDOG notifications, the technician console, and the crash recovery at start.
import type { Clock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import { backupJournal } from "../journal/backup.js";
import type { Logger } from "../log.js";
import { nodeCronTrigger } from "../scheduler/cron-trigger.js";
import { createExpiryWarningJob } from "../scheduler/expiry-warnings.js";
import { JobScheduler } from "../scheduler/job-scheduler.js";
import { KIOSK_SCHEDULE, kioskJobs } from "../scheduler/kiosk-schedule.js";
import type { ScheduleStore } from "../scheduler/schedule-store.js";
import { execFileRunner } from "../watchdog/command-runner.js";
import { realTimers } from "../watchdog/link-watchdog.js";
import {
  createLoopLagMonitor,
  createSdNotifier,
  createWatchdogPinger,
  watchdogIntervalMs,
} from "../watchdog/sd-notify.js";
import { JOURNAL_CHECK_KEY, type KioskServiceImpl } from "./kiosk-service-impl.js";
import type { KioskCore } from "./open-core.js";
import type { SyncEngine } from "./sync/sync-engine.js";

export interface PlatformDeps {
  config: ResolvedConfig;
  core: KioskCore;
  service: KioskServiceImpl;
  sync: SyncEngine;
  clock: Clock;
  log: Logger;
  stops: Array<() => Promise<void> | void>;
}

function scheduleStoreOn(core: KioskCore): ScheduleStore {
  return {
    get: (job) => core.journal.getState<string>(`schedule.${job}`),
    set: (job, iso) => core.journal.setState(`schedule.${job}`, iso),
  };
}

/** Receipts younger than this are printed again at start; older ones wait for a manual reprint. */
const RECOVERY_REPRINT_WINDOW_MS = 15 * 60_000;

/**
 * Resolves what a crash left half-way (journal recoveryPlan): online attempts signed but never handed
 * to SEFAZ cannot be there, so their numbers go to voiding; receipts that may not have reached a
 * customer still at the counter are printed again. Notes that may be at SEFAZ are queried by the
 * sync engine before anything is resent.
 */
async function recoverAfterCrash(core: KioskCore, log: Logger): Promise<void> {
  const plan = core.journal.recoveryPlan();
  for (const note of plan.notSent) {
    core.journal.transition(
      note.chave,
      "abandoned",
      { reason: "signed but never sent before a restart" },
      "recovery",
    );
    log.warn("online attempt never sent before a restart: its number will be voided", { chave: note.chave });
  }
  const now = core.clock.now().getTime();
  for (const note of plan.reprint) {
    if (now - Date.parse(note.dhEmi) > RECOVERY_REPRINT_WINDOW_MS) {
      log.warn("receipt not printed; reprint it from the panel", { chave: note.chave });
      continue;
    }
    const r = await core.receipts.printNote(note.chave, "recovery");
    log.warn("receipt reprinted after a restart", { chave: note.chave, printed: r.printed });
  }
}

export async function startPlatform(deps: PlatformDeps): Promise<void> {
  const { config, core, service, clock, log, stops } = deps;
  await recoverAfterCrash(core, log);

  const store = scheduleStoreOn(core);
  const jobs = kioskJobs(
    {
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
      // Between sales (the event loop runs one at a time); keeps the WAL file small on the card.
      walCheckpoint: () => {
        if (!core.journal.checkpoint()) log.info("WAL checkpoint deferred: a reader held the journal");
      },
      journalCheck: () => {
        const result = core.journal.verify();
        core.journal.setState(JOURNAL_CHECK_KEY, {
          at: clock.now().toISOString(),
          ok: result.ok,
          problems: result.problems.length,
        });
        if (!result.ok)
          log.error("journal verify found problems", { problems: result.problems.slice(0, 10) });
        service.publishStatus();
      },
      expiryWarnings: createExpiryWarningJob({
        store,
        items: () => [
          { subject: "certificado digital", expiresAt: core.identity.notAfter },
          ...(config.csc?.expiresAt
            ? [{ subject: "CSC", expiresAt: new Date(`${config.csc.expiresAt}T23:59:59-03:00`) }]
            : []),
        ],
        warn: (w) =>
          log.warn(`${w.subject} vence em ${w.daysLeft} dia(s) (${w.expiresAt})`, {
            subject: w.subject,
            daysLeft: w.daysLeft,
          }),
      }),
    },
    { ...KIOSK_SCHEDULE, backup: { ...KIOSK_SCHEDULE.backup, cron: config.backup.cron } },
  );
  const scheduler = new JobScheduler({ jobs, store, clock, trigger: nodeCronTrigger(log), logger: log });
  stops.push(() => scheduler.stop());
  void scheduler.start().catch((err) => log.error("scheduler start failed", { error: err as Error }));

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
