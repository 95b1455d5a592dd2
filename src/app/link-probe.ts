// The watchdog's probe round for this kiosk: interfaces and routes from /sys and /proc, DNS of the
// authorization host, a TLS handshake with the A1 certificate, and the status service.
import { readFileSync } from "node:fs";
import type { ResolvedConfig } from "../config/schema.js";
import { resolveEndpoints } from "../fiscal/sefaz/endpoints.js";
import { execFileRunner } from "../watchdog/command-runner.js";
import type { LinkObservation } from "../watchdog/link-state.js";
import { systemResolve } from "../watchdog/probe-remote.js";
import { runLinkProbes } from "../watchdog/run-probes.js";
import { watchdogSettings } from "../watchdog/watchdog-settings.js";
import type { KioskCore } from "./open-core.js";
import { contingencyGuard, spacedStatus } from "./status-probe.js";

export function linkProbeFor(
  config: ResolvedConfig,
  core: KioskCore,
  root: string,
): (options: { includeStatus: boolean }) => Promise<LinkObservation> {
  const endpoints = resolveEndpoints(config.emitter.address.uf, config.environment, config.sefaz.urls ?? {});
  const url = new URL(endpoints.urls.autorizacao);
  const settings = watchdogSettings(config);
  const ca = config.sefaz.caFile ? readFileSync(config.sefaz.caFile, "utf8") : undefined;
  const sefaz = core.sefaz;
  return async (options) => {
    const report = await runLinkProbes(
      {
        root,
        run: execFileRunner,
        ...(settings.interfaces ? { interfaces: settings.interfaces } : {}),
        dns: { host: url.hostname, resolve: systemResolve },
        tls: {
          host: url.hostname,
          port: url.port ? Number(url.port) : 443,
          key: core.identity.privateKeyPem,
          cert: core.identity.certificatePem,
          ...(ca ? { ca } : {}),
        },
        ...(sefaz
          ? {
              status: {
                slowMs: settings.statusSlowMs,
                status: spacedStatus(sefaz, contingencyGuard(core)),
              },
            }
          : {}),
      },
      options,
    );
    return report.observation;
  };
}
