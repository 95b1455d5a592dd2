// Reconciling an online attempt whose answer never came ([A4] §5 "Exemplo prático"; NT 2018.004;
// nfce-reference §7): the sale was re-emitted offline with a new number; the first attempt is queried
// by key and then cancelled (110111 within 30 min), cancelled by substitution (110112 within 168 h,
// once the offline note is authorized), or its number voided if SEFAZ never got it (by the 10th of
// the next month). Pure: the lead wires it to the journal and the SEFAZ client.
import { addDays, localDateOf, startOfLocalDay } from "../time/zoned-time.js";

export interface OnlineAttempt {
  chave: string;
  serie: number;
  nNF: number;
  dhEmi: Date;
}

export type ConsultResult =
  | { kind: "authorized"; cStat: string; nProt: string; authorizedAt: Date }
  /** 217: not in SEFAZ's base. */
  | { kind: "not-found" }
  /** Already cancelled (101, 135, 151, 155) or the number already voided (206). */
  | { kind: "settled"; cStat: string }
  /** The query itself failed or got no answer. */
  | { kind: "unreachable" };

export interface OfflineSubstitute {
  chave: string;
  status: "pending" | "transmitting" | "authorized" | "rejected" | "held";
  dhEmi: Date;
}

export type ReconcileAction =
  | { action: "cancel"; tpEvento: "110111"; chave: string; nProt: string; xJust: string; deadline: Date }
  | {
      action: "cancel-by-substitution";
      tpEvento: "110112";
      chave: string;
      nProt: string;
      chNFeRef: string;
      xJust: string;
      deadline: Date;
    }
  | { action: "wait-for-substitute"; until: Date; reason: string }
  | { action: "void"; serie: number; nNFIni: number; nNFFin: number; xJust: string; deadline: Date }
  | { action: "query-again"; notBefore: Date; reason: string }
  | { action: "done"; reason: string }
  | { action: "hold"; reason: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 110111 for NFC-e: 30 min after authorization (NT 2018.004 2P12-14 -> 501). */
export const CANCEL_WINDOW_MS = 30 * MINUTE;
/** 110112: 168 h after the authorization of the note being cancelled (NT 2018.004 2P12-18; Aj. 07/18 cl. 15-A). */
export const SUBSTITUTION_WINDOW_MS = 168 * HOUR;
/** 110112: substitute dhEmi at most 2 h after the original's (NT 2018.004 5P31-20 -> 914). */
export const SUBSTITUTE_MAX_DELAY_MS = 2 * HOUR;
/** Keep this much in hand so the event does not arrive a second late (501). */
export const EVENT_SAFETY_MARGIN_MS = 2 * MINUTE;
/**
 * A tpEmis=1 note received more than 5 min after its dhEmi is rejected (B09-40 -> 704); after this
 * margin a "not found" is final and the number can be voided safely.
 */
export const LATE_ARRIVAL_MARGIN_MS = 10 * MINUTE;
export const QUERY_RETRY_MS = MINUTE;

export const CANCEL_XJUST =
  "NFC-e emitida em duplicidade: a venda foi acobertada por NFC-e emitida em contingência";
export const VOID_XJUST =
  "Numeração não utilizada: emissão sem resposta da SEFAZ, venda emitida em contingência";
export const GAP_XJUST = "Numeração não utilizada: salto na sequência de numeração sem emissão de NFC-e";

/** End (23:59:59.999 local) of the 10th day of the month after `emittedAt` (Aj. SINIEF 19/16 cl. 16). */
export function voidingDeadline(emittedAt: Date, timeZone: string): Date {
  const d = localDateOf(emittedAt, timeZone);
  const next =
    d.month === 12 ? { year: d.year + 1, month: 1, day: 10 } : { year: d.year, month: d.month + 1, day: 10 };
  return new Date(startOfLocalDay(addDays(next, 1), timeZone).getTime() - 1);
}

const tpEmisOf = (chave: string) => chave.charAt(34);

export function reconcileOnlineAttempt(input: {
  attempt: OnlineAttempt;
  consultResult: ConsultResult;
  offlineSubstitute: OfflineSubstitute | null;
  now: Date;
  /** The UF's zone (timeZoneOfUf) for the voiding deadline. */
  timeZone: string;
}): ReconcileAction {
  const { attempt, consultResult: consult, offlineSubstitute: sub, now } = input;
  const t = now.getTime();
  switch (consult.kind) {
    case "unreachable":
      return {
        action: "query-again",
        notBefore: new Date(t + QUERY_RETRY_MS),
        reason: "consulta sem resposta",
      };
    case "settled":
      return { action: "done", reason: `situação já resolvida na SEFAZ (cStat ${consult.cStat})` };
    case "not-found": {
      const finalAt = attempt.dhEmi.getTime() + LATE_ARRIVAL_MARGIN_MS;
      if (t < finalAt) {
        return {
          action: "query-again",
          notBefore: new Date(finalAt),
          reason: "a SEFAZ ainda pode receber a tentativa atrasada; consultar de novo antes de inutilizar",
        };
      }
      return {
        action: "void",
        serie: attempt.serie,
        nNFIni: attempt.nNF,
        nNFFin: attempt.nNF,
        xJust: VOID_XJUST,
        deadline: voidingDeadline(attempt.dhEmi, input.timeZone),
      };
    }
    case "authorized":
      break;
  }
  const authorizedAt = consult.authorizedAt.getTime();
  const elapsed = t - authorizedAt;
  if (elapsed <= CANCEL_WINDOW_MS - EVENT_SAFETY_MARGIN_MS) {
    return {
      action: "cancel",
      tpEvento: "110111",
      chave: attempt.chave,
      nProt: consult.nProt,
      xJust: CANCEL_XJUST,
      deadline: new Date(authorizedAt + CANCEL_WINDOW_MS),
    };
  }
  const substitutionDeadline = new Date(authorizedAt + SUBSTITUTION_WINDOW_MS);
  if (elapsed > SUBSTITUTION_WINDOW_MS - EVENT_SAFETY_MARGIN_MS) {
    return {
      action: "hold",
      reason:
        "Nota em duplicidade autorizada há mais de 168 h: o prazo de cancelamento por substituição acabou. Procure o contador (cancelamento extemporâneo na SEFAZ).",
    };
  }
  if (sub === null) {
    return {
      action: "hold",
      reason:
        "Nota autorizada sem nota substituta em contingência registrada: verifique a venda com o suporte técnico.",
    };
  }
  // NT 2018.004 P12-48 (920): the cancelled note is tpEmis 1 and the substitute tpEmis 9.
  if (tpEmisOf(attempt.chave) !== "1" || tpEmisOf(sub.chave) !== "9") {
    return {
      action: "hold",
      reason: "Chaves incompatíveis com o cancelamento por substituição (rejeição 920).",
    };
  }
  if (sub.dhEmi.getTime() - attempt.dhEmi.getTime() > SUBSTITUTE_MAX_DELAY_MS) {
    return {
      action: "hold",
      reason:
        "A nota substituta foi emitida mais de 2 h depois da original (rejeição 914): o cancelamento por substituição não é possível. Procure o contador.",
    };
  }
  if (sub.status === "authorized") {
    return {
      action: "cancel-by-substitution",
      tpEvento: "110112",
      chave: attempt.chave,
      nProt: consult.nProt,
      chNFeRef: sub.chave,
      xJust: CANCEL_XJUST,
      deadline: substitutionDeadline,
    };
  }
  if (sub.status === "pending" || sub.status === "transmitting") {
    return {
      action: "wait-for-substitute",
      until: substitutionDeadline,
      reason:
        "aguardando a autorização da nota substituta em contingência para o cancelamento por substituição",
    };
  }
  return {
    action: "hold",
    reason: `A nota substituta em contingência não está autorizada (${sub.status}): resolva-a antes de ${substitutionDeadline.toISOString()} para cancelar a original por substituição.`,
  };
}

export interface NumberGap {
  serie: number;
  nNFIni: number;
  nNFFin: number;
  /** When the gap appeared (the emission that skipped the numbers). */
  openedAt: Date;
}

/**
 * Gaps in the numbering must be voided by the 10th of the next month (from the 11th they are presumed
 * offline notes never transmitted: nfce-reference §7). Numbers of offline notes are never voided
 * ([A4] §5; MG FAQ 2, 6): they are cut out of the ranges.
 */
export function planGapVoiding(input: {
  gaps: readonly NumberGap[];
  offlineNumbers: ReadonlySet<number>;
  timeZone: string;
}): Array<{ serie: number; nNFIni: number; nNFFin: number; xJust: string; deadline: Date }> {
  const out: Array<{ serie: number; nNFIni: number; nNFFin: number; xJust: string; deadline: Date }> = [];
  for (const gap of input.gaps) {
    const deadline = voidingDeadline(gap.openedAt, input.timeZone);
    let start: number | null = null;
    for (let n = gap.nNFIni; n <= gap.nNFFin + 1; n++) {
      const usable = n <= gap.nNFFin && !input.offlineNumbers.has(n);
      if (usable && start === null) start = n;
      if (!usable && start !== null) {
        out.push({ serie: gap.serie, nNFIni: start, nNFFin: n - 1, xJust: GAP_XJUST, deadline });
        start = null;
      }
    }
  }
  return out.sort((a, b) => a.deadline.getTime() - b.deadline.getTime() || a.nNFIni - b.nNFIni);
}
