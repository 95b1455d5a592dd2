// How the simulated authorizer judges one NFC-e, in SEFAZ's order: lote shape, signature, holder,
// key, contingency fields, dates, QR code, then the database (inutilized, duplicates).
// Rules: nfce-reference.md §1-§4 and §6, [MOC-A1].
import { accessKeyCheckDigit } from "../fiscal/access-key.js";
import { verifyXmlSignature } from "../fiscal/verify-signature.js";
import { documentOfCertificate, sameHolder } from "./client-document.js";
import { judgeQrCode, type Verdict } from "./judge-qr.js";
import type { NoteFacts } from "./nfe-facts.js";
import { SimStore } from "./sim-state.js";

const MIN = 60_000;
const reject = (cStat: string, xMotivo: string): Verdict => ({ cStat, xMotivo: `Rejeicao: ${xMotivo}` });

export interface NoteJudgeContext {
  now: Date;
  /** Document of the TLS client certificate. */
  clientDocument: string | undefined;
  cscs: ReadonlyMap<string, string>;
  store: SimStore;
}

export type NoteJudgement =
  | { accepted: true; cStat: "100" | "150"; xMotivo: string }
  | { accepted: false; cStat: string; xMotivo: string; existing?: string };

function aamm(dhEmi: string): string {
  return dhEmi.slice(2, 4) + dhEmi.slice(5, 7);
}

export function judgeNote(signedNfe: string, f: NoteFacts, ctx: NoteJudgeContext): NoteJudgement {
  const v = firstRejection(signedNfe, f, ctx);
  if (v) return { accepted: false, ...v };
  const existingChave = ctx.store.state.naturalKeys[SimStore.naturalKey(f)];
  if (existingChave === f.chave || ctx.store.state.notes[f.chave]) {
    const nProt = ctx.store.state.notes[f.chave]?.nProt ?? "";
    return {
      accepted: false,
      cStat: "204",
      xMotivo: `Rejeicao: Duplicidade de NF-e [nProt:${nProt}]`,
      existing: f.chave,
    };
  }
  if (existingChave !== undefined) {
    return {
      accepted: false,
      cStat: "539",
      xMotivo: `Rejeicao: Duplicidade de NF-e, com diferenca na Chave de Acesso [chNFe:${existingChave}]`,
      existing: existingChave,
    };
  }
  // B09-40 exception 2: an offline note received more than 24 h after dhEmi is authorized late.
  const late = f.tpEmis === "9" && ctx.now.getTime() - Date.parse(f.dhEmi) > 24 * 60 * MIN;
  return late
    ? { accepted: true, cStat: "150", xMotivo: "Autorizado o uso da NF-e, autorizacao fora de prazo" }
    : { accepted: true, cStat: "100", xMotivo: "Autorizado o uso da NF-e" };
}

function firstRejection(signedNfe: string, f: NoteFacts, ctx: NoteJudgeContext): Verdict {
  if (f.mod !== "65") return reject("225", "Falha no Schema XML do lote de NFe (mod)");
  const sig = verifyXmlSignature(signedNfe, "infNFe");
  if (!sig.valid) {
    const code = sig.reason?.slice(0, 3) ?? "297";
    if (code === "298")
      return reject("298", `Assinatura difere do padrao do Sistema (${sig.reason?.slice(5)})`);
    if (code === "243") return reject("243", "XML Mal Formado");
    return reject("297", "Assinatura difere do calculado");
  }
  if (!sameHolder(documentOfCertificate(f.certificateBase64), f.emitter)) {
    return reject("213", "CNPJ-Base do Emitente difere do CNPJ-Base do Certificado Digital");
  }
  if (ctx.clientDocument !== undefined && !sameHolder(ctx.clientDocument, f.emitter)) {
    return reject("213", "CNPJ-Base do Emitente difere do CNPJ-Base do Certificado Digital (transmissor)");
  }
  const keyVerdict = judgeKey(f);
  if (keyVerdict) return keyVerdict;
  const now = ctx.now.getTime();
  if (f.tpEmis === "1" && (f.dhCont !== "" || f.xJust !== "")) {
    return reject(
      "556",
      "Justificativa de entrada em contingencia nao deve ser informada para tipo de emissao normal",
    );
  }
  if (f.tpEmis === "9") {
    if (f.dhCont === "" || f.xJust === "")
      return reject("557", "A Justificativa de entrada em contingencia deve ser informada");
    const dhCont = Date.parse(f.dhCont);
    if (dhCont > now + 5 * MIN)
      return reject("558", "Data de entrada em contingencia posterior a data de recebimento");
    if (dhCont < Date.parse(f.dhEmi) - 30 * 24 * 60 * MIN)
      return reject("569", "Data de entrada em contingencia muito atrasada");
  } else if (f.tpEmis !== "1") {
    return reject("714", "Tipo de emissao nao permitido para NFC-e");
  }
  const dhEmi = Date.parse(f.dhEmi);
  if (Number.isNaN(dhEmi)) return reject("225", "Falha no Schema XML (dhEmi)");
  if (dhEmi > now + 5 * MIN) return reject("703", "Data-Hora de Emissao posterior ao horario de recebimento");
  if (f.tpEmis === "1" && dhEmi < now - 5 * MIN)
    return reject("704", "NFC-e com Data-Hora de emissao atrasada");
  const qr = judgeQrCode(f, ctx.cscs);
  if (qr) return qr;
  if (ctx.store.isInutilized(f.emitter, f.serie, f.nNF))
    return reject("206", "NF-e ja esta inutilizada na Base de dados da SEFAZ");
  return undefined;
}

/** Id, check digit, AAMM and the key's composition ([MOC-A1] B23; 253, 659, 502). */
export function judgeKey(f: NoteFacts): Verdict {
  const chave = f.chave;
  if (!/^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$/.test(chave))
    return reject("502", "Chave de Acesso difere da concatenacao dos campos correspondentes");
  if (String(accessKeyCheckDigit(chave.slice(0, 43))) !== chave.slice(43)) {
    return reject("253", "Digito Verificador da chave de acesso composta invalida");
  }
  if (chave.slice(2, 6) !== aamm(f.dhEmi))
    return reject("659", "Ano-mes da Chave de Acesso difere do ano-mes de emissao");
  const composed =
    f.cUF +
    aamm(f.dhEmi) +
    f.emitter.padStart(14, "0") +
    f.mod +
    String(f.serie).padStart(3, "0") +
    String(f.nNF).padStart(9, "0") +
    f.tpEmis +
    f.cNF +
    f.cDV;
  if (composed !== chave)
    return reject("502", "Chave de Acesso difere da concatenacao dos campos correspondentes");
  return undefined;
}
