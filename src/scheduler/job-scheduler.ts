// Runs the kiosk's periodic jobs (backups, gap voiding, deadline escalation, expiry warnings,
// archives, WAL checkpoints). Triggers only wake it up; what runs is decided from the injected
// Clock and the persisted last runs, so a job missed while the Pi was off runs at start.
import type { Clock } from "../clock.js";
import { KioskError } from "../errors.js";
import { type Logger, silentLogger } from "../log.js";
import { type CronSchedule, nextOccurrence, parseCronSchedule } from "./cron-schedule.js";
import type { ArmedTrigger, CronTrigger } from "./cron-trigger.js";
import { dueRun, parseLastRun } from "./due-run.js";
import type { ScheduleStore } from "./schedule-store.js";

export const KIOSK_TIMEZONE = "America/Sao_Paulo";
/** Also wakes the scheduler between job times: retries failed jobs, notices clock jumps. */
export const SWEEP_CRON = "*/5 * * * *";
const DEFAULT_RETRY_DELAY_MS = 15 * 60_000;
const DEFAULT_TIMEOUT_MS = 15 * 60_000;
/** A run starting this long after its scheduled time is reported as late (caught up). */
const LATE_AFTER_MS = 60_000;

export interface JobContext {
  name: string;
  /** The scheduled time this run stands for (may be days ago after a power-off). */
  scheduledAt: Date;
  startedAt: Date;
  /** True when the run is a catch-up rather than on time. */
  late: boolean;
  lastRunAt: Date | undefined;
}

/** `{deferred}`: not now (e.g. not idle); the run is not recorded and is tried again at the next wake-up. */
export type JobResult = undefined | { deferred: string };
export type JobRun = (context: JobContext) => JobResult | Promise<JobResult> | void | Promise<void>;

export interface JobDefinition {
  name: string;
  cron: string;
  run: JobRun;
  /** After a failure, do not retry before this delay (default 15 min). */
  retryDelayMs?: number;
  /** A run still going after this is reported failed (default 15 min); it is not killed. */
  timeoutMs?: number;
}

export interface JobSchedulerOptions {
  jobs: readonly JobDefinition[];
  store: ScheduleStore;
  clock: Clock;
  trigger: CronTrigger;
  logger?: Logger;
  timezone?: string;
  /** Jobs run only while this is true (e.g. the clock is trusted). */
  canRun?: () => boolean;
}

export type JobOutcome = "ok" | "deferred" | "failed";

export interface JobRunReport {
  name: string;
  outcome: JobOutcome;
  scheduledAt: string;
  late: boolean;
  detail?: string;
}

export interface JobStatus {
  name: string;
  cron: string;
  lastRunAt: string | undefined;
  nextRunAt: string | undefined;
  lastError: string | undefined;
}

interface ScheduledJob {
  definition: JobDefinition;
  schedule: CronSchedule;
  failedAt?: number;
  lastError?: string;
}

export class JobScheduler {
  private readonly jobs: ScheduledJob[];
  private readonly logger: Logger;
  private readonly timezone: string;
  private armed: ArmedTrigger[] = [];
  private inFlight: Promise<JobRunReport[]> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private again = false;

  constructor(private readonly options: JobSchedulerOptions) {
    this.timezone = options.timezone ?? KIOSK_TIMEZONE;
    this.logger = (options.logger ?? silentLogger).child({ component: "scheduler" });
    const names = new Set<string>();
    this.jobs = options.jobs.map((definition) => {
      if (names.has(definition.name)) throw new Error(`duplicate job name: ${definition.name}`);
      names.add(definition.name);
      return { definition, schedule: parseCronSchedule(definition.cron, this.timezone) };
    });
  }

  /** Arms the triggers, then catches up every job missed while the kiosk was off. Idempotent. */
  start(): Promise<JobRunReport[]> {
    if (this.armed.length === 0) {
      const tick = () => void this.runDue();
      this.armed = this.jobs.map((j) =>
        this.options.trigger.arm(j.definition.cron, this.timezone, j.definition.name, tick),
      );
      this.armed.push(this.options.trigger.arm(SWEEP_CRON, this.timezone, "sweep", tick));
    }
    return this.runDue();
  }

  /** Disarms the triggers. A run in progress finishes; idempotent. */
  stop(): void {
    for (const a of this.armed) a.stop();
    this.armed = [];
  }

  /** Runs every due job once, in table order. Concurrent calls share one pass (plus one re-check). */
  runDue(): Promise<JobRunReport[]> {
    if (this.inFlight !== undefined) {
      this.again = true;
      return this.inFlight;
    }
    const pass = async () => {
      const reports: JobRunReport[] = [];
      do {
        this.again = false;
        reports.push(...(await this.runDueOnce()));
      } while (this.again);
      return reports;
    };
    this.inFlight = this.exclusive(pass).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Runs one job now, due or not (technician console), after any pass in progress. */
  runNow(name: string): Promise<JobRunReport> {
    const job = this.jobs.find((j) => j.definition.name === name);
    if (job === undefined) {
      return Promise.reject(
        new KioskError("KIOSK_ERR_NOT_FOUND", `no scheduled job named "${name}"`, { field: "job" }),
      );
    }
    return this.exclusive(() => {
      const now = this.options.clock.now();
      return this.runJob(job, now, parseLastRun(this.readStore(name), now));
    });
  }

  // One job at a time: scheduled passes and manual runs queue behind each other.
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  status(): JobStatus[] {
    const now = this.options.clock.now();
    return this.jobs.map((j) => ({
      name: j.definition.name,
      cron: j.definition.cron,
      lastRunAt: parseLastRun(this.readStore(j.definition.name), now)?.toISOString(),
      nextRunAt: nextOccurrence(j.schedule, now)?.toISOString(),
      lastError: j.lastError,
    }));
  }

  private async runDueOnce(): Promise<JobRunReport[]> {
    if (this.options.canRun !== undefined && !this.options.canRun()) {
      this.logger.debug("jobs held back: canRun() is false");
      return [];
    }
    const reports: JobRunReport[] = [];
    for (const job of this.jobs) {
      const now = this.options.clock.now();
      const retryDelay = job.definition.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
      if (job.failedAt !== undefined && now.getTime() < job.failedAt + retryDelay) continue;
      const decision = dueRun(job.schedule, parseLastRun(this.readStore(job.definition.name), now), now);
      if (decision.due) reports.push(await this.runJob(job, decision.scheduledAt, decision.lastRunAt));
    }
    return reports;
  }

  private async runJob(
    job: ScheduledJob,
    scheduledAt: Date,
    lastRunAt: Date | undefined,
  ): Promise<JobRunReport> {
    const { name } = job.definition;
    const startedAt = this.options.clock.now();
    const late = startedAt.getTime() - scheduledAt.getTime() > LATE_AFTER_MS;
    const report = (outcome: JobOutcome, detail?: string): JobRunReport => ({
      name,
      outcome,
      scheduledAt: scheduledAt.toISOString(),
      late,
      ...(detail === undefined ? {} : { detail }),
    });
    this.logger.info("job started", { job: name, scheduledAt: scheduledAt.toISOString(), late });
    try {
      const result = await withTimeout(
        Promise.resolve().then(() => job.definition.run({ name, scheduledAt, startedAt, late, lastRunAt })),
        job.definition.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        name,
      );
      if (result && typeof result === "object" && "deferred" in result) {
        this.logger.info("job deferred", { job: name, reason: result.deferred });
        return report("deferred", result.deferred);
      }
      // The start time is recorded: an occurrence that falls during a long run is still due after it.
      this.options.store.set(name, startedAt.toISOString());
      job.failedAt = undefined;
      job.lastError = undefined;
      this.logger.info("job finished", { job: name });
      return report("ok");
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      job.failedAt = this.options.clock.now().getTime();
      job.lastError = message;
      this.logger.error("job failed", { job: name, err });
      return report("failed", message);
    }
  }

  private readStore(name: string): string | undefined {
    try {
      return this.options.store.get(name);
    } catch (err) {
      this.logger.error("schedule store unreadable; job counts as never run", { job: name, err });
      return undefined;
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`job ${name} still running after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
