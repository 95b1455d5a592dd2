// The units must pass systemd's own static checks, and the service must stay hardened (exposure <= 2.5).
// Debian's systemd package runs `systemd-analyze verify/security` without systemd as PID 1.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execPaths, parseUnitFile, unitValues } from "./unit-file.js";

const SYSTEMD_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "systemd");
const UNITS = readdirSync(SYSTEMD_DIR).filter((f) => f.endsWith(".service"));
const MAX_EXPOSURE = 2.5;

function which(tool: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
const ANALYZE = which("systemd-analyze");
const HOST_UNITS = ["/usr/lib/systemd/system", "/lib/systemd/system"].find((d) =>
  existsSync(join(d, "sysinit.target")),
);
if (!ANALYZE || !HOST_UNITS) {
  console.warn(
    "\n*** NOTICE: systemd-analyze not found: unit verification and security score are SKIPPED (apt-get install systemd) ***\n",
  );
}

function analyze(args: string[]) {
  const r = spawnSync(ANALYZE!, args, { encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

describe.skipIf(!ANALYZE || !HOST_UNITS)("systemd units (systemd-analyze)", () => {
  // A throwaway root: the host's stock units (targets the units depend on), our units, and stub
  // executables for every Exec* path, because verify checks that the commands exist.
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "nfce-units-"));
    cpSync(HOST_UNITS!, join(root, "usr/lib/systemd/system"), { recursive: true, dereference: false });
    const unitDir = join(root, "etc/systemd/system");
    mkdirSync(unitDir, { recursive: true });
    for (const name of UNITS) {
      const text = readFileSync(join(SYSTEMD_DIR, name), "utf8");
      writeFileSync(join(unitDir, name), text);
      for (const exe of execPaths(parseUnitFile(text))) stub(root, exe);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(UNITS)("%s passes systemd-analyze verify with no warning", (name) => {
    const r = analyze(["verify", `--root=${root}`, name]);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });

  it(`nfce-kiosk.service has an exposure score of at most ${MAX_EXPOSURE}`, () => {
    const r = analyze(["security", "--offline=true", `--root=${root}`, "nfce-kiosk.service"]);
    const score = Number(/Overall exposure level for nfce-kiosk\.service: ([0-9.]+)/.exec(r.output)?.[1]);
    expect(score).toBeLessThanOrEqual(MAX_EXPOSURE);
    // --threshold uses the 0-100 scale and fails the command above it.
    const gate = analyze([
      "security",
      "--offline=true",
      `--root=${root}`,
      `--threshold=${MAX_EXPOSURE * 10}`,
      "nfce-kiosk.service",
    ]);
    expect(gate.status).toBe(0);
  });

  it("the checks can fail: a bad value and a missing binary are reported", () => {
    const broken = mkdtempSync(join(tmpdir(), "nfce-units-broken-"));
    try {
      cpSync(root, broken, { recursive: true });
      const unit = join(broken, "etc/systemd/system/nfce-kiosk.service");
      writeFileSync(unit, readFileSync(unit, "utf8").replace("ProtectSystem=strict", "ProtectSystem=bogus"));
      expect(analyze(["verify", `--root=${broken}`, "nfce-kiosk.service"]).output).toMatch(
        /protect system value/,
      );
      rmSync(join(broken, "opt/nfce-kiosk/bin/nfce-kiosk"));
      const missing = analyze(["verify", `--root=${broken}`, "nfce-kiosk.service"]);
      expect(missing.status).not.toBe(0);
      expect(missing.output).toMatch(/not executable/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe("nfce-kiosk.service declares the appliance contract", () => {
  const unit = parseUnitFile(readFileSync(join(SYSTEMD_DIR, "nfce-kiosk.service"), "utf8"));
  const service = (key: string) => unitValues(unit, "Service", key);

  it("is a notify service with a watchdog, restarted always within a start limit", () => {
    expect(service("Type")).toEqual(["notify"]);
    expect(service("NotifyAccess")).toEqual(["all"]);
    expect(service("WatchdogSec")).toHaveLength(1);
    expect(service("Restart")).toEqual(["always"]);
    expect(unitValues(unit, "Unit", "StartLimitBurst")).toHaveLength(1);
    // Offline is a normal mode (contingency): the start must not wait for the network.
    expect(unitValues(unit, "Unit", "Wants").join(" ")).not.toContain("network-online");
    expect(unitValues(unit, "Unit", "After").join(" ")).not.toContain("network-online");
    expect(service("ExecStart")).toEqual([
      "/opt/nfce-kiosk/bin/nfce-kiosk start --config /etc/nfce-kiosk/config.json",
    ]);
  });

  it("runs as the fixed user nfce with only the data directory and the LED subtree writable", () => {
    expect(service("User")).toEqual(["nfce"]);
    expect(service("DynamicUser")).toEqual([]);
    expect(service("SupplementaryGroups").join(" ").split(" ")).toEqual(
      expect.arrayContaining(["dialout", "gpio"]),
    );
    expect(service("ProtectSystem")).toEqual(["strict"]);
    expect(service("ReadWritePaths").sort()).toEqual([
      "-/sys/devices/platform/leds",
      "/var/lib/nfce-kiosk/data",
    ]);
    expect(service("StateDirectory")).toEqual([]); // it would chown the read-only app releases beside the data
    expect(unitValues(unit, "Unit", "RequiresMountsFor")[0]).toContain("/var/lib/nfce-kiosk/data");
  });

  it("closes devices except an allow-list and drops every capability", () => {
    expect(service("DevicePolicy")).toEqual(["closed"]);
    expect(service("PrivateDevices")).toEqual([]); // would hide the serial ports
    expect(service("DeviceAllow").length).toBeGreaterThan(0);
    expect(service("CapabilityBoundingSet")).toEqual([""]);
    expect(service("NoNewPrivileges")).toEqual(["yes"]);
    expect(service("ProtectKernelTunables")).toEqual(["yes"]);
    expect(service("MemoryMax")).toHaveLength(1);
  });
});

function stub(root: string, exe: string): void {
  const path = join(root, exe);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, "#!/bin/sh\nexit 0\n");
  chmodSync(path, 0o755);
}

describe("udev rules", () => {
  // systemd 252 has no `udevadm verify`; check the shape: KEY[{attr}] OP "value" pairs, known keys.
  const KEYS = new Set([
    "SUBSYSTEM",
    "KERNEL",
    "ACTION",
    "ATTR",
    "ATTRS",
    "ENV",
    "GROUP",
    "MODE",
    "RUN",
    "SYMLINK",
  ]);
  const rules = readFileSync(join(SYSTEMD_DIR, "70-nfce-kiosk.rules"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));

  it('has only well-formed KEY OP "value" pairs with known keys', () => {
    const pair = /^\s*([A-Z_]+)(\{[^}]+\})?\s*(==|!=|\+=|=|:=)\s*"([^"]*)"\s*(,|$)/;
    for (const line of rules) {
      let rest = line;
      while (rest.trim() !== "") {
        const m = pair.exec(rest);
        expect(m, `cannot parse: ${rest}`).not.toBeNull();
        expect(KEYS.has(m![1]!), `unknown key ${m![1]}`).toBe(true);
        rest = rest.slice(m![0].length);
      }
    }
  });

  it("keeps ModemManager off the POS serial devices and opens the LEDs to group gpio", () => {
    expect(rules.filter((l) => l.includes('ENV{ID_MM_DEVICE_IGNORE}="1"')).length).toBeGreaterThanOrEqual(2);
    const led = rules.find((l) => l.includes('SUBSYSTEM=="leds"'));
    expect(led).toMatch(/KERNEL=="nfce:\*"/);
    expect(led).toContain("chgrp gpio /sys%p/brightness");
    expect(led).toContain("chmod g+w /sys%p/brightness");
  });
});
