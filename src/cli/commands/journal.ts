// journal list | verify | export (interfaces.md). Human output in pt-BR; --json as the contract says.
import { systemClock } from "../../clock.js";
import { KioskError } from "../../errors.js";
import { exportJournal } from "../../journal/export-files.js";
import { journalFromConfig } from "../../journal/journal-from-config.js";
import { noteListRow } from "../../journal/list-row.js";
import type { Command, CommandContext } from "../command.js";

const USAGE =
  "journal list [--status S] | journal verify [--quick] | journal export --out DIR [--month YYYY-MM]";

const STATUS_PT: Record<string, string> = {
  authorized: "autorizada",
  pending: "pendente",
  rejected: "rejeitada",
  cancelled: "cancelada",
  voided: "inutilizada",
  abandoned: "a inutilizar",
};

async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...extra] = ctx.positionals;
  if (sub === undefined || !["list", "verify", "export"].includes(sub) || extra.length > 0)
    throw new KioskError("KIOSK_ERR_USAGE", `usage: nfce-kiosk ${USAGE}`);
  const journal = journalFromConfig(ctx.config(), systemClock, ctx.log);
  try {
    if (sub === "list") {
      const status = ctx.flags.get("status");
      const rows = journal.listNotes(status === undefined ? {} : { status }).map(noteListRow);
      const human =
        rows.length === 0
          ? "Nenhuma nota no diário."
          : rows
              .map(
                (r) =>
                  `${String(r.serie).padStart(3)} ${String(r.nNF).padStart(9)}  tpEmis ${r.tpEmis}  ${(STATUS_PT[r.status] ?? r.status).padEnd(13)} ${r.state.padEnd(12)} ${r.chave}${r.nProt ? `  prot ${r.nProt}` : ""}`,
              )
              .join("\n");
      ctx.output(rows, human);
      return 0;
    }
    if (sub === "verify") {
      const result = journal.verify({ full: !ctx.flags.has("quick") });
      const human = result.ok
        ? "Diário íntegro: banco, trilha de auditoria e numeração conferidos."
        : `Diário com PROBLEMAS (${result.problems.length}):\n${result.problems.map((p) => `- [${p.kind}] ${p.message}`).join("\n")}`;
      ctx.output(result, human);
      return result.ok ? 0 : 1;
    }
    const out = ctx.flags.require("out");
    const month = ctx.flags.get("month");
    const { files, summary } = exportJournal(journal, out, month);
    ctx.output(
      { files, summary },
      `${files.length} arquivos gravados em ${out} (${summary.notes} notas, total autorizado R$ ${summary.authorizedTotal}).`,
    );
    return 0;
  } finally {
    journal.close();
  }
}

export const journalCommand: Command = {
  name: "journal",
  summary: "journal list | verify | export",
  usage: USAGE,
  flags: ["status", "out", "month", "quick"],
  run,
};
