// config.watchdog -> the watchdog's parameters, in one place (defaults live in the config schema).
import type { Config } from "../config/schema.js";
import type { HysteresisConfig, ProbeTiming } from "./link-state.js";
import type { InterfaceSpec } from "./probe-local.js";

export interface WatchdogSettings {
  hysteresis: HysteresisConfig;
  timing: ProbeTiming;
  statusIntervalMs: number;
  statusSlowMs: number;
  /** undefined: watch every non-loopback interface. */
  interfaces: InterfaceSpec[] | undefined;
}

export function watchdogSettings(config: Pick<Config, "watchdog">): WatchdogSettings {
  const w = config.watchdog;
  return {
    hysteresis: {
      failuresToOffline: w.failuresToOffline,
      successesToOnline: w.successesToOnline,
      recoverySpanMs: w.recoverySpanMs,
      minDwellMs: w.minDwellMs,
    },
    // Failures back off from 2 s; never slower than the cap, never faster than the base.
    timing: {
      onlineIntervalMs: w.probeIntervalMs,
      backoffBaseMs: 2_000,
      backoffCapMs: Math.max(60_000, w.probeIntervalMs),
    },
    statusIntervalMs: w.statusIntervalMs,
    statusSlowMs: w.statusSlowMs,
    interfaces: w.interfaces?.map((i) => ({ name: i.name, kind: i.kind })),
  };
}
