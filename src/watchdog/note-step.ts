// What to do with a note after SEFAZ answered (or did not): nfce-reference §6 classes, [A4] §3/§5
// (a rejected offline note is regenerated with the same number, series, key and cNF, fixed, re-signed
// and resent). Pure; the cStat class comes from the SEFAZ client's table (fiscal/sefaz/cstat-table).
import { retryDelayMs as drainRetryDelayMs } from "./drain-planner.js";
import type { LinkObservation } from "./link-state.js";

export type CStatClass = "done" | "transient" | "fix" | "give-up" | "query-first";

export type TransmissionResult =
  | { kind: "authorized"; cStat: string; nProt: string }
  | { kind: "rejected"; cStat: string; xMotivo: string; cStatClass: CStatClass }
  /** The request left but no answer came: SEFAZ may have it. */
  | { kind: "unknown"; detail?: string }
  /** The request never reached SEFAZ (refused, DNS, no route): safe to send again. */
  | { kind: "unreachable"; detail?: string }
  /** consSitNFe answered 217: SEFAZ does not have it, send it. */
  | { kind: "not-found" };

export interface NoteForStep {
  chave: string;
  tpEmis: 1 | 9;
  /** Failed attempts so far (for back-off). */
  attempts: number;
  /** Automatic corrections already made to this note. */
  corrections: number;
}

export type CorrectionKind = "regenerate" | "re-sign" | "contingency-fields" | "qr-code";

export type NoteStep =
  | { action: "store-authorization"; cStat: string; nProt: string; late: boolean }
  | { action: "correct-and-resend"; fix: CorrectionKind; keepKeyAndCNF: true; cStat: string; reason: string }
  | { action: "hold"; reason: string; cStat: string | null }
  | { action: "query-by-key" }
  | { action: "retry"; notBefore: Date; observation?: LinkObservation }
  /** An online note refused for lateness (704): issue the sale offline with a new number; void this one. */
  | { action: "reissue-offline"; voidNumber: true };

/** Rejections that a regenerated, same-key XML can fix ([A4] §5): the key fields stay untouched. */
const AUTO_FIX: Record<string, CorrectionKind> = {
  "215": "regenerate",
  "225": "regenerate",
  "243": "regenerate",
  "402": "regenerate",
  "404": "regenerate",
  "587": "regenerate",
  "588": "regenerate",
  "297": "re-sign",
  "298": "re-sign",
  "556": "contingency-fields",
  "557": "contingency-fields",
  "558": "contingency-fields",
  "569": "contingency-fields",
  "394": "qr-code",
  "395": "qr-code",
  "396": "qr-code",
  "397": "qr-code",
  "398": "qr-code",
  "444": "qr-code",
  "445": "qr-code",
  "464": "qr-code",
  "474": "qr-code",
  "583": "qr-code",
  "878": "qr-code",
};

/** Codes whose fix would change the printed key: impossible for an offline note already handed over. */
const KEY_CODES = new Set(["236", "253", "502", "659", "897"]);
const CERT_CODES = new Set(["213", ...Array.from({ length: 17 }, (_, i) => String(280 + i))]);

export const MAX_AUTOMATIC_CORRECTIONS = 2;
/** 656 consumo indevido: the authorizer blocks for an hour (nfce-reference §6). */
export const BLOCK_656_MS = 3_600_000;

function holdReason(cStat: string, xMotivo: string): string {
  const what = `Rejeição ${cStat} (${xMotivo})`;
  if (KEY_CODES.has(cStat)) {
    return `${what}: o erro está na chave de acesso, que não pode mudar numa nota já impressa. Procure o suporte técnico.`;
  }
  if (CERT_CODES.has(cStat))
    return `${what}: a SEFAZ recusou o certificado digital. Verifique o certificado A1.`;
  if (["712", "714", "783"].includes(cStat)) {
    return `${what}: a SEFAZ não aceita esta forma de contingência para o emitente. Procure o contador.`;
  }
  if (cStat === "539")
    return `${what}: este número já existe na SEFAZ com outra chave. Procure o suporte técnico.`;
  if (["206", "218", "256"].includes(cStat)) {
    return `${what}: o número está inutilizado ou a nota foi cancelada na SEFAZ. Procure o contador.`;
  }
  if (cStat === "703") return `${what}: a data de emissão está no futuro. Verifique o relógio do quiosque.`;
  if (cStat === "781") return `${what}: a SEFAZ aponta irregularidade do emitente. Procure o contador.`;
  if (["226", "252", "410", "462", "463", "796"].includes(cStat)) {
    return `${what}: corrija a configuração (UF, ambiente ou CSC) e reenvie.`;
  }
  return `${what}: a nota precisa da análise de um operador antes de ser reenviada.`;
}

export function nextStepForNote(
  note: NoteForStep,
  result: TransmissionResult,
  now: Date,
  retryDelayMs: (attempts: number) => number = (n) => drainRetryDelayMs(n),
): NoteStep {
  const later = (ms: number, observation?: LinkObservation): NoteStep => ({
    action: "retry",
    notBefore: new Date(now.getTime() + ms),
    ...(observation === undefined ? {} : { observation }),
  });
  switch (result.kind) {
    case "authorized":
      // 150: authorized out of deadline (B09-40 Exceção 2) is still an authorization.
      return {
        action: "store-authorization",
        cStat: result.cStat,
        nProt: result.nProt,
        late: result.cStat === "150",
      };
    case "unknown":
      return { action: "query-by-key" };
    case "not-found":
      return later(0);
    case "unreachable":
      return later(retryDelayMs(note.attempts + 1));
  }
  const { cStat, xMotivo } = result;
  if (note.tpEmis === 1 && cStat === "704") return { action: "reissue-offline", voidNumber: true };
  switch (result.cStatClass) {
    case "transient":
      if (cStat === "656") return later(BLOCK_656_MS);
      if (cStat === "108" || cStat === "109") {
        return later(retryDelayMs(note.attempts + 1), {
          type: "probe-failed",
          cause: "sefaz-paused",
          immediate: true,
          detail: `autorização: ${cStat} ${xMotivo}`,
        });
      }
      return later(retryDelayMs(note.attempts + 1));
    case "query-first":
      return { action: "query-by-key" };
    case "fix": {
      const fix = AUTO_FIX[cStat];
      if (note.tpEmis === 9 && fix !== undefined && note.corrections < MAX_AUTOMATIC_CORRECTIONS) {
        return {
          action: "correct-and-resend",
          fix,
          keepKeyAndCNF: true,
          cStat,
          reason: `Rejeição ${cStat} (${xMotivo}): corrigida automaticamente com a mesma chave e reenviada.`,
        };
      }
      return { action: "hold", cStat, reason: holdReason(cStat, xMotivo) };
    }
    default:
      return { action: "hold", cStat, reason: holdReason(cStat, xMotivo) };
  }
}
