// `nfce-kiosk cancel --chave K --reason TEXT`: cancellation event 110111 of an authorized note of
// this kiosk. The work is app/cancel-note.ts (shared with the service); this is the CLI shell.
import { cancelNote, validateCancelInput } from "../../app/cancel-note.js";
import { openCore } from "../../app/open-core.js";
import type { Command } from "../command.js";

export const cancelCommand: Command = {
  name: "cancel",
  summary: "cancellation event (110111)",
  usage: "cancel --chave K --reason TEXT [--config FILE] [--json]",
  flags: ["chave", "reason"],
  async run(ctx) {
    const chave = ctx.flags.require("chave");
    const reason = ctx.flags.require("reason");
    // Refuse bad input before the journal and the certificate are even opened.
    validateCancelInput(chave, reason);
    const core = openCore({ config: ctx.config(), log: ctx.log });
    try {
      const r = await cancelNote(core, chave, reason, "operator");
      ctx.output(r, `Cancelamento registrado (cStat ${r.cStat}), protocolo ${r.nProt}.`);
      return 0;
    } finally {
      core.close();
    }
  },
};
