import Database from "better-sqlite3";
import { SerialPort } from "serialport";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { validateConfig } from "../../src/config/load-config.js";
import { LogRing } from "../../src/console/log-ring.js";
import { createLogger } from "../../src/log.js";
import { createFrontEnds } from "../../src/web/create-front-ends.js";
import { openPtyPair } from "../console/helpers.js";
import { rawTestConfig } from "../helpers/test-config.js";
import { FakeKioskService } from "./fake-service.js";

const raw = rawTestConfig();

/** What createFrontEnds takes besides the config: a fake kiosk service, an in-memory database, a log into `lines`. */
function frontEndDeps(clock: ManualClock, lines: string[]) {
  return {
    service: new FakeKioskService(clock),
    db: new Database(":memory:"),
    clock,
    log: createLogger({ write: (l) => lines.push(l) }),
    audit: () => {},
    ring: new LogRing(),
    consoleProviders: {
      status: () => ({
        mode: "online" as const,
        cause: null,
        pending: 0,
        oldestPendingAt: null,
        deadlineAt: null,
      }),
    },
  };
}

describe("createFrontEnds", () => {
  it("builds users (first-run PIN), catalog and server from config; no console when driver is none", async () => {
    const clock = new ManualClock("2026-03-01T12:00:00Z");
    const lines: string[] = [];
    const config = validateConfig({ ...raw, frontEnd: { maxPinAttempts: 3 } });
    const fe = await createFrontEnds({ config, ...frontEndDeps(clock, lines) });
    expect(fe.console).toBeNull();
    expect(fe.bootstrapPin).toMatch(/^[0-9]{6}$/);
    expect(lines.join("\n")).toContain(`PIN ${fe.bootstrapPin}`);
    expect(fe.auth.maxAttempts).toBe(3);
    const res = await fe.app.inject({
      method: "POST",
      url: "/api/login",
      payload: { user: "supervisor", pin: fe.bootstrapPin },
    });
    expect(res.statusCode).toBe(200);
    await fe.stop();
  });

  it("starts the serial console on hardware.console.path, and survives a missing port", async () => {
    const clock = new ManualClock("2026-03-01T12:00:00Z");
    const pty = await openPtyPair();
    try {
      const lines: string[] = [];
      const make = (path: string) =>
        createFrontEnds({
          config: validateConfig({ ...raw, hardware: { console: { driver: "serial", path } } }),
          ...frontEndDeps(clock, lines),
          initialUsers: [{ name: "tecnico", role: "technician", pin: "3333" }],
        });
      const missing = await make("/dev/does-not-exist");
      expect(missing.console).toBeNull();
      expect(lines.join("\n")).toContain("technician console not started");
      await missing.stop();
      const fe = await make(pty.a);
      expect(fe.console).not.toBeNull();
      const terminal = new SerialPort({ path: pty.b, baudRate: 115200 });
      let out = "";
      terminal.on("data", (d: Buffer) => {
        out += d.toString();
      });
      await new Promise((r) => terminal.on("open", r));
      terminal.write("\r");
      await expect.poll(() => out).toContain("console técnico");
      await new Promise<void>((r) => terminal.close(() => r()));
      await fe.stop();
    } finally {
      pty.close();
    }
  });
});
