// systemd notifications through systemd-notify (platform-notes §5), gated on event-loop lag and
// journal health (issue 5 "systemd watchdog"; style.md §7.12).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { type CommandRunner, execFileRunner } from "../../src/watchdog/command-runner.js";
import {
  createLoopLagMonitor,
  createSdNotifier,
  createWatchdogPinger,
  watchdogIntervalMs,
} from "../../src/watchdog/sd-notify.js";
import { FakeTimers } from "./fake-timers.js";

function recorder(code = 0): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = (async (command: string, args: readonly string[]) => {
    calls.push([command, ...args]);
    return { code, stdout: "", stderr: code === 0 ? "" : "No such socket" };
  }) as CommandRunner & { calls: string[][] };
  run.calls = calls;
  return run;
}

describe("createSdNotifier", () => {
  it("does nothing without NOTIFY_SOCKET (not started by systemd)", async () => {
    const run = recorder();
    const n = createSdNotifier({ run, env: {} });
    expect(n.enabled).toBe(false);
    expect(await n.ready("x")).toBe(false);
    expect(await n.watchdog()).toBe(false);
    expect(run.calls).toEqual([]);
  });

  it("sends READY, STATUS (one line), WATCHDOG and STOPPING as systemd-notify assignments", async () => {
    const run = recorder();
    const n = createSdNotifier({ run, env: { NOTIFY_SOCKET: "/run/systemd/notify" } });
    await n.ready("Em operação");
    await n.status("contingência:\nsem LAN");
    await n.watchdog();
    await n.stopping();
    expect(run.calls).toEqual([
      ["systemd-notify", "READY=1", "STATUS=Em operação"],
      ["systemd-notify", "STATUS=contingência: sem LAN"],
      ["systemd-notify", "WATCHDOG=1"],
      ["systemd-notify", "STOPPING=1"],
    ]);
  });

  it("reports a failed send as false instead of throwing", async () => {
    const n = createSdNotifier({ run: recorder(1), env: { NOTIFY_SOCKET: "/nope" } });
    expect(await n.watchdog()).toBe(false);
  });

  it.each([
    [{ WATCHDOG_USEC: "30000000" }, 15_000],
    [{ WATCHDOG_USEC: "200" }, 500],
    [{ WATCHDOG_USEC: "garbage" }, null],
    [{}, null],
  ])("watchdogIntervalMs(%j) = %s", (env, ms) => {
    expect(watchdogIntervalMs(env)).toBe(ms);
  });
});

describe("event-loop lag monitor", () => {
  it("sees no lag when ticks are on time and the full block when the loop stalls", async () => {
    const clock = new ManualClock("2026-11-23T12:00:00Z");
    const timers = new FakeTimers(clock);
    const loop = createLoopLagMonitor({ clock, timers, intervalMs: 500 });
    loop.start();
    await timers.advance(2_000);
    expect(loop.sample()).toEqual({ lagMs: 0, sinceTickMs: 0 });
    clock.advance(5_000); // a synchronous stall: no timer could run
    expect(loop.sample().sinceTickMs).toBe(5_000);
    await timers.advance(0);
    expect(loop.sample().lagMs).toBe(4_500);
    loop.stop();
  });
});

describe("watchdog pinger health gate", () => {
  function setup(journal: () => boolean | Promise<boolean>) {
    const clock = new ManualClock("2026-11-23T12:00:00Z");
    const timers = new FakeTimers(clock);
    const run = recorder();
    const notifier = createSdNotifier({ run, env: { NOTIFY_SOCKET: "/run/systemd/notify" } });
    const loop = createLoopLagMonitor({ clock, timers, intervalMs: 500 });
    const pinger = createWatchdogPinger({
      notifier,
      clock,
      timers,
      intervalMs: 10_000,
      loop,
      journalHealthy: journal,
    });
    return { clock, timers, run, pinger, loop };
  }
  const pings = (calls: string[][]) => calls.filter((c) => c[1] === "WATCHDOG=1").length;

  it("pings every interval while the loop and the journal are healthy, and stops on stop()", async () => {
    const { timers, run, pinger } = setup(() => true);
    pinger.start();
    await timers.advance(35_000);
    expect(pings(run.calls)).toBe(3);
    pinger.stop();
    await timers.advance(30_000);
    expect(pings(run.calls)).toBe(3);
  });

  it("withholds the ping when the journal is unhealthy or its check throws", async () => {
    let healthy = true;
    const { run, pinger, loop } = setup(() => healthy);
    loop.start();
    expect(await pinger.tick()).toBe(true);
    healthy = false;
    expect(await pinger.tick()).toBe(false);
    const throwing = setup(() => {
      throw new Error("disk I/O error");
    });
    throwing.loop.start();
    expect(await throwing.pinger.tick()).toBe(false);
    expect(pings(run.calls)).toBe(1);
    expect(pings(throwing.run.calls)).toBe(0);
  });

  it("withholds the ping while the event loop is stalled", async () => {
    const { clock, timers, run, pinger, loop } = setup(() => true);
    loop.start();
    await timers.advance(1_000);
    clock.advance(10_000);
    expect(await pinger.tick()).toBe(false);
    await timers.advance(0); // the stall ends; the late tick records a 9.5 s lag
    expect(await pinger.tick()).toBe(false);
    await timers.advance(1_000);
    expect(await pinger.tick()).toBe(true);
    expect(pings(run.calls)).toBe(1);
  });
});

// A datagram receiver standing in for PID 1: it closes the barrier fd systemd-notify sends, as systemd does.
const RECEIVER = `
import socket, sys, array, os
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); print("ready", flush=True)
while True:
    msg, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(16))
    for level, typ, data in anc:
        fds = array.array("i"); fds.frombytes(data[: len(data) - len(data) % 4])
        for fd in fds: os.close(fd)
    sys.stdout.write(msg.decode() + "\\n--\\n"); sys.stdout.flush()
`;

describe.skipIf(!existsSync("/usr/bin/systemd-notify") || !existsSync("/usr/bin/python3"))(
  "the real systemd-notify",
  () => {
    it("delivers READY and WATCHDOG datagrams to NOTIFY_SOCKET", async () => {
      const socketPath = join(mkdtempSync(join(tmpdir(), "watchdog-notify-")), "notify.sock");
      const receiver = spawn("python3", ["-c", RECEIVER, socketPath]);
      let out = "";
      receiver.stdout.on("data", (d: Buffer) => {
        out += d.toString();
      });
      try {
        await new Promise<void>((resolve) => receiver.stdout.once("data", () => resolve()));
        const n = createSdNotifier({ run: execFileRunner, env: { NOTIFY_SOCKET: socketPath } });
        const env = process.env;
        process.env = { ...env, NOTIFY_SOCKET: socketPath }; // execFile inherits the environment
        try {
          expect(await n.ready("Em operação")).toBe(true);
          expect(await n.watchdog()).toBe(true);
        } finally {
          process.env = env;
        }
        await new Promise((r) => setTimeout(r, 50));
        expect(out).toContain("READY=1\nSTATUS=Em operação");
        expect(out).toContain("WATCHDOG=1");
      } finally {
        receiver.kill();
      }
    });
  },
);
