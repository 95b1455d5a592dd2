// The simulator's answers, in the element order of the ret* schemas (PL_009_V4).
import { escapeXml } from "../fiscal/sefaz/xml-text.js";

const NS = "http://www.portalfiscal.inf.br/nfe";
export const SIM_VER_APLIC = "SEFAZ-SIM-1.0";

export interface Head {
  tpAmb: string;
  cUF: string;
  dhRecbto: string;
}

const motive = (cStat: string, xMotivo: string) =>
  `<cStat>${cStat}</cStat><xMotivo>${escapeXml(xMotivo)}</xMotivo>`;

export function retConsStatServ(h: Head, cStat: string, xMotivo: string): string {
  return `<retConsStatServ xmlns="${NS}" versao="4.00"><tpAmb>${h.tpAmb}</tpAmb><verAplic>${SIM_VER_APLIC}</verAplic>${motive(cStat, xMotivo)}<cUF>${h.cUF}</cUF><dhRecbto>${h.dhRecbto}</dhRecbto><tMed>1</tMed></retConsStatServ>`;
}

export function protNFe(p: {
  tpAmb: string;
  chNFe: string;
  dhRecbto: string;
  nProt?: string;
  digVal?: string;
  cStat: string;
  xMotivo: string;
}): string {
  return (
    `<protNFe versao="4.00"><infProt><tpAmb>${p.tpAmb}</tpAmb><verAplic>${SIM_VER_APLIC}</verAplic><chNFe>${p.chNFe}</chNFe>` +
    `<dhRecbto>${p.dhRecbto}</dhRecbto>${p.nProt ? `<nProt>${p.nProt}</nProt>` : ""}${p.digVal ? `<digVal>${p.digVal}</digVal>` : ""}` +
    `${motive(p.cStat, p.xMotivo)}</infProt></protNFe>`
  );
}

export function retEnviNFe(h: Head, cStat: string, xMotivo: string, prot?: string): string {
  return `<retEnviNFe xmlns="${NS}" versao="4.00"><tpAmb>${h.tpAmb}</tpAmb><verAplic>${SIM_VER_APLIC}</verAplic>${motive(cStat, xMotivo)}<cUF>${h.cUF}</cUF><dhRecbto>${h.dhRecbto}</dhRecbto>${prot ?? ""}</retEnviNFe>`;
}

export function retConsSitNFe(
  h: Head,
  cStat: string,
  xMotivo: string,
  chNFe: string,
  prot = "",
  procEventos: string[] = [],
): string {
  return `<retConsSitNFe xmlns="${NS}" versao="4.00"><tpAmb>${h.tpAmb}</tpAmb><verAplic>${SIM_VER_APLIC}</verAplic>${motive(cStat, xMotivo)}<cUF>${h.cUF}</cUF><dhRecbto>${h.dhRecbto}</dhRecbto><chNFe>${chNFe}</chNFe>${prot}${procEventos.join("")}</retConsSitNFe>`;
}

export function retInutNFe(
  h: Head,
  cStat: string,
  xMotivo: string,
  f?: { ano: string; cnpj: string; serie: number; nNFIni: number; nNFFin: number; nProt?: string },
): string {
  const range = f
    ? `<ano>${f.ano}</ano><CNPJ>${f.cnpj}</CNPJ><mod>65</mod><serie>${f.serie}</serie><nNFIni>${f.nNFIni}</nNFIni><nNFFin>${f.nNFFin}</nNFFin>`
    : "";
  const nProt = f?.nProt ? `<nProt>${f.nProt}</nProt>` : "";
  return `<retInutNFe xmlns="${NS}" versao="4.00"><infInut><tpAmb>${h.tpAmb}</tpAmb><verAplic>${SIM_VER_APLIC}</verAplic>${motive(cStat, xMotivo)}<cUF>${h.cUF}</cUF>${range}<dhRecbto>${h.dhRecbto}</dhRecbto>${nProt}</infInut></retInutNFe>`;
}

export function retEvento(p: {
  tpAmb: string;
  cOrgao: string;
  cStat: string;
  xMotivo: string;
  chNFe: string;
  tpEvento: string;
  nSeqEvento: number;
  dhRegEvento: string;
  nProt?: string;
}): string {
  const xEvento = p.tpEvento === "110112" ? "Cancelamento por substituicao" : "Cancelamento";
  const registered = p.nProt
    ? `<tpEvento>${p.tpEvento}</tpEvento><xEvento>${xEvento}</xEvento><nSeqEvento>${p.nSeqEvento}</nSeqEvento><dhRegEvento>${p.dhRegEvento}</dhRegEvento><nProt>${p.nProt}</nProt>`
    : `<dhRegEvento>${p.dhRegEvento}</dhRegEvento>`;
  return `<retEvento versao="1.00"><infEvento><tpAmb>${p.tpAmb}</tpAmb><verAplic>${SIM_VER_APLIC}</verAplic><cOrgao>${p.cOrgao}</cOrgao>${motive(p.cStat, p.xMotivo)}<chNFe>${p.chNFe}</chNFe>${registered}</infEvento></retEvento>`;
}

export function retEnvEvento(
  h: { tpAmb: string; cOrgao: string; idLote: string },
  cStat: string,
  xMotivo: string,
  events: string[] = [],
): string {
  return `<retEnvEvento xmlns="${NS}" versao="1.00"><idLote>${h.idLote}</idLote><tpAmb>${h.tpAmb}</tpAmb><verAplic>${SIM_VER_APLIC}</verAplic><cOrgao>${h.cOrgao}</cOrgao>${motive(cStat, xMotivo)}${events.join("")}</retEnvEvento>`;
}
