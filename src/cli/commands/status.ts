// `nfce-kiosk status`: mode and queue, read from the journal (works with or without the service).

import { ContingencyState } from "../../app/contingency-state.js";
import { statusView } from "../../app/status-view.js";
import { systemClock } from "../../clock.js";
import { journalFromConfig } from "../../journal/journal-from-config.js";
import type { Command } from "../command.js";

export const statusCommand: Command = {
  name: "status",
  summary: "mode and queue",
  usage: "status [--config FILE] [--json]",
  flags: [],
  async run(ctx) {
    const config = ctx.config();
    const journal = journalFromConfig(config, systemClock, ctx.log);
    try {
      const model = new ContingencyState(journal, config, systemClock).snapshot();
      const s = statusView({ config, journal, model, now: systemClock.now() });
      const { mode, cause, pending, oldestPendingAt, deadlineAt } = s;
      ctx.output(
        { mode, cause, pending, oldestPendingAt, deadlineAt },
        `modo: ${mode === "online" ? "online" : "contingência"}${cause ? ` (${cause})` : ""}\n${s.causeText}\nnotas pendentes: ${pending}${deadlineAt ? `\nprazo: ${new Date(deadlineAt).toLocaleString("pt-BR", { timeZone: "America/Sao_Paulo" })}` : ""}`,
      );
      return 0;
    } finally {
      journal.close();
    }
  },
};
