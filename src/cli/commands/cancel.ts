// `nfce-kiosk cancel --chave K --reason TEXT`: cancellation event 110111 of an authorized note of
// this kiosk, within the 30 minutes of the NFC-e (SEFAZ answers 501 after that). The event and the
// new state go to the journal; a duplicate (573) is settled by querying the key.
import { readFileSync } from "node:fs";
import { systemClock } from "../../clock.js";
import { KioskError } from "../../errors.js";
import { assertCertificateUsable, loadPkcs12 } from "../../fiscal/certificate.js";
import { formatLocalDateTime } from "../../fiscal/datetime.js";
import { createSefazClient, governorStoreOn } from "../../fiscal/sefaz/create-sefaz-client.js";
import type { EventResult } from "../../fiscal/sefaz/results.js";
import { elementRaw, textOf } from "../../fiscal/sefaz/xml-text.js";
import { journalFromConfig } from "../../journal/journal-from-config.js";
import type { Command } from "../command.js";

function failureOf(r: Exclude<EventResult, { outcome: "registered" }>): KioskError {
  switch (r.outcome) {
    case "rejected":
      return new KioskError(
        "KIOSK_ERR_SEFAZ_REJECTED",
        `SEFAZ refused the cancellation: cStat ${r.cStat} ${r.xMotivo}`,
        {
          operatorMessage: `Cancelamento recusado pela SEFAZ (${r.cStat}): ${r.xMotivo}`,
        },
      );
    case "blocked":
      return new KioskError("KIOSK_ERR_SEFAZ_BLOCKED", `${r.reason}; requests held until ${r.until}`);
    default:
      return new KioskError("KIOSK_ERR_SEFAZ_TRANSPORT", `no answer from SEFAZ (${r.outcome}): ${r.reason}`, {
        retryable: true,
      });
  }
}

export const cancelCommand: Command = {
  name: "cancel",
  summary: "cancellation event (110111)",
  usage: "cancel --chave K --reason TEXT [--config FILE] [--json]",
  flags: ["chave", "reason"],
  async run(ctx) {
    const chave = ctx.flags.require("chave");
    const reason = ctx.flags.require("reason").trim();
    if (!/^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$/.test(chave)) {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "--chave must be a 44-character access key", {
        field: "--chave",
      });
    }
    if (reason.length < 15 || reason.length > 255) {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "--reason must have 15 to 255 characters (xJust)", {
        field: "--reason",
      });
    }
    const config = ctx.config();
    const clock = systemClock;
    const journal = journalFromConfig(config, clock, ctx.log);
    try {
      const note = journal.getNote(chave);
      if (!note)
        throw new KioskError("KIOSK_ERR_NOT_FOUND", `no note ${chave} in the journal`, { field: "--chave" });
      if (note.state !== "authorized" || !note.nProt) {
        throw new KioskError(
          "KIOSK_ERR_INPUT_INVALID",
          `note ${chave} is ${note.status}, not authorized: nothing to cancel`,
          {
            field: "--chave",
          },
        );
      }
      const identity = loadPkcs12(readFileSync(config.certificate.path), config.certificate.password);
      assertCertificateUsable(identity, clock.now(), config.emitter);
      const client = createSefazClient(config, identity, { clock, governorStore: governorStoreOn(journal) });
      const dhEvento = formatLocalDateTime(clock.now(), config.emitter.address.uf);
      let r = await client.cancel({ chave, nProt: note.nProt, xJust: reason, dhEvento });
      if (r.outcome === "rejected" && r.cStat === "573")
        r = await settledDuplicate(r, await client.consult(chave));
      if (r.outcome !== "registered") throw failureOf(r);
      journal.recordEvent(
        {
          chave,
          tpEvento: "110111",
          nSeqEvento: 1,
          xml: r.eventoXml,
          cStat: r.cStat,
          xMotivo: r.xMotivo,
          nProt: r.nProt,
          procXml: r.procEventoXml,
        },
        "operator",
      );
      // recordEvent moves the note to "cancelled" in the same transaction (135/155).
      ctx.output(
        { cStat: r.cStat, nProt: r.nProt },
        `Cancelamento registrado (cStat ${r.cStat}), protocolo ${r.nProt}.`,
      );
      return 0;
    } finally {
      journal.close();
    }
  },
};

/** 573: the event exists already (an earlier attempt whose answer was lost): take it from the query. */
async function settledDuplicate(
  duplicate: EventResult,
  consult: Awaited<ReturnType<ReturnType<typeof createSefazClient>["consult"]>>,
): Promise<EventResult> {
  if (consult.outcome !== "cancelled") return duplicate;
  const proc = consult.eventsXml.find((e) => textOf(e, "tpEvento") === "110111");
  if (!proc) return duplicate;
  const retEvento = elementRaw(proc, "retEvento") ?? "";
  return {
    outcome: "registered",
    cStat: textOf(retEvento, "cStat") ?? "135",
    xMotivo: textOf(retEvento, "xMotivo") ?? "",
    nProt: textOf(retEvento, "nProt") ?? "",
    dhRegEvento: textOf(retEvento, "dhRegEvento") ?? "",
    eventoXml: elementRaw(proc, "evento") ?? "",
    retEventoXml: retEvento,
    procEventoXml: proc,
  };
}
