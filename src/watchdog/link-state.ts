// Link health with hysteresis: a pure state machine. Probes and authorization attempts produce
// observations; nextLinkState folds them into a decision (online or offline, with the cause kept).
// Thresholds follow platform-notes §8: offline after N consecutive failures (an authorization
// timeout or a SEFAZ pause: at once), online again after M successes spread over >= T plus a dwell.

export type LinkCause = "lan" | "lte" | "internet" | "sefaz-down" | "sefaz-slow" | "sefaz-paused";

export const LINK_CAUSES: readonly LinkCause[] = [
  "lan",
  "lte",
  "internet",
  "sefaz-down",
  "sefaz-slow",
  "sefaz-paused",
];

export type LinkObservation =
  | { type: "probe-ok"; detail?: string }
  | { type: "probe-failed"; cause: LinkCause; detail?: string; immediate?: boolean }
  /** A sale's online authorization did not answer within sefaz.onlineWaitMs: offline at once. */
  | { type: "authorization-timeout"; detail?: string }
  | { type: "manual-enter"; by: string; reason: string }
  | { type: "manual-exit"; by: string; reason: string }
  | { type: "manual-release"; by: string };

export interface ManualOverride {
  mode: "online" | "contingency";
  by: string;
  reason: string;
  at: Date;
}

export interface LinkState {
  /** The automatic decision. */
  status: "online" | "offline";
  /** Why the link is (or last went) offline; null while online with no failure seen yet. */
  cause: LinkCause | null;
  detail: string;
  /** When status last changed. */
  since: Date;
  /** Consecutive failures (any status); reset by a success. */
  failures: number;
  /** While offline: successes since the last failure and when the first of them came. */
  recoveryCount: number;
  recoveryStartedAt: Date | null;
  override: ManualOverride | null;
  lastObservationAt: Date | null;
}

export interface HysteresisConfig {
  failuresToOffline: number;
  successesToOnline: number;
  /** The successes must be spread over at least this long. */
  recoverySpanMs: number;
  /** Minimum time offline before going back online. */
  minDwellMs: number;
}

export const DEFAULT_HYSTERESIS: HysteresisConfig = {
  failuresToOffline: 3,
  successesToOnline: 5,
  recoverySpanMs: 60_000,
  minDwellMs: 120_000,
};

export function initialLinkState(now: Date): LinkState {
  return {
    status: "online",
    cause: null,
    detail: "",
    since: now,
    failures: 0,
    recoveryCount: 0,
    recoveryStartedAt: null,
    override: null,
    lastObservationAt: null,
  };
}

function goOffline(state: LinkState, cause: LinkCause, detail: string, now: Date): LinkState {
  return {
    ...state,
    status: "offline",
    cause,
    detail,
    since: state.status === "offline" ? state.since : now,
    recoveryCount: 0,
    recoveryStartedAt: null,
  };
}

export function nextLinkState(
  state: LinkState,
  observation: LinkObservation,
  now: Date,
  config: HysteresisConfig = DEFAULT_HYSTERESIS,
): LinkState {
  const seen = { ...state, lastObservationAt: now };
  switch (observation.type) {
    case "manual-enter":
      return {
        ...seen,
        override: { mode: "contingency", by: observation.by, reason: observation.reason, at: now },
      };
    case "manual-exit":
      return {
        ...seen,
        override: { mode: "online", by: observation.by, reason: observation.reason, at: now },
      };
    case "manual-release":
      return { ...seen, override: null };
    case "authorization-timeout": {
      // The customer does not wait: this drops a manual "online" too, or the next sale would wait again.
      const failures = state.failures + 1;
      const override = state.override?.mode === "online" ? null : state.override;
      const detail = observation.detail ?? "autorização sem resposta no tempo configurado";
      return { ...goOffline(seen, "sefaz-slow", detail, now), failures, override };
    }
    case "probe-failed": {
      const failures = state.failures + 1;
      const detail = observation.detail ?? "";
      if (state.status === "offline" || observation.immediate || failures >= config.failuresToOffline) {
        return { ...goOffline(seen, observation.cause, detail, now), failures };
      }
      return { ...seen, failures, cause: observation.cause, detail };
    }
    case "probe-ok": {
      if (state.status === "online") return { ...seen, failures: 0 };
      const recoveryStartedAt = state.recoveryStartedAt ?? now;
      const recoveryCount = state.recoveryCount + 1;
      const spread = now.getTime() - recoveryStartedAt.getTime();
      const dwell = now.getTime() - state.since.getTime();
      if (
        recoveryCount >= config.successesToOnline &&
        spread >= config.recoverySpanMs &&
        dwell >= config.minDwellMs
      ) {
        return {
          ...seen,
          status: "online",
          since: now,
          failures: 0,
          recoveryCount: 0,
          recoveryStartedAt: null,
          detail: observation.detail ?? "",
        };
      }
      return { ...seen, failures: 0, recoveryCount, recoveryStartedAt };
    }
  }
}

export interface EffectiveMode {
  mode: "online" | "contingency";
  /** The link cause, or "manual" when an operator forced contingency. Null when online. */
  cause: LinkCause | "manual" | null;
  manual: ManualOverride | null;
}

/** What the kiosk does now: a manual override wins over the automatic decision until released. */
export function effectiveMode(state: LinkState): EffectiveMode {
  if (state.override !== null) {
    return state.override.mode === "contingency"
      ? { mode: "contingency", cause: "manual", manual: state.override }
      : { mode: "online", cause: null, manual: state.override };
  }
  return state.status === "online"
    ? { mode: "online", cause: null, manual: null }
    : { mode: "contingency", cause: state.cause, manual: null };
}

export interface ProbeTiming {
  /** Interval between probes while online. */
  onlineIntervalMs: number;
  /** First retry after a failure; doubles with each consecutive failure. */
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const DEFAULT_PROBE_TIMING: ProbeTiming = {
  onlineIntervalMs: 15_000,
  backoffBaseMs: 2_000,
  backoffCapMs: 60_000,
};

/**
 * When to probe next. Failures back off exponentially up to the cap; while recovering, probes
 * come evenly so that the M successes can span T without waiting a full back-off each time.
 */
export function nextProbeDelayMs(
  state: LinkState,
  timing: ProbeTiming = DEFAULT_PROBE_TIMING,
  hysteresis: HysteresisConfig = DEFAULT_HYSTERESIS,
): number {
  if (state.failures > 0) {
    return Math.min(timing.backoffCapMs, timing.backoffBaseMs * 2 ** (state.failures - 1));
  }
  if (state.status === "offline") {
    const even = Math.ceil(hysteresis.recoverySpanMs / Math.max(1, hysteresis.successesToOnline - 1));
    return Math.min(timing.onlineIntervalMs, Math.max(1_000, even));
  }
  return timing.onlineIntervalMs;
}
