// The pre-print gate's vocabulary. A rule reads the parsed note and returns the problems it finds;
// `rule` is the SEFAZ rejection code (cStat) the defect would cause, or a short name where there is none.
import type { NfceView } from "./nfce-view.js";

export interface GateProblem {
  rule: string;
  message: string;
  path?: string;
}

export interface GateContext {
  csc?: { id: string; token: string };
  expectedEmitter?: { cnpj?: string; cpf?: string };
  now?: Date;
  /** The kiosk's signing certificate (SigningIdentity.certificateBase64): KeyInfo must carry exactly it. */
  certificateBase64?: string;
}

export type GateRule = (note: NfceView, ctx: GateContext) => GateProblem[];

export function problem(rule: string, message: string, path?: string): GateProblem {
  return path === undefined ? { rule, message } : { rule, message, path };
}
