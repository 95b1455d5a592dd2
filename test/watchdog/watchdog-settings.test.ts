// config.watchdog defaults equal the watchdog's own defaults (platform-notes §8 thresholds).
import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/load-config.js";
import { DEFAULT_HYSTERESIS, DEFAULT_PROBE_TIMING } from "../../src/watchdog/link-state.js";
import { watchdogSettings } from "../../src/watchdog/watchdog-settings.js";
import { rawTestConfig } from "../helpers/test-config.js";

const minimal = () =>
  rawTestConfig({ dataDir: "/tmp/kiosk", certificate: { path: "cert.pfx", password: "x" } });

describe("watchdogSettings", () => {
  it("defaults match DEFAULT_HYSTERESIS and DEFAULT_PROBE_TIMING", () => {
    const s = watchdogSettings(validateConfig(minimal()));
    expect(s.hysteresis).toEqual(DEFAULT_HYSTERESIS);
    expect(s.timing).toEqual(DEFAULT_PROBE_TIMING);
    expect(s.interfaces).toBeUndefined();
    expect(s.statusIntervalMs).toBe(300_000);
  });

  it("takes the technician's interfaces and thresholds, and refuses unknown keys", () => {
    const s = watchdogSettings(
      validateConfig({
        ...minimal(),
        watchdog: {
          interfaces: [
            { name: "eth0", kind: "ethernet" },
            { name: "wwan0", kind: "lte" },
          ],
          failuresToOffline: 2,
        },
      }),
    );
    expect(s.interfaces).toEqual([
      { name: "eth0", kind: "ethernet" },
      { name: "wwan0", kind: "lte" },
    ]);
    expect(s.hysteresis.failuresToOffline).toBe(2);
    expect(() => validateConfig({ ...minimal(), watchdog: { failuresToOfline: 2 } })).toThrow(
      /failuresToOffline/,
    );
  });
});
