// The signing step of an emission: sign infNFe, then build the QR code (the v2 offline QR needs the
// DigestValue, so it comes after signing) and insert infNFeSupl between infNFe and Signature.
// infNFeSupl is outside infNFe, so it is not covered by the digest ([MOC-A1] ZX01; [NT2025.001] §03.1).
import { KioskError } from "../errors.js";
import type { SigningIdentity } from "./certificate.js";
import { buildQrCode, urlChave as urlChaveFor } from "./qr-code.js";
import { signXml } from "./sign-xml.js";

export interface FinalizeOptions {
  identity: SigningIdentity;
  qrCodeVersion: 2 | 3;
  csc?: { id: string; token: string };
  uf: string;
  tpAmb: 1 | 2;
  chave: string;
  tpEmis: 1 | 9;
  dayOfMonth: string;
  vNF: string;
  dest?: { type: "CPF" | "CNPJ"; value: string };
}

export interface FinalizedNfce {
  xml: string;
  qrCode: string;
  urlChave: string;
  digestValue: string;
}

export function finalizeNfce(unsignedXml: string, opts: FinalizeOptions): FinalizedNfce {
  if (!unsignedXml.includes(`Id="NFe${opts.chave}"`)) {
    throw new KioskError("KIOSK_ERR_INPUT_INVALID", `the document's infNFe Id is not NFe${opts.chave}`, {
      field: "chave",
    });
  }
  const signed = signXml(unsignedXml, "infNFe", opts.identity);
  const digestValue = /<DigestValue>([^<]+)<\/DigestValue>/.exec(signed)?.[1];
  if (!digestValue) throw new KioskError("KIOSK_ERR_INTERNAL", "the signature has no DigestValue");
  const qrCode = buildQrCode({
    chave: opts.chave,
    tpAmb: opts.tpAmb,
    tpEmis: opts.tpEmis,
    version: opts.qrCodeVersion,
    uf: opts.uf,
    csc: opts.csc,
    dayOfMonth: opts.dayOfMonth,
    vNF: opts.vNF,
    digestValue,
    dest: opts.dest,
    identity: opts.identity,
  });
  const urlChave = urlChaveFor(opts.uf, opts.tpAmb);
  // The QR URL holds only [0-9A-Za-z:/.?=|+] and '-', '_': nothing to escape in XML text.
  const supl = `<infNFeSupl><qrCode>${escapeText(qrCode)}</qrCode><urlChave>${escapeText(urlChave)}</urlChave></infNFeSupl>`;
  const at = signed.indexOf("</infNFe><Signature");
  if (at < 0)
    throw new KioskError("KIOSK_ERR_INTERNAL", "the signed document has no Signature right after infNFe");
  const cut = at + "</infNFe>".length;
  return { xml: signed.slice(0, cut) + supl + signed.slice(cut), qrCode, urlChave, digestValue };
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
