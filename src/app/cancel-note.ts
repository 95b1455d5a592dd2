// Cancellation (event 110111) of an authorized note of this kiosk, within the NFC-e's 30 minutes
// (SEFAZ answers 501 after that: [MOC-A1] 2P12-14). Used by the CLI `cancel` and the service.
// A duplicate (573: an earlier attempt whose answer was lost) is settled by querying the key.
import { KioskError } from "../errors.js";
import { assertCertificateUsable } from "../fiscal/certificate.js";
import { formatLocalDateTime } from "../fiscal/datetime.js";
import { sanitizeText } from "../fiscal/sanitize-text.js";
import type { EventResult } from "../fiscal/sefaz/results.js";
import type { KioskCore } from "./open-core.js";
import { eventFromConsult, recordRegisteredEvent } from "./sync/record-event.js";

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
        operatorMessage: "Sem resposta da SEFAZ: tente cancelar de novo em instantes.",
      });
  }
}

export function validateCancelInput(chave: string, reason: string): string {
  if (!/^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$/.test(chave))
    throw new KioskError("KIOSK_ERR_INPUT_INVALID", "chave must be a 44-character access key", {
      field: "chave",
    });
  // Typed text (a textarea may hold line breaks, typographic quotes, emoji) becomes what TJust accepts.
  const trimmed = sanitizeText(reason);
  if (trimmed.length < 15 || trimmed.length > 255)
    throw new KioskError("KIOSK_ERR_INPUT_INVALID", "reason must have 15 to 255 characters (xJust)", {
      field: "reason",
      operatorMessage: "Escreva o motivo do cancelamento com pelo menos 15 letras.",
    });
  return trimmed;
}

export async function cancelNote(
  core: KioskCore,
  chave: string,
  reason: string,
  who: string,
): Promise<{ cStat: string; nProt: string }> {
  const xJust = validateCancelInput(chave, reason);
  const note = core.journal.getNote(chave);
  if (!note)
    throw new KioskError("KIOSK_ERR_NOT_FOUND", `no note ${chave} in the journal`, { field: "chave" });
  if (note.state !== "authorized" || !note.nProt)
    throw new KioskError(
      "KIOSK_ERR_INPUT_INVALID",
      `note ${chave} is ${note.status}, not authorized: nothing to cancel`,
      {
        field: "chave",
        operatorMessage: "Só uma nota autorizada pode ser cancelada.",
      },
    );
  if (!core.sefaz) throw new KioskError("KIOSK_ERR_SEFAZ_TRANSPORT", "no SEFAZ client in this process");
  const now = core.clock.now();
  assertCertificateUsable(core.identity, now, core.config.emitter);
  const dhEvento = formatLocalDateTime(now, core.config.emitter.address.uf);
  let r = await core.sefaz.cancel({ chave, nProt: note.nProt, xJust, dhEvento });
  // 573: an earlier attempt registered it and its answer was lost: take it from the consultation.
  if (r.outcome === "rejected" && r.cStat === "573")
    r = eventFromConsult(await core.sefaz.consult(chave), "110111") ?? r;
  if (r.outcome !== "registered") throw failureOf(r);
  // recordEvent moves the note to "cancelled" in the same transaction (135/155).
  recordRegisteredEvent(core.journal, chave, "110111", r, who);
  return { cStat: r.cStat, nProt: r.nProt };
}

export function createCanceller(core: KioskCore) {
  return {
    cancel: (chave: string, reason: string, who: string) => cancelNote(core, chave, reason, who),
  };
}
