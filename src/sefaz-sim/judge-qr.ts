// The QR code checks of the authorizer: v2 hash with the registered CSC ([MAN6] §4.3), v3 online
// without and offline with the RSA-SHA1 signature of the emitter's certificate ([NT2025.001] §04).
import { createVerify, X509Certificate } from "node:crypto";
import { digestValueHex, qrV2Hash } from "../fiscal/qr-code.js";
import type { NoteFacts } from "./nfe-facts.js";

export type Verdict = { cStat: string; xMotivo: string } | undefined;

const reject = (cStat: string, xMotivo: string): Verdict => ({ cStat, xMotivo: `Rejeicao: ${xMotivo}` });

export function judgeQrCode(f: NoteFacts, cscs: ReadonlyMap<string, string>): Verdict {
  const at = f.qrCode.indexOf("?p=");
  if (at < 0) return reject("394", "Nao informado o parametro p do QR Code");
  const params = f.qrCode.slice(at + 3).split("|");
  const [chave, version, tpAmb] = params;
  if (chave !== f.chave || tpAmb !== f.tpAmb)
    return reject("394", "Parametro chave ou tpAmb do QR Code divergente");
  const offline = f.tpEmis === "9";
  const day = f.dhEmi.slice(8, 10);
  if (version === "2") {
    if (f.emitterIsCpf) return reject("444", "QR Code versao 2 nao permitido para emitente pessoa fisica");
    if (params.length !== (offline ? 8 : 5))
      return reject("394", "Quantidade de parametros do QR Code invalida");
    if (offline) {
      if (params[3] !== day) return reject("398", "Parametro dia do QR Code divergente");
      if (params[4] !== f.vNF) return reject("398", "Parametro vNF do QR Code divergente");
      if (params[5]?.toLowerCase() !== digestValueHex(f.digestValue))
        return reject("398", "Parametro do QR-Code divergente (digVal)");
    }
    const idCsc = params[params.length - 2]!;
    const token = cscs.get(idCsc);
    if (token === undefined)
      return reject("462", "Codigo Identificador do CSC no QR-Code nao existe na base de dados da SEFAZ");
    const hash = params[params.length - 1]!;
    if (qrV2Hash(params.slice(0, -1).join("|"), token) !== hash.toUpperCase()) {
      return reject("464", "Codigo de Hash no QR-Code difere do calculado");
    }
    return undefined;
  }
  if (version !== "3") return reject("394", `Versao do QR Code nao suportada (${version ?? ""})`);
  if (!offline)
    return params.length === 3
      ? undefined
      : reject("445", "QR Code versao 3 de emissao online com assinatura");
  if (params.length !== 8)
    return reject(params.length < 8 ? "474" : "394", "QR Code versao 3 off-line sem assinatura");
  const [, , , qrDay, qrVNF, tpIdDest, cDest, signature] = params;
  if (qrDay !== day || qrVNF !== f.vNF) return reject("398", "Parametro dia ou vNF do QR Code divergente");
  const expectedTp = f.dest?.type === "CNPJ" ? "1" : f.dest?.type === "CPF" ? "2" : f.dest ? "3" : "";
  if (tpIdDest !== expectedTp) return reject("396", "Parametro tpIdDest do QR Code divergente");
  const expectedDoc = f.dest && f.dest.type !== "idEstrangeiro" ? f.dest.value : "";
  if (cDest !== expectedDoc) return reject("397", "Parametro cDest do QR Code divergente do destinatario");
  if (!signature) return reject("474", "QR Code versao 3 off-line sem assinatura");
  try {
    const cert = new X509Certificate(Buffer.from(f.certificateBase64, "base64"));
    const ok = createVerify("RSA-SHA1")
      .update(params.slice(0, 7).join("|"), "utf8")
      .verify(cert.publicKey, Buffer.from(signature, "base64"));
    return ok ? undefined : reject("583", "Assinatura do QR Code difere do calculado");
  } catch {
    return reject("583", "Assinatura do QR Code invalida");
  }
}
