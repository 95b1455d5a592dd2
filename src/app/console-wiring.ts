// Wires the technician console (src/console) to the running kiosk: each provider answers from the
// journal, the devices, the watchdog or SEFAZ (createFrontEnds starts the console when configured).
import { randomUUID } from "node:crypto";
import type { ResolvedConfig } from "../config/schema.js";
import type { ConsoleProviders } from "../console/console-providers.js";
import { collectDiag } from "../console/diag.js";
import type { Hal } from "../hal/create-hal.js";
import { exportJournal } from "../journal/export-files.js";
import { transmissionDeadline } from "../watchdog/deadline.js";
import type { LinkWatchdog } from "../watchdog/link-watchdog.js";
import type { KioskServiceImpl } from "./kiosk-service-impl.js";
import type { KioskCore } from "./open-core.js";

export interface ConsoleWiringDeps {
  config: ResolvedConfig;
  core: KioskCore;
  hal: Hal;
  service: KioskServiceImpl;
  watchdog: LinkWatchdog;
}

export function consoleProviders(deps: ConsoleWiringDeps): ConsoleProviders {
  const { core, hal, service, watchdog, config } = deps;
  return {
    status: () => service.status(),
    probes: async () => {
      const state = await watchdog.probeNow();
      return [
        {
          name: "enlace",
          ok: state.status === "online",
          detail: `${state.cause ?? "ok"} ${state.detail}`.trim(),
        },
      ];
    },
    journalSummary: async () => {
      const counts: Record<string, number | string> = {};
      for (const n of core.journal.listNotes())
        counts[n.status] = ((counts[n.status] as number | undefined) ?? 0) + 1;
      counts["próximo número"] = core.journal.nextNumber(config.series);
      return counts;
    },
    journalVerify: async () => {
      const r = core.journal.verify();
      return { ok: r.ok, problems: r.problems.map((p) => p.message) };
    },
    pending: async () =>
      core.journal.pendingNotes().map((n) => ({
        nNF: n.nNF,
        serie: n.series,
        emittedAt: n.dhEmi,
        deadlineAt: transmissionDeadline(new Date(n.dhEmi), config.emitter.address.uf).toISOString(),
      })),
    printerStatus: async () => {
      const s = hal.printer.status();
      return { state: s.state, detail: s.detail };
    },
    printerTest: async () => {
      const text = "TESTE DE IMPRESSAO nfce-kiosk\n\n\n";
      return hal.printer.print(new TextEncoder().encode(text));
    },
    ledTest: async () => {
      hal.leds.show({ online: "blink-fast", contingency: "blink-fast", fault: "blink-fast" });
      await new Promise((r) => setTimeout(r, 3000));
      service.publishStatus();
    },
    sefazStatus: async () => {
      const started = Date.now();
      const r = core.sefaz
        ? await core.sefaz.status()
        : { outcome: "unreachable" as const, reason: "sem cliente SEFAZ" };
      const ms = Date.now() - started;
      return r.outcome === "answered"
        ? { cStat: r.cStat, xMotivo: r.xMotivo, ms }
        : { cStat: "-", xMotivo: `${r.outcome}: ${r.reason}`, ms };
    },
    certificate: () => ({
      subject: core.identity.subject,
      notAfter: core.identity.notAfter.toISOString(),
      cscExpiresAt: config.csc?.expiresAt ?? null,
    }),
    clock: () => ({
      now: core.clock.now().toISOString(),
      source: config.clock.trust === "always" ? "config" : "sistema",
      synchronized: true,
    }),
    diag: () => collectDiag(undefined, config.dataDir),
    sync: (operator) => service.syncNow(operator),
    exportTo: async (dir) => {
      const r = exportJournal(core.journal, `${dir}/nfce-export-${randomUUID().slice(0, 8)}`);
      return { files: r.files.length };
    },
  };
}
