// `nfce-kiosk sync`: transmits every pending note now and waits for the outcome (interfaces.md):
// one full sync round (queries first, then the queue, reconciliation and voiding). Exit 0 even with
// rejections (they are counted and listed); exit 1 when SEFAZ could not be reached at all.
import { openCore } from "../../app/open-core.js";
import { createSyncEngine } from "../../app/sync/sync-engine.js";
import { KioskError } from "../../errors.js";
import type { Command } from "../command.js";

export const syncCommand: Command = {
  name: "sync",
  summary: "transmit every pending note now and wait for the outcome",
  usage: "sync [--config FILE] [--json]",
  flags: [],
  async run(ctx) {
    const core = openCore({ config: ctx.config(), log: ctx.log });
    try {
      const engine = createSyncEngine({ core, isOnline: () => true, log: ctx.log });
      const r = await engine.runRound({ ignoreBackoff: true });
      let reached = r.reached;
      if (!reached && r.unanswered === 0) {
        // Nothing needed SEFAZ in this round: ask the status service whether it can be reached.
        const status = await core.sefaz!.status();
        reached = status.outcome === "answered" || status.outcome === "blocked";
      }
      if (!reached) {
        throw new KioskError(
          "KIOSK_ERR_SEFAZ_TRANSPORT",
          `SEFAZ could not be reached (${r.halted ?? "no answer"}); ${r.pending} note(s) still pending`,
          { retryable: true, operatorMessage: "Sem comunicação com a SEFAZ: as notas continuam pendentes." },
        );
      }
      const held = engine.held();
      const result = {
        sent: r.sent,
        authorized: r.authorized,
        rejected: r.rejected,
        pending: r.pending,
        corrected: r.corrected,
        cancelled: r.cancelled,
        voided: r.voided,
        held,
      };
      const lines = [
        `Enviadas: ${r.sent}  autorizadas: ${r.authorized}  rejeitadas: ${r.rejected}  pendentes: ${r.pending}`,
        ...(r.cancelled > 0 ? [`Tentativas em duplicidade canceladas: ${r.cancelled}`] : []),
        ...(r.voided > 0 ? [`Números inutilizados: ${r.voided}`] : []),
        ...held.map((h) => `Aguardando operador: ${h.key}: ${h.reason}`),
      ];
      ctx.output(result, lines.join("\n"));
      return 0;
    } finally {
      core.close();
    }
  },
};
