// The demo's link probe: a TLS handshake with the embedded simulator (refused while it is "down"),
// then its status service. A laptop's network interfaces say nothing about a simulator on loopback.
import { readFileSync } from "node:fs";
import type { ResolvedConfig } from "../../config/schema.js";
import type { LinkObservation } from "../../watchdog/link-state.js";
import { type ProbeOutcome, probeStatusService, probeTls } from "../../watchdog/probe-remote.js";
import type { KioskCore } from "../open-core.js";
import { contingencyGuard, spacedStatus } from "../status-probe.js";

export function demoProbe(core: KioskCore, config: ResolvedConfig, timeoutMs: number) {
  const url = new URL(config.sefaz.urls?.status ?? "https://127.0.0.1");
  const ca = config.sefaz.caFile ? readFileSync(config.sefaz.caFile, "utf8") : undefined;
  const status = core.sefaz ? spacedStatus(core.sefaz, contingencyGuard(core)) : undefined;
  return async (): Promise<LinkObservation> => {
    const tls = await probeTls({
      host: url.hostname,
      port: Number(url.port),
      key: core.identity.privateKeyPem,
      cert: core.identity.certificatePem,
      ...(ca ? { ca } : {}),
      timeoutMs,
    });
    const outcome: ProbeOutcome =
      !tls.ok || status === undefined ? tls : await probeStatusService({ timeoutMs, status });
    return outcome.ok
      ? { type: "probe-ok", detail: outcome.detail }
      : {
          type: "probe-failed",
          cause: outcome.cause,
          detail: outcome.detail,
          ...(outcome.immediate ? { immediate: true } : {}),
        };
  };
}
