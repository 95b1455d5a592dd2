// What wakes the scheduler up. The real binding is node-cron (timers on the system clock, in the
// given time zone); the manual one lets tests and the simulator fire ticks at will. A tick only
// asks "is anything due?": the decision itself uses the injected Clock, so both bindings agree.
import cron from "node-cron";
import type { Logger } from "../log.js";

export interface ArmedTrigger {
  stop(): void;
}

export interface CronTrigger {
  arm(expression: string, timezone: string, name: string, onTick: () => void): ArmedTrigger;
}

export function nodeCronTrigger(logger: Logger): CronTrigger {
  const cronLogger = {
    info: (message: string) => logger.debug(message),
    warn: (message: string) => logger.warn(message),
    error: (message: string | Error, err?: Error) => logger.error(String(message), { err }),
    debug: (message: string | Error) => logger.debug(String(message)),
  };
  return {
    arm(expression, timezone, name, onTick) {
      // The scheduler catches up missed runs itself; node-cron's "missed execution" warning is noise.
      const task = cron.schedule(expression, () => onTick(), {
        timezone,
        name,
        noOverlap: true,
        suppressMissedWarning: true,
        logger: cronLogger,
      });
      return { stop: () => void task.destroy() };
    },
  };
}

/** A trigger driven by hand: fire() ticks every armed schedule (tests, demo, simulator). */
export class ManualCronTrigger implements CronTrigger {
  private readonly armed = new Map<number, { expression: string; name: string; onTick: () => void }>();
  private nextId = 0;

  arm(expression: string, _timezone: string, name: string, onTick: () => void): ArmedTrigger {
    const id = this.nextId++;
    this.armed.set(id, { expression, name, onTick });
    return { stop: () => void this.armed.delete(id) };
  }

  get armedNames(): string[] {
    return [...this.armed.values()].map((a) => a.name);
  }

  fire(): void {
    for (const a of [...this.armed.values()]) a.onTick();
  }
}
