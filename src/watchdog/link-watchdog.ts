// The imperative shell around nextLinkState: runs the probes on a timer (backing off while the
// link fails), feeds in observations from sales and operators, and reports changes.
import type { Clock } from "../clock.js";
import { type Logger, silentLogger } from "../log.js";
import {
  DEFAULT_HYSTERESIS,
  DEFAULT_PROBE_TIMING,
  type EffectiveMode,
  effectiveMode,
  type HysteresisConfig,
  initialLinkState,
  type LinkObservation,
  type LinkState,
  nextLinkState,
  nextProbeDelayMs,
  type ProbeTiming,
} from "./link-state.js";

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LinkWatchdogOptions {
  clock: Clock;
  /** One round of tiered probes, e.g. (o) => runLinkProbes(deps, o).then((r) => r.observation). */
  probe: (options: { includeStatus: boolean }) => Promise<LinkObservation>;
  timers?: Timers;
  hysteresis?: HysteresisConfig;
  timing?: ProbeTiming;
  /** While online, the status service (a SEFAZ request) runs at most this often; always while offline. */
  statusIntervalMs?: number;
  /** Called when the effective mode, the cause or the automatic status changes. */
  onChange?: (state: LinkState, previous: LinkState) => void;
  log?: Logger;
}

export interface LinkWatchdog {
  start(): void;
  stop(): void;
  /** Feeds an observation from outside the probes: an authorization timeout, an operator's command. */
  observe(observation: LinkObservation): LinkState;
  /** Runs a probe round now (or joins the one running) and returns the new state. */
  probeNow(): Promise<LinkState>;
  state(): LinkState;
  mode(): EffectiveMode;
}

function changeKey(s: LinkState): string {
  const m = effectiveMode(s);
  return `${s.status}|${m.mode}|${m.cause}|${s.cause}|${s.override?.mode ?? ""}`;
}

export function createLinkWatchdog(options: LinkWatchdogOptions): LinkWatchdog {
  const timers = options.timers ?? realTimers;
  const hysteresis = options.hysteresis ?? DEFAULT_HYSTERESIS;
  const timing = options.timing ?? DEFAULT_PROBE_TIMING;
  const statusIntervalMs = options.statusIntervalMs ?? 300_000;
  const log = options.log ?? silentLogger;
  let state = initialLinkState(options.clock.now());
  let running = false;
  let timer: unknown = null;
  let inFlight: Promise<LinkState> | null = null;
  let lastStatusAt: number | null = null;

  const apply = (observation: LinkObservation): LinkState => {
    const previous = state;
    state = nextLinkState(state, observation, options.clock.now(), hysteresis);
    if (changeKey(previous) !== changeKey(state)) {
      log.info("link state changed", { status: state.status, cause: state.cause, detail: state.detail });
      options.onChange?.(state, previous);
    }
    return state;
  };

  const schedule = (ms: number) => {
    if (!running) return;
    if (timer !== null) timers.clear(timer);
    timer = timers.set(() => {
      timer = null;
      void probeNow();
    }, ms);
  };

  const probeNow = (): Promise<LinkState> => {
    if (inFlight !== null) return inFlight;
    const now = options.clock.now().getTime();
    const includeStatus =
      state.status === "offline" || lastStatusAt === null || now - lastStatusAt >= statusIntervalMs;
    if (includeStatus) lastStatusAt = now;
    inFlight = options
      .probe({ includeStatus })
      .then(
        (observation) => {
          apply(observation);
          return nextProbeDelayMs(state, timing, hysteresis);
        },
        (error: unknown) => {
          // A broken probe is a bug, not a link fact: keep the decision, retry at the slowest pace.
          log.error("link probe crashed", { error });
          return timing.backoffCapMs;
        },
      )
      .then((delay) => {
        inFlight = null;
        schedule(delay);
        return state;
      });
    return inFlight;
  };

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    stop() {
      running = false;
      if (timer !== null) timers.clear(timer);
      timer = null;
    },
    observe(observation) {
      const next = apply(observation);
      // After an authorization timeout, start probing for recovery right away.
      if (observation.type === "authorization-timeout" && inFlight === null)
        schedule(nextProbeDelayMs(next, timing));
      return next;
    },
    probeNow,
    state: () => state,
    mode: () => effectiveMode(state),
  };
}
