// SEFAZ answers -> plain facts. Pure; raw elements (protNFe, retEvento) are kept byte for byte.
import { classifyCStat } from "./cstat-table.js";
import type { RejectAction } from "./results.js";
import { elementRaw, elementsRaw, textOf } from "./xml-text.js";

export interface Answer {
  cStat: string;
  xMotivo: string;
}

export function rejectActionOf(cStat: string): RejectAction {
  const c = classifyCStat(cStat);
  return c === "done" ? "query-first" : c;
}

/** Top-level cStat/xMotivo of any ret* message (they come before any nested ones). */
export function readAnswer(message: string): Answer | undefined {
  const cStat = textOf(message, "cStat");
  const xMotivo = textOf(message, "xMotivo");
  if (cStat === undefined || !/^[0-9]{3,4}$/.test(cStat)) return undefined;
  return { cStat, xMotivo: xMotivo ?? "" };
}

export interface ProtocolFacts extends Answer {
  chNFe: string;
  nProt: string;
  dhRecbto: string;
  digVal?: string;
  raw: string;
}

/** protNFe/infProt (nProt has 15 or 17 digits: NT 2025.002 §5.1). */
export function readProtNFe(xml: string): ProtocolFacts | undefined {
  const raw = elementRaw(xml, "protNFe");
  if (raw === undefined) return undefined;
  const answer = readAnswer(raw);
  if (!answer) return undefined;
  const digVal = textOf(raw, "digVal");
  return {
    ...answer,
    chNFe: textOf(raw, "chNFe") ?? "",
    nProt: textOf(raw, "nProt") ?? "",
    dhRecbto: textOf(raw, "dhRecbto") ?? "",
    ...(digVal === undefined ? {} : { digVal }),
    raw,
  };
}

export interface EventAnswer extends Answer {
  nProt: string;
  dhRegEvento: string;
  raw: string;
}

/** The first retEvento of a retEnvEvento (one event per lote here). */
export function readRetEvento(xml: string): EventAnswer | undefined {
  const raw = elementRaw(xml, "retEvento");
  if (raw === undefined) return undefined;
  const answer = readAnswer(raw);
  if (!answer) return undefined;
  return { ...answer, nProt: textOf(raw, "nProt") ?? "", dhRegEvento: textOf(raw, "dhRegEvento") ?? "", raw };
}

export function readProcEventos(xml: string): string[] {
  return elementsRaw(xml, "procEventoNFe");
}

export function isProtocolNumber(nProt: string): boolean {
  return /^[0-9]{15}([0-9]{2})?$/.test(nProt);
}
