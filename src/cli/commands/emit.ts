// `nfce-kiosk emit --sale FILE [--offline] [--out DIR]`: one NFC-e, end to end (interfaces.md).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { cliPrinter } from "../../app/cli-printer.js";
import { openCore } from "../../app/open-core.js";
import { readSaleFile } from "../../app/read-sale-file.js";
import { systemClock } from "../../clock.js";
import { writeFileDurable } from "../../journal/durable-file.js";
import type { Command } from "../command.js";

export const emitCommand: Command = {
  name: "emit",
  summary: "emit one NFC-e from a sale file",
  usage: "emit --sale FILE [--offline] [--out DIR] [--config FILE] [--json]",
  flags: ["sale", "offline", "out"],
  async run(ctx) {
    const sale = readSaleFile(ctx.flags.require("sale"));
    const config = ctx.config();
    const offline = ctx.flags.has("offline");
    const printer = await cliPrinter(config, systemClock, ctx.log);
    const core = openCore({ config, log: ctx.log, offlineOnly: offline, ...(printer ? { printer } : {}) });
    try {
      const result = await core.pipeline.emit(sale, { offline, operator: "cli" });
      const out = ctx.flags.get("out");
      if (out !== undefined) {
        mkdirSync(out, { recursive: true });
        const xml = core.journal.getDocument(result.chave, "nfe")!;
        const receipt =
          core.journal.getDocument(result.chave, "receipt") ?? core.receipts.render(result.chave).bytes;
        writeFileDurable(join(out, `${result.chave}.xml`), xml, 0o644);
        writeFileDurable(join(out, `${result.chave}.escpos`), receipt, 0o644);
      }
      const { chave, nNF, serie, tpEmis, status, cStat, nProt, qrCode } = result;
      ctx.output(
        { chave, nNF, serie, tpEmis, status, cStat, nProt, qrCode },
        `NFC-e ${nNF} série ${serie} ${tpEmis === 9 ? "emitida em contingência (pendente de autorização)" : `status: ${status}`}\nchave: ${chave}${nProt ? `\nprotocolo: ${nProt}` : ""}${result.printed === false ? `\nATENÇÃO: cupom não impresso (${result.printError ?? "impressora"})` : ""}`,
      );
      return 0;
    } finally {
      core.close();
      await printer?.stop();
    }
  },
};
