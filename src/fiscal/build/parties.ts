// emit, dest and infRespTec. Emitter texts come from the config and are sanitised like sale texts;
// what cannot be made valid is a configuration error naming the key.
import { createHash } from "node:crypto";
import type { Config, EmitterConfig } from "../../config/schema.js";
import { KioskError } from "../../errors.js";
import type { Customer } from "../sale.js";
import { sanitizeText } from "../sanitize-text.js";
import { isValidCnpj, isValidCpf } from "./documents.js";
import type { XmlWriter } from "./xml.js";

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

export function writeEmit(w: XmlWriter, emitter: EmitterConfig): void {
  const doc = emitterDocument(emitter);
  const a = emitter.address;
  // Checked in this order so that the first configuration error reported stays the same.
  const street = configText(a.street, "emitter.address.street", 2, 60);
  const number = configText(a.number, "emitter.address.number", 1, 60);
  const complement = configOpt(a.complement, "emitter.address.complement", 1, 60);
  const district = configText(a.district, "emitter.address.district", 2, 60);
  const city = configText(a.city, "emitter.address.city", 2, 60);
  if (emitter.cnae !== undefined && emitter.im === undefined) {
    configError("emitter.cnae", "is only accepted together with emitter.im (XSD: IM, then CNAE)");
  }
  const name = configText(emitter.name, "emitter.name", 2, 60);
  const tradeName = configOpt(emitter.tradeName, "emitter.tradeName", 1, 60);
  const im = configOpt(emitter.im, "emitter.im", 1, 15);
  const emit = w.open("emit");
  w.el(doc.tag, doc.value);
  w.el("xNome", name);
  w.opt("xFant", tradeName);
  const ender = w.open("enderEmit");
  w.el("xLgr", street);
  w.el("nro", number);
  w.opt("xCpl", complement);
  w.el("xBairro", district);
  w.el("cMun", a.cityCode);
  w.el("xMun", city);
  w.el("UF", a.uf);
  w.el("CEP", a.cep);
  w.el("cPais", "1058");
  w.el("xPais", "BRASIL");
  w.opt("fone", a.phone);
  w.close("enderEmit", ender);
  w.el("IE", emitter.ie);
  w.opt("IM", im);
  w.opt("CNAE", emitter.cnae);
  w.el("CRT", String(emitter.crt));
  w.close("emit", emit);
}

export function destDocument(
  customer: Customer | undefined,
): { type: "CPF" | "CNPJ"; value: string } | undefined {
  if (customer?.cpf !== undefined) return { type: "CPF", value: customer.cpf };
  if (customer?.cnpj !== undefined) return { type: "CNPJ", value: customer.cnpj };
  return undefined;
}

/** dest with indIEDest 9 (não contribuinte) and no IE ([MOC-A1] rejection 729). */
export function writeDest(w: XmlWriter, customer: Customer | undefined, homologation: boolean): void {
  const doc = destDocument(customer);
  if (doc === undefined) return;
  const name = homologation ? HOMOLOGATION_DEST_NAME : customer?.name;
  const dest = w.open("dest");
  w.el(doc.type, doc.value);
  w.opt("xNome", name);
  w.int("indIEDest", 9);
  w.close("dest", dest);
}

/** infRespTec; hashCSRT = Base64(SHA-1(CSRT + chave)) when both idCSRT and the CSRT are configured. */
export function writeRespTec(w: XmlWriter, respTec: Config["respTec"], chave: string): void {
  if (respTec === undefined) return;
  if (!isValidCnpj(respTec.cnpj)) configError("respTec.cnpj", "is not a valid CNPJ (check digits)");
  const contact = configText(respTec.contact, "respTec.contact", 2, 60);
  const email = configText(respTec.email, "respTec.email", 6, 60);
  const group = w.open("infRespTec");
  w.el("CNPJ", respTec.cnpj);
  w.el("xContato", contact);
  w.el("email", email);
  w.el("fone", respTec.phone);
  if (respTec.idCSRT !== undefined && respTec.csrt !== undefined) {
    const hash = createHash("sha1")
      .update(respTec.csrt + chave, "utf8")
      .digest("base64");
    w.el("idCSRT", respTec.idCSRT);
    w.el("hashCSRT", hash);
  }
  w.close("infRespTec", group);
}
