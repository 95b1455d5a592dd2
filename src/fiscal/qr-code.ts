// The NFC-e QR code URL (infNFeSupl/qrCode) and the key lookup URL (urlChave).
// v2: [MAN6] §4.3 (hash with the CSC); v3: [MAN6] §4.4 and [NT2025.001] §04 (offline part signed with
// the same certificate as the note, RSA-SHA1 PKCS#1 v1.5, Base64). Per-UF addresses: data/qr-urls.json.
import { createHash, createSign } from "node:crypto";
import { KioskError } from "../errors.js";
import type { SigningIdentity } from "./certificate.js";
import qrUrls from "./data/qr-urls.json" with { type: "json" };

export interface QrInput {
  chave: string;
  tpAmb: 1 | 2;
  tpEmis: 1 | 9;
  version: 2 | 3;
  uf: string;
  csc?: { id: string; token: string };
  dayOfMonth: string;
  vNF: string;
  /** Base64 DigestValue of the note's Signature (v2 offline only). */
  digestValue?: string;
  dest?: { type: "CPF" | "CNPJ"; value: string };
  /** The certificate that signs the note (v3 offline only). */
  identity?: SigningIdentity;
}

type UfTable = Record<string, Record<"1" | "2", string>>;
const QR_TABLE = qrUrls.qrCode as UfTable;
const CHAVE_TABLE = qrUrls.urlChave as UfTable;

export function qrBaseUrl(uf: string, tpAmb: 1 | 2): string {
  return lookup(QR_TABLE, uf, tpAmb, "QR code");
}

export function urlChave(uf: string, tpAmb: 1 | 2): string {
  return lookup(CHAVE_TABLE, uf, tpAmb, "urlChave");
}

export function buildQrCode(input: QrInput): string {
  const params = input.version === 2 ? v2Params(input) : v3Params(input);
  return `${qrBaseUrl(input.uf, input.tpAmb)}?p=${params}`;
}

/** The v2 hash: UPPER(HEX(SHA1(params + CSC))) ([MAN6] §4.3.4, §4.3.5). */
export function qrV2Hash(paramsWithoutHash: string, cscToken: string): string {
  return createHash("sha1")
    .update(paramsWithoutHash + cscToken, "utf8")
    .digest("hex")
    .toUpperCase();
}

/** Hex of the ASCII bytes of the Base64 DigestValue ([MAN6] §4.3.6.2, lowercase as in the example). */
export function digestValueHex(digestValue: string): string {
  return Buffer.from(digestValue, "ascii").toString("hex");
}

/** idCSC without non-significant zeros ([MAN6] §4.3.1, 4th parameter). */
export function normalizeCscId(id: string): string {
  const trimmed = id.trim().replace(/^0+(?=\d)/, "");
  if (!/^(0|[1-9]\d{0,5})$/.test(trimmed)) throw invalid(`the CSC id "${id}" is not 1 to 6 digits`, "csc.id");
  return trimmed;
}

/** The v3 offline data that is signed: parameters 1-7 with their separators ([MAN6] Table 7). */
export function qrV3SignedPart(
  input: Pick<QrInput, "chave" | "tpAmb" | "dayOfMonth" | "vNF" | "dest">,
): string {
  const tpIdDest = input.dest ? (input.dest.type === "CNPJ" ? "1" : "2") : "";
  const cDest = input.dest?.value ?? "";
  return `${input.chave}|3|${input.tpAmb}|${input.dayOfMonth}|${input.vNF}|${tpIdDest}|${cDest}`;
}

function v2Params(input: QrInput): string {
  if (!input.csc) throw invalid("QR code v2 needs the CSC (id and token)", "csc");
  const idCsc = normalizeCscId(input.csc.id);
  let params: string;
  if (input.tpEmis === 1) {
    params = `${input.chave}|2|${input.tpAmb}|${idCsc}`;
  } else {
    if (!input.digestValue)
      throw invalid("QR code v2 offline needs the DigestValue of the signed note", "digestValue");
    checkDayAndValue(input);
    params = `${input.chave}|2|${input.tpAmb}|${input.dayOfMonth}|${input.vNF}|${digestValueHex(input.digestValue)}|${idCsc}`;
  }
  return `${params}|${qrV2Hash(params, input.csc.token)}`;
}

function v3Params(input: QrInput): string {
  if (input.tpEmis === 1) return `${input.chave}|3|${input.tpAmb}`;
  if (!input.identity) throw invalid("QR code v3 offline needs the signing certificate", "certificate");
  checkDayAndValue(input);
  if (input.dest && !/^[0-9]{3,14}$/.test(input.dest.value)) {
    // The official qrCode pattern (PL_009_V4 and PL_010_V1.30) takes only digits in cDest, although
    // NT 2026.004 allows an alphanumeric CNPJ: such a note would fail the schema (215).
    throw invalid(
      `QR code v3 offline cannot carry the alphanumeric dest ${input.dest.value}: the official schema takes digits only`,
      "customer.cnpj",
    );
  }
  const signed = qrV3SignedPart(input);
  const signature = createSign("RSA-SHA1")
    .update(signed, "utf8")
    .sign(input.identity.privateKeyPem, "base64");
  return `${signed}|${signature}`;
}

function checkDayAndValue(input: QrInput): void {
  if (!/^(0[1-9]|[12]\d|3[01])$/.test(input.dayOfMonth))
    throw invalid(`day of month "${input.dayOfMonth}" is not two digits`, "dayOfMonth");
  if (!/^(0|0\.\d{2}|[1-9]\d{0,12}(\.\d{2})?)$/.test(input.vNF))
    throw invalid(`vNF "${input.vNF}" is not a TDec_1302 value`, "vNF");
}

function lookup(table: UfTable, uf: string, tpAmb: 1 | 2, what: string): string {
  const url = table[uf.toUpperCase()]?.[String(tpAmb) as "1" | "2"];
  if (!url) throw invalid(`no ${what} address for UF "${uf}" (tpAmb ${tpAmb})`, "emitter.address.uf");
  return url;
}

function invalid(message: string, field: string): KioskError {
  return new KioskError("KIOSK_ERR_INPUT_INVALID", message, { field });
}
