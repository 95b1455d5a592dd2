// Inutilização: signature on infInut, Id composition, holder, then the database: a number already
// used (241), the same range already inutilized (206) or part of it (256) ([MOC-A1] inutNFe).
import { DOMParser } from "@xmldom/xmldom";
import { verifyXmlSignature } from "../fiscal/verify-signature.js";
import { documentOfCertificate, sameHolder } from "./client-document.js";
import type { SimStore } from "./sim-state.js";

export interface InutFacts {
  id: string;
  tpAmb: string;
  cUF: string;
  ano: string;
  cnpj: string;
  mod: string;
  serie: number;
  nNFIni: number;
  nNFFin: number;
  certificateBase64: string;
}

const reject = (cStat: string, xMotivo: string) => ({
  accepted: false as const,
  cStat,
  xMotivo: `Rejeicao: ${xMotivo}`,
});

export function readInutFacts(xml: string): InutFacts | undefined {
  const doc = new DOMParser({ onError: () => {} }).parseFromString(xml, "text/xml");
  const inf = doc.getElementsByTagName("infInut")[0];
  if (!inf) return undefined;
  const t = (n: string) => inf.getElementsByTagName(n)[0]?.textContent?.trim() ?? "";
  return {
    id: inf.getAttribute("Id") ?? "",
    tpAmb: t("tpAmb"),
    cUF: t("cUF"),
    ano: t("ano"),
    cnpj: t("CNPJ"),
    mod: t("mod"),
    serie: Number(t("serie")),
    nNFIni: Number(t("nNFIni")),
    nNFFin: Number(t("nNFFin")),
    certificateBase64: doc.getElementsByTagName("X509Certificate")[0]?.textContent?.trim() ?? "",
  };
}

export type InutJudgement =
  | { accepted: true; cStat: "102"; xMotivo: string }
  | { accepted: false; cStat: string; xMotivo: string };

export function judgeInutilization(
  signedInut: string,
  f: InutFacts,
  ctx: { store: SimStore; clientDocument: string | undefined },
): InutJudgement {
  const sig = verifyXmlSignature(signedInut, "infInut");
  if (!sig.valid) {
    return sig.reason?.startsWith("298")
      ? reject("298", "Assinatura difere do padrao do Sistema")
      : reject("297", "Assinatura difere do calculado");
  }
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  const id = `ID${f.cUF}${f.ano}${f.cnpj}${f.mod}${pad(f.serie, 3)}${pad(f.nNFIni, 9)}${pad(f.nNFFin, 9)}`;
  if (f.id !== id) return reject("225", "Falha no Schema XML (Id do pedido de inutilizacao)");
  if (
    !sameHolder(documentOfCertificate(f.certificateBase64), f.cnpj) ||
    (ctx.clientDocument !== undefined && !sameHolder(ctx.clientDocument, f.cnpj))
  ) {
    return reject("213", "CNPJ-Base do Emitente difere do CNPJ-Base do Certificado Digital");
  }
  if (f.nNFFin < f.nNFIni) return reject("682", "Numero final menor que o numero inicial");
  if (f.nNFFin - f.nNFIni >= 10_000)
    return reject("201", "Numero maximo de numeracao a inutilizar ultrapassou o limite");
  const used = Object.values(ctx.store.state.notes).find(
    (n) =>
      n.facts.emitter === f.cnpj &&
      n.facts.serie === f.serie &&
      n.facts.nNF >= f.nNFIni &&
      n.facts.nNF <= f.nNFFin,
  );
  if (used) return reject("241", `Um numero da faixa ja foi utilizado [chNFe:${used.chave}]`);
  const ranges = ctx.store.state.inutilized.filter((r) => r.emitter === f.cnpj && r.serie === f.serie);
  if (ranges.some((r) => r.nNFIni === f.nNFIni && r.nNFFin === f.nNFFin))
    return reject("206", "NF-e ja esta inutilizada na Base de dados da SEFAZ");
  if (ranges.some((r) => r.nNFIni <= f.nNFFin && f.nNFIni <= r.nNFFin))
    return reject("256", "Uma NF-e da faixa ja esta inutilizada na Base de dados da SEFAZ");
  return { accepted: true, cStat: "102", xMotivo: "Inutilizacao de numero homologado" };
}
