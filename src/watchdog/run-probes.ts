// Tiered probing, cheapest first; the first tier that fails names the cause (platform-notes §8):
// links (carrier) -> default route -> DNS -> TLS with the client certificate -> status service.
import type { CommandRunner } from "./command-runner.js";
import type { LinkCause, LinkObservation } from "./link-state.js";
import {
  discoverInterfaces,
  type InterfaceSpec,
  type InterfaceState,
  type ModemInfo,
  readDefaultRoutes,
  readInterfaces,
  readModem,
} from "./probe-local.js";
import {
  type DnsProbeOptions,
  type ProbeOutcome,
  probeDns,
  probeStatusService,
  probeTls,
  type StatusProbeOptions,
  type TlsProbeOptions,
} from "./probe-remote.js";

export type ProbeTier = "link" | "route" | "dns" | "tls" | "status";

export interface LinkProbeDeps {
  /** "/" in production; a temp tree in tests. */
  root: string;
  /** Interfaces to watch; all non-loopback ones when absent. */
  interfaces?: readonly InterfaceSpec[];
  /** Runs mmcli; no modem information without it. */
  run?: CommandRunner;
  dns?: DnsProbeOptions;
  tls?: TlsProbeOptions;
  status?: StatusProbeOptions;
}

export interface ProbeReport {
  observation: LinkObservation;
  /** The tiers that ran, in order, with their outcome (for status and diagnostics). */
  tiers: Array<{ tier: ProbeTier; outcome: ProbeOutcome }>;
  interfaces: InterfaceState[];
  defaultRoutes: string[];
  modem: ModemInfo | null;
}

/** With no usable link, the cause names the uplink that should be there: the cable first. */
function linkCause(states: readonly InterfaceState[], modem: ModemInfo | null): LinkCause {
  const hasEthernet = states.some((s) => s.kind === "ethernet");
  const hasLte = states.some((s) => s.kind === "lte") || modem !== null;
  return hasEthernet || !hasLte ? "lan" : "lte";
}

function describe(states: readonly InterfaceState[], modem: ModemInfo | null): string {
  const links = states.map(
    (s) => `${s.name}=${s.up ? "ok" : s.present ? `sem sinal (${s.operstate})` : "ausente"}`,
  );
  if (modem !== null)
    links.push(`modem=${modem.state}${modem.signalQuality === null ? "" : ` ${modem.signalQuality}%`}`);
  return links.join(", ");
}

export async function runLinkProbes(
  deps: LinkProbeDeps,
  options: { includeStatus: boolean } = { includeStatus: true },
): Promise<ProbeReport> {
  const specs = deps.interfaces ?? (await discoverInterfaces(deps.root));
  const [interfaces, defaultRoutes, modem] = await Promise.all([
    readInterfaces(deps.root, specs),
    readDefaultRoutes(deps.root),
    deps.run === undefined ? Promise.resolve(null) : readModem(deps.run),
  ]);
  const tiers: ProbeReport["tiers"] = [];
  const report = (observation: LinkObservation): ProbeReport => ({
    observation,
    tiers,
    interfaces,
    defaultRoutes,
    modem,
  });
  const fail = (tier: ProbeTier, outcome: ProbeOutcome & { ok: false }): ProbeReport => {
    tiers.push({ tier, outcome });
    return report({
      type: "probe-failed",
      cause: outcome.cause,
      detail: outcome.detail,
      immediate: outcome.immediate,
    });
  };

  const up = interfaces.filter((s) => s.up);
  if (up.length === 0) {
    // No carrier at all: offline at once (platform-notes §8 tier 1).
    const detail = describe(interfaces, modem) || "nenhuma interface de rede";
    return fail("link", { ok: false, cause: linkCause(interfaces, modem), detail, immediate: true });
  }
  tiers.push({ tier: "link", outcome: { ok: true, latencyMs: 0, detail: describe(interfaces, modem) } });

  const routed = up.filter((s) => defaultRoutes.includes(s.name));
  if (routed.length === 0) {
    const cause: LinkCause = up.every((s) => s.kind === "lte") ? "lte" : "lan";
    return fail("route", { ok: false, cause, detail: "sem rota padrão", immediate: true });
  }
  tiers.push({
    tier: "route",
    outcome: { ok: true, latencyMs: 0, detail: `rota padrão via ${routed[0]!.name}` },
  });

  const remote: Array<[ProbeTier, (() => Promise<ProbeOutcome>) | undefined]> = [
    ["dns", deps.dns && (() => probeDns(deps.dns!))],
    ["tls", deps.tls && (() => probeTls(deps.tls!))],
    ["status", options.includeStatus && deps.status ? () => probeStatusService(deps.status!) : undefined],
  ];
  for (const [tier, probe] of remote) {
    if (probe === undefined) continue;
    const outcome = await probe();
    if (!outcome.ok) return fail(tier, outcome);
    tiers.push({ tier, outcome });
  }
  const last = tiers[tiers.length - 1]!;
  return report({ type: "probe-ok", detail: last.outcome.detail });
}
