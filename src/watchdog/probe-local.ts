// The cheapest probes: read the kernel's view of the links (carrier, operstate, default route)
// and, where present, ModemManager's. root is "/" in production and a temp tree in tests.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CommandRunner } from "./command-runner.js";

export type InterfaceKind = "ethernet" | "lte";

export interface InterfaceSpec {
  name: string;
  kind: InterfaceKind;
}

export interface InterfaceState extends InterfaceSpec {
  present: boolean;
  operstate: string;
  carrier: boolean;
  /** Usable: carrier present and the kernel does not say it is down. */
  up: boolean;
}

const LTE_NAME = /^(wwan|wwp|ppp|usb|rmnet|cdc-wdm)/;

async function readText(path: string): Promise<string | null> {
  try {
    return (await readFile(path, "utf8")).trim();
  } catch {
    return null; // absent interface, or carrier of a down interface (EINVAL)
  }
}

/** Lists the interfaces to watch: the configured ones, or every non-loopback one found. */
export async function discoverInterfaces(root: string): Promise<InterfaceSpec[]> {
  let names: string[];
  try {
    names = await readdir(join(root, "sys/class/net"));
  } catch {
    return [];
  }
  return names
    .filter((n) => n !== "lo")
    .sort()
    .map((name) => ({ name, kind: LTE_NAME.test(name) ? "lte" : "ethernet" }));
}

export async function readInterfaces(
  root: string,
  specs: readonly InterfaceSpec[],
): Promise<InterfaceState[]> {
  return Promise.all(
    specs.map(async (spec) => {
      const dir = join(root, "sys/class/net", spec.name);
      const operstate = await readText(join(dir, "operstate"));
      const carrier = (await readText(join(dir, "carrier"))) === "1";
      // Point-to-point modem links often report operstate "unknown" while working.
      const up = carrier && (operstate === "up" || operstate === "unknown");
      return { ...spec, present: operstate !== null, operstate: operstate ?? "absent", carrier, up };
    }),
  );
}

const RTF_UP = 0x1;
const RTF_REJECT = 0x200;

/** Interfaces that carry a usable default route (IPv4 /proc/net/route and IPv6 /proc/net/ipv6_route). */
export async function readDefaultRoutes(root: string): Promise<string[]> {
  const out = new Set<string>();
  const v4 = await readText(join(root, "proc/net/route"));
  for (const line of (v4 ?? "").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [iface, destination, , flags, , , , mask] = f;
    if (destination === "00000000" && mask === "00000000" && (Number.parseInt(flags!, 16) & RTF_UP) !== 0) {
      out.add(iface!);
    }
  }
  const v6 = await readText(join(root, "proc/net/ipv6_route"));
  for (const line of (v6 ?? "").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const flags = Number.parseInt(f[8]!, 16);
    if (/^0{32}$/.test(f[0]!) && f[1] === "00" && (flags & RTF_UP) !== 0 && (flags & RTF_REJECT) === 0) {
      if (f[9] !== "lo") out.add(f[9]!);
    }
  }
  return [...out].sort();
}

export interface ModemInfo {
  state: string;
  signalQuality: number | null;
  accessTechnologies: string;
}

/** ModemManager's view (`mmcli -m any -K`); null when there is no ModemManager or no modem. */
export async function readModem(run: CommandRunner): Promise<ModemInfo | null> {
  const result = await run("mmcli", ["-m", "any", "-K"], { timeoutMs: 3_000 });
  if (result.code !== 0) return null;
  const values = new Map<string, string>();
  for (const line of result.stdout.split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) values.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  const state = values.get("modem.generic.state");
  if (state === undefined) return null;
  const quality = Number.parseInt(values.get("modem.generic.signal-quality.value") ?? "", 10);
  const tech = [...values.entries()]
    .filter(([k]) => k.startsWith("modem.generic.access-technologies.value"))
    .map(([, v]) => v)
    .filter((v) => v !== "" && v !== "--")
    .join(",");
  return { state, signalQuality: Number.isNaN(quality) ? null : quality, accessTechnologies: tech };
}
