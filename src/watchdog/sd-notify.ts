// systemd readiness and watchdog through the `systemd-notify` program (Node has no AF_UNIX datagram
// sockets; platform-notes §5). Needs NotifyAccess=all in the unit. A no-op without NOTIFY_SOCKET.
import type { Clock } from "../clock.js";
import { type Logger, silentLogger } from "../log.js";
import type { CommandRunner } from "./command-runner.js";
import type { Timers } from "./link-watchdog.js";

export interface SdNotifier {
  /** False when not started by systemd (no NOTIFY_SOCKET): every call does nothing. */
  readonly enabled: boolean;
  ready(status?: string): Promise<boolean>;
  status(text: string): Promise<boolean>;
  watchdog(): Promise<boolean>;
  stopping(): Promise<boolean>;
}

export interface SdNotifierOptions {
  run: CommandRunner;
  env?: Record<string, string | undefined>;
  log?: Logger;
}

// STATUS= is one line of text; systemd shows it in `systemctl status`.
const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ").slice(0, 200);

export function createSdNotifier(options: SdNotifierOptions): SdNotifier {
  const env = options.env ?? process.env;
  const log = options.log ?? silentLogger;
  const enabled = (env.NOTIFY_SOCKET ?? "") !== "";
  const send = async (...assignments: string[]): Promise<boolean> => {
    if (!enabled) return false;
    const r = await options.run("systemd-notify", assignments, { timeoutMs: 10_000 });
    if (r.code !== 0)
      log.warn("systemd-notify failed", { assignments, code: r.code, stderr: r.stderr.trim() });
    return r.code === 0;
  };
  return {
    enabled,
    ready: (status) =>
      status === undefined ? send("READY=1") : send("READY=1", `STATUS=${oneLine(status)}`),
    status: (text) => send(`STATUS=${oneLine(text)}`),
    watchdog: () => send("WATCHDOG=1"),
    stopping: () => send("STOPPING=1"),
  };
}

/** Half of WATCHDOG_USEC in ms (systemd's advice), or null when the unit has no WatchdogSec. */
export function watchdogIntervalMs(env: Record<string, string | undefined> = process.env): number | null {
  const usec = Number(env.WATCHDOG_USEC ?? "");
  if (!Number.isFinite(usec) || usec <= 0) return null;
  return Math.max(500, Math.floor(usec / 2000));
}

export interface LoopLagMonitor {
  start(): void;
  stop(): void;
  /** Lateness of the last tick and time since it; both large when the event loop is blocked. */
  sample(): { lagMs: number; sinceTickMs: number };
}

/** Measures event-loop lag: a timer that should fire every intervalMs, and how late it really fires. */
export function createLoopLagMonitor(options: {
  clock: Clock;
  timers: Timers;
  intervalMs?: number;
}): LoopLagMonitor {
  const intervalMs = options.intervalMs ?? 500;
  let handle: unknown = null;
  let expectedAt = 0;
  let lastTickAt = options.clock.now().getTime();
  let lagMs = 0;
  const arm = () => {
    expectedAt = options.clock.now().getTime() + intervalMs;
    handle = options.timers.set(tick, intervalMs);
  };
  const tick = () => {
    const now = options.clock.now().getTime();
    lagMs = Math.max(0, now - expectedAt);
    lastTickAt = now;
    arm();
  };
  return {
    start() {
      if (handle !== null) return;
      lastTickAt = options.clock.now().getTime();
      arm();
    },
    stop() {
      if (handle !== null) options.timers.clear(handle);
      handle = null;
    },
    sample: () => ({ lagMs, sinceTickMs: options.clock.now().getTime() - lastTickAt }),
  };
}

export interface WatchdogPingerOptions {
  notifier: SdNotifier;
  clock: Clock;
  timers: Timers;
  /** watchdogIntervalMs(env); no pings when null. */
  intervalMs: number | null;
  loop: LoopLagMonitor;
  /** e.g. a cheap journal write/read check; false withholds the ping so systemd restarts us. */
  journalHealthy: () => boolean | Promise<boolean>;
  maxLagMs?: number;
  log?: Logger;
}

export interface WatchdogPinger {
  start(): void;
  stop(): void;
  /** One health check; sends WATCHDOG=1 only when healthy. Returns whether it pinged. */
  tick(): Promise<boolean>;
}

/** WATCHDOG=1 only while the event loop is responsive and the journal is healthy (style.md §7.12). */
export function createWatchdogPinger(options: WatchdogPingerOptions): WatchdogPinger {
  const maxLagMs = options.maxLagMs ?? 2_000;
  const log = options.log ?? silentLogger;
  let handle: unknown = null;
  const tick = async (): Promise<boolean> => {
    const { lagMs, sinceTickMs } = options.loop.sample();
    const loopOk = lagMs <= maxLagMs && sinceTickMs <= maxLagMs + 1_000;
    let journalOk = false;
    try {
      journalOk = await options.journalHealthy();
    } catch (error) {
      log.error("journal health check failed", { error });
    }
    if (!loopOk || !journalOk) {
      log.warn("withholding systemd watchdog ping", { lagMs, sinceTickMs, journalOk });
      return false;
    }
    return options.notifier.watchdog();
  };
  const loop = () => {
    handle = options.timers.set(() => {
      void tick().finally(() => {
        if (handle !== null) loop();
      });
    }, options.intervalMs ?? 0);
  };
  return {
    start() {
      if (handle !== null || options.intervalMs === null || !options.notifier.enabled) return;
      options.loop.start();
      loop();
    },
    stop() {
      if (handle !== null) options.timers.clear(handle);
      handle = null;
      options.loop.stop();
    },
    tick,
  };
}
