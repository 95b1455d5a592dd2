// emit, dest and infRespTec. Emitter texts come from the config and are sanitised like sale texts;
// what cannot be made valid is a configuration error naming the key.
import { createHash } from "node:crypto";
import type { Config, EmitterConfig } from "../../config/schema.js";
import { KioskError } from "../../errors.js";
import type { Customer } from "../sale.js";
import { sanitizeText } from "../sanitize-text.js";
import { isValidCnpj, isValidCpf } from "./documents.js";
import { el, group, opt } from "./xml.js";

/** [MOC-A1] E04-20 (rejection 598): dest/xNome of a homologação note. */
export const HOMOLOGATION_DEST_NAME = "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL";

function configError(field: string, message: string): never {
  throw new KioskError("KIOSK_ERR_CONFIG_INVALID", `${field}: ${message}`, { field });
}

function configText(value: string, field: string, min: number, max: number): string {
  const clean = sanitizeText(value);
  if (clean.length < min || clean.length > max) {
    configError(field, `must have ${min} to ${max} characters the NF-e can carry (printable Latin-1)`);
  }
  return clean;
}

function configOpt(value: string | undefined, field: string, min: number, max: number): string | undefined {
  return value === undefined ? undefined : configText(value, field, min, max);
}

/** The emitter's document: CNPJ (validated, may be alphanumeric) or CPF. */
export function emitterDocument(emitter: EmitterConfig): {
  tag: "CNPJ" | "CPF";
  value: string;
  key14: string;
} {
  if ((emitter.cnpj === undefined) === (emitter.cpf === undefined)) {
    configError("emitter", "needs exactly one of cnpj or cpf");
  }
  if (emitter.cnpj !== undefined) {
    if (!isValidCnpj(emitter.cnpj)) configError("emitter.cnpj", "is not a valid CNPJ (check digits)");
    return { tag: "CNPJ", value: emitter.cnpj, key14: emitter.cnpj };
  }
  const cpf = emitter.cpf!;
  if (!isValidCpf(cpf)) configError("emitter.cpf", "is not a valid CPF (check digits)");
  return { tag: "CPF", value: cpf, key14: cpf.padStart(14, "0") };
}

export function buildEmit(emitter: EmitterConfig): string {
  const doc = emitterDocument(emitter);
  const a = emitter.address;
  const ender =
    el("xLgr", configText(a.street, "emitter.address.street", 2, 60)) +
    el("nro", configText(a.number, "emitter.address.number", 1, 60)) +
    opt("xCpl", configOpt(a.complement, "emitter.address.complement", 1, 60)) +
    el("xBairro", configText(a.district, "emitter.address.district", 2, 60)) +
    el("cMun", a.cityCode) +
    el("xMun", configText(a.city, "emitter.address.city", 2, 60)) +
    el("UF", a.uf) +
    el("CEP", a.cep) +
    el("cPais", "1058") +
    el("xPais", "BRASIL") +
    opt("fone", a.phone);
  if (emitter.cnae !== undefined && emitter.im === undefined) {
    configError("emitter.cnae", "is only accepted together with emitter.im (XSD: IM, then CNAE)");
  }
  return group(
    "emit",
    el(doc.tag, doc.value) +
      el("xNome", configText(emitter.name, "emitter.name", 2, 60)) +
      opt("xFant", configOpt(emitter.tradeName, "emitter.tradeName", 1, 60)) +
      group("enderEmit", ender) +
      el("IE", emitter.ie) +
      opt("IM", configOpt(emitter.im, "emitter.im", 1, 15)) +
      opt("CNAE", emitter.cnae) +
      el("CRT", emitter.crt),
  );
}

export function destDocument(
  customer: Customer | undefined,
): { type: "CPF" | "CNPJ"; value: string } | undefined {
  if (customer?.cpf !== undefined) return { type: "CPF", value: customer.cpf };
  if (customer?.cnpj !== undefined) return { type: "CNPJ", value: customer.cnpj };
  return undefined;
}

/** dest with indIEDest 9 (não contribuinte) and no IE ([MOC-A1] rejection 729). */
export function buildDest(customer: Customer | undefined, homologation: boolean): string {
  const doc = destDocument(customer);
  if (doc === undefined) return "";
  const name = homologation ? HOMOLOGATION_DEST_NAME : customer?.name;
  return group("dest", el(doc.type, doc.value) + opt("xNome", name) + el("indIEDest", 9));
}

/** infRespTec; hashCSRT = Base64(SHA-1(CSRT + chave)) when both idCSRT and the CSRT are configured. */
export function buildRespTec(respTec: Config["respTec"], chave: string): string {
  if (respTec === undefined) return "";
  if (!isValidCnpj(respTec.cnpj)) configError("respTec.cnpj", "is not a valid CNPJ (check digits)");
  let csrt = "";
  if (respTec.idCSRT !== undefined && respTec.csrt !== undefined) {
    const hash = createHash("sha1")
      .update(respTec.csrt + chave, "utf8")
      .digest("base64");
    csrt = el("idCSRT", respTec.idCSRT) + el("hashCSRT", hash);
  }
  return group(
    "infRespTec",
    el("CNPJ", respTec.cnpj) +
      el("xContato", configText(respTec.contact, "respTec.contact", 2, 60)) +
      el("email", configText(respTec.email, "respTec.email", 6, 60)) +
      el("fone", respTec.phone) +
      csrt,
  );
}
