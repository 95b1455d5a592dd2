// Tiered link probes (platform-notes §8 "Deciding offline"): real files in a temp sysfs/proc tree,
// a real TLS server on loopback with client-certificate authentication, fakes for DNS and SEFAZ status.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createTcpServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandRunner } from "../../src/watchdog/command-runner.js";
import {
  discoverInterfaces,
  readDefaultRoutes,
  readInterfaces,
  readModem,
} from "../../src/watchdog/probe-local.js";
import { probeDns, probeStatusService, probeTls, systemResolve } from "../../src/watchdog/probe-remote.js";
import { runLinkProbes } from "../../src/watchdog/run-probes.js";
import { CERTS, HAS_SHARED } from "../helpers/shared.js";
import { makeTlsFixture, type TlsFixture } from "./tls-fixtures.js";

const ROUTE_HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";

function fakeRoot(
  links: Record<string, { operstate: string; carrier?: string }>,
  routes: string[] = [],
): string {
  const root = mkdtempSync(join(tmpdir(), "watchdog-root-"));
  for (const [name, s] of Object.entries(links)) {
    const dir = join(root, "sys/class/net", name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "operstate"), `${s.operstate}\n`);
    if (s.carrier !== undefined) writeFileSync(join(dir, "carrier"), `${s.carrier}\n`);
  }
  mkdirSync(join(root, "proc/net"), { recursive: true });
  writeFileSync(join(root, "proc/net/route"), [ROUTE_HEADER, ...routes].join("\n") + "\n");
  return root;
}
const defaultVia = (iface: string, flags = "0003") =>
  `${iface}\t00000000\t0101A8C0\t${flags}\t0\t0\t100\t00000000\t0\t0\t0`;
const lanVia = (iface: string) => `${iface}\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0`;

const MMCLI_OUT = [
  "modem.generic.state                             : connected",
  "modem.generic.signal-quality.value              : 67",
  "modem.generic.signal-quality.recent             : yes",
  "modem.generic.access-technologies.length        : 1",
  "modem.generic.access-technologies.value[1]      : lte",
].join("\n");
const mmcli =
  (stdout: string, code = 0): CommandRunner =>
  async (command, args) => {
    expect([command, ...args]).toEqual(["mmcli", "-m", "any", "-K"]);
    return { code, stdout, stderr: "" };
  };

describe("local probes (sysfs, proc, ModemManager)", () => {
  it("reads carrier and operstate; a down interface without a readable carrier is not up", async () => {
    const root = fakeRoot({
      eth0: { operstate: "up", carrier: "1" },
      eth1: { operstate: "down" },
      wwan0: { operstate: "unknown", carrier: "1" },
      lo: { operstate: "unknown", carrier: "1" },
    });
    const specs = await discoverInterfaces(root);
    expect(specs).toEqual([
      { name: "eth0", kind: "ethernet" },
      { name: "eth1", kind: "ethernet" },
      { name: "wwan0", kind: "lte" },
    ]);
    const states = await readInterfaces(root, [...specs, { name: "eth9", kind: "ethernet" }]);
    expect(states.map((s) => [s.name, s.up, s.operstate])).toEqual([
      ["eth0", true, "up"],
      ["eth1", false, "down"],
      ["wwan0", true, "unknown"],
      ["eth9", false, "absent"],
    ]);
  });

  it("finds default routes (IPv4 and IPv6) and ignores non-default or down routes", async () => {
    const root = fakeRoot({}, [lanVia("eth0"), defaultVia("wwan0"), defaultVia("eth1", "0002")]);
    writeFileSync(
      join(root, "proc/net/ipv6_route"),
      [
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth0",
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo",
      ].join("\n"),
    );
    expect(await readDefaultRoutes(root)).toEqual(["eth0", "wwan0"]);
    expect(await readDefaultRoutes(join(root, "nothing-here"))).toEqual([]);
  });

  it("parses mmcli -K and returns null without ModemManager", async () => {
    expect(await readModem(mmcli(MMCLI_OUT))).toEqual({
      state: "connected",
      signalQuality: 67,
      accessTechnologies: "lte",
    });
    expect(await readModem(mmcli("", 1))).toBeNull();
    expect(await readModem(mmcli("garbage without the keys"))).toBeNull();
  });
});

describe("remote probes", () => {
  it("DNS: answers, empty answers, errors and the timeout", async () => {
    const ok = await probeDns({ host: "nfce.svrs.rs.gov.br", resolve: async () => ["200.198.239.1"] });
    expect(ok).toMatchObject({ ok: true });
    expect(await probeDns({ host: "h", resolve: async () => [] })).toMatchObject({
      ok: false,
      cause: "internet",
    });
    const nx = await probeDns({
      host: "h",
      resolve: async () => {
        throw Object.assign(new Error("x"), { code: "ENOTFOUND" });
      },
    });
    expect(nx).toMatchObject({ ok: false, cause: "internet" });
    expect(nx.detail).toContain("ENOTFOUND");
    const slow = await probeDns({ host: "h", resolve: () => new Promise(() => {}), timeoutMs: 20 });
    expect(slow).toMatchObject({ ok: false, cause: "internet", detail: "DNS de h: sem resposta" });
  });

  it("DNS with the system resolver answers for localhost", async () => {
    expect(await probeDns({ host: "localhost", resolve: systemResolve })).toMatchObject({ ok: true });
    const missing = await probeDns({ host: "no-such-host.invalid", resolve: systemResolve });
    expect(missing).toMatchObject({ ok: false, cause: "internet" });
  });

  it.each([
    [{ cStat: "107" }, 10, { ok: true }],
    [{ cStat: 107 }, 6_000, { ok: false, cause: "sefaz-slow" }],
    [
      { cStat: "108", xMotivo: "Servico Paralisado Momentaneamente" },
      10,
      { ok: false, cause: "sefaz-paused", immediate: true },
    ],
    [{ cStat: "109" }, 10, { ok: false, cause: "sefaz-paused", immediate: true }],
    [{ cStat: "999" }, 10, { ok: false, cause: "sefaz-down" }],
  ])("status service %j after %i ms -> %j", async (answer, elapsed, expected) => {
    let t = 0;
    const outcome = await probeStatusService({
      status: async () => {
        t += elapsed;
        return answer;
      },
      now: () => t,
      slowMs: 5_000,
    });
    expect(outcome).toMatchObject(expected);
  });

  it("status service that throws is sefaz-down", async () => {
    const outcome = await probeStatusService({
      status: async () => {
        throw new Error("socket hang up");
      },
    });
    expect(outcome).toMatchObject({ ok: false, cause: "sefaz-down", detail: "status SEFAZ: socket hang up" });
  });
});

describe("TLS handshake with the client certificate (real server on loopback)", () => {
  let pki: TlsFixture;
  let server: TlsServer;
  let silent: Server;
  let port = 0;
  let silentPort = 0;
  let clientCertsSeen = 0;

  beforeAll(async () => {
    pki = makeTlsFixture();
    server = createTlsServer({
      key: pki.serverKey,
      cert: pki.serverCert,
      ca: pki.ca,
      requestCert: true,
      rejectUnauthorized: true,
    });
    server.on("secureConnection", (s) => {
      if (s.getPeerCertificate().subject?.CN === "client") clientCertsSeen++;
      s.end();
    });
    server.on("tlsClientError", () => {});
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as { port: number }).port;
    silent = createTcpServer(() => {}); // accepts and never speaks: a black-holed path
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    silent.close();
  });

  const base = () => ({
    host: "127.0.0.1",
    servername: "localhost",
    key: pki.clientKey,
    cert: pki.clientCert,
    ca: pki.ca,
    timeoutMs: 2_000,
  });

  it("succeeds with the client certificate, and the server saw it", async () => {
    const before = clientCertsSeen;
    const outcome = await probeTls({ ...base(), port });
    expect(outcome).toMatchObject({ ok: true });
    expect(clientCertsSeen).toBe(before + 1);
  });

  it("fails as sefaz-down when the server refuses a connection without a client certificate", async () => {
    const outcome = await probeTls({ ...base(), port, key: undefined, cert: undefined });
    expect(outcome).toMatchObject({ ok: false, cause: "sefaz-down" });
    expect(outcome.detail).toMatch(/CERTIFICATE|ECONNRESET|hang up/i);
  });

  it("fails as sefaz-down when the server certificate is not trusted", async () => {
    const outcome = await probeTls({ ...base(), port, ca: undefined });
    expect(outcome).toMatchObject({ ok: false, cause: "sefaz-down" });
    expect(outcome.detail).toMatch(/CERT|SIGNATURE|ISSUER/);
  });

  it("fails as sefaz-down when the name does not match", async () => {
    const outcome = await probeTls({ ...base(), port, servername: "nfce.svrs.rs.gov.br" });
    expect(outcome).toMatchObject({ ok: false, cause: "sefaz-down" });
    expect(outcome.detail).toContain("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("fails as sefaz-down when the port refuses connections", async () => {
    const closed = createTcpServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const freePort = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const outcome = await probeTls({ ...base(), port: freePort });
    expect(outcome).toMatchObject({ ok: false, cause: "sefaz-down" });
    expect(outcome.detail).toContain("ECONNREFUSED");
  });

  it("fails as internet when the handshake never completes", async () => {
    const outcome = await probeTls({ ...base(), port: silentPort, timeoutMs: 150 });
    expect(outcome).toMatchObject({ ok: false, cause: "internet" });
  });

  it("runLinkProbes walks every tier and reports success with the tiers it ran", async () => {
    const root = fakeRoot({ eth0: { operstate: "up", carrier: "1" } }, [defaultVia("eth0")]);
    let statusCalls = 0;
    const deps = {
      root,
      dns: { host: "localhost", resolve: async () => ["127.0.0.1"] },
      tls: { ...base(), port },
      status: {
        status: async () => {
          statusCalls++;
          return { cStat: "107" };
        },
      },
    };
    const full = await runLinkProbes(deps, { includeStatus: true });
    expect(full.observation.type).toBe("probe-ok");
    expect(full.tiers.map((t) => t.tier)).toEqual(["link", "route", "dns", "tls", "status"]);
    const cheap = await runLinkProbes(deps, { includeStatus: false });
    expect(cheap.tiers.map((t) => t.tier)).toEqual(["link", "route", "dns", "tls"]);
    expect(statusCalls).toBe(1);
  });
});

describe("runLinkProbes: the first failing tier names the cause", () => {
  const neverCalled = {
    dns: {
      host: "h",
      resolve: async (): Promise<string[]> => {
        throw new Error("DNS must not run when a cheaper tier failed");
      },
    },
  };

  it.each([
    ["no carrier on the cable, no modem", { eth0: { operstate: "down" } }, [], undefined, "lan", "link"],
    ["only an LTE modem, without signal", { wwan0: { operstate: "down" } }, [], undefined, "lte", "link"],
    [
      "cable and LTE both down: the cable is named first",
      { eth0: { operstate: "down" }, wwan0: { operstate: "down" } },
      [],
      undefined,
      "lan",
      "link",
    ],
    [
      "cable up but no default route",
      { eth0: { operstate: "up", carrier: "1" } },
      [lanVia("eth0")],
      undefined,
      "lan",
      "route",
    ],
    [
      "only LTE up and no default route",
      { wwan0: { operstate: "unknown", carrier: "1" } },
      [],
      undefined,
      "lte",
      "route",
    ],
  ] as const)("%s -> %s", async (_name, links, routes, _x, cause, tier) => {
    const report = await runLinkProbes({ root: fakeRoot(links, [...routes]), ...neverCalled });
    expect(report.observation).toMatchObject({ type: "probe-failed", cause, immediate: true });
    expect(report.tiers.at(-1)?.tier).toBe(tier);
  });

  it("DNS failure is 'internet' and is not immediate (hysteresis applies)", async () => {
    const root = fakeRoot({ eth0: { operstate: "up", carrier: "1" } }, [defaultVia("eth0")]);
    const report = await runLinkProbes({ root, dns: { host: "h", resolve: async () => [] } });
    expect(report.observation).toMatchObject({ type: "probe-failed", cause: "internet" });
    expect((report.observation as { immediate?: boolean }).immediate).toBeFalsy();
  });

  it("reports the modem in the detail when ModemManager answers", async () => {
    const root = fakeRoot({ wwan0: { operstate: "down" } });
    const report = await runLinkProbes({ root, run: mmcli(MMCLI_OUT.replace("connected", "searching")) });
    expect(report.modem?.state).toBe("searching");
    expect(report.observation).toMatchObject({ cause: "lte" });
    expect((report.observation as { detail: string }).detail).toContain("modem=searching 67%");
  });
});

describe.skipIf(!HAS_SHARED)("TLS probe with the project's A1 test certificate (PFX)", () => {
  it("presents the e-CNPJ certificate to a server that asks for it", async () => {
    const pki = makeTlsFixture();
    const seen: string[] = [];
    // The test A1 is self-signed: the server records what it got instead of verifying a chain.
    const server = createTlsServer({
      key: pki.serverKey,
      cert: pki.serverCert,
      requestCert: true,
      rejectUnauthorized: false,
    });
    server.on("secureConnection", (s) => {
      seen.push(String(s.getPeerCertificate().subject?.CN ?? ""));
      s.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const outcome = await probeTls({
        host: "127.0.0.1",
        servername: "localhost",
        port: (server.address() as { port: number }).port,
        pfx: readFileSync(CERTS.cnpj.path),
        passphrase: CERTS.cnpj.password,
        ca: pki.ca,
      });
      expect(outcome).toMatchObject({ ok: true });
      expect(seen).toEqual(["06.157.250/0001-16"]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
