// The status line (interfaces.md `status`): mode and cause from the contingency state, the offline
// backlog from the journal, and the transmission deadline of the oldest offline note ([A4] §2-4).
import type { ResolvedConfig } from "../config/schema.js";
import type { Journal } from "../journal/journal.js";
import type { ContingencyModel } from "../watchdog/contingency-model.js";
import { deadlineCountdown, formatRemainingPtBr, transmissionDeadline } from "../watchdog/deadline.js";
import type { StatusResult } from "./kiosk-service.js";

const CAUSE_PT: Record<string, string> = {
  lan: "rede local fora do ar",
  lte: "conexão móvel (LTE) fora do ar",
  internet: "sem acesso à internet",
  "sefaz-down": "SEFAZ indisponível",
  "sefaz-slow": "SEFAZ sem resposta a tempo",
  "sefaz-paused": "SEFAZ em paralisação",
  manual: "contingência acionada manualmente",
};

export function statusView(input: {
  config: ResolvedConfig;
  journal: Journal;
  model: ContingencyModel;
  now: Date;
}): StatusResult {
  const { journal, model, now } = input;
  const backlog = journal.offlineBacklog();
  const oldest = backlog.oldestDhEmi === undefined ? null : new Date(backlog.oldestDhEmi);
  const deadline = oldest === null ? null : transmissionDeadline(oldest, input.config.emitter.address.uf);
  const countdown = deadline === null ? null : deadlineCountdown(deadline, now);
  const cause = model.mode === "contingency" ? model.episode.cause : null;
  const rejected = journal.listNotes({ status: "rejected" }).length;
  const causeText =
    model.mode === "online"
      ? backlog.count > 0
        ? `online; ${backlog.count} nota(s) a transmitir`
        : "online"
      : `contingência: ${CAUSE_PT[cause ?? ""] ?? cause}`;
  return {
    mode: model.mode,
    cause,
    pending: backlog.count,
    oldestPendingAt: oldest === null ? null : oldest.toISOString(),
    deadlineAt: deadline === null ? null : deadline.toISOString(),
    ...(countdown ? { deadlineLevel: countdown.level } : {}),
    causeText: countdown ? `${causeText}; prazo ${formatRemainingPtBr(countdown.remainingMs)}` : causeText,
    rejected,
    manual: model.mode === "contingency" && model.episode.manual !== null,
  };
}
