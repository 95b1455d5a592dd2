// The request messages of the six services, as pure string builders (no I/O, no signing).
// Layouts: nfce-reference.md §5; element order as in the PL_009_V4/PL_010 XSDs.
import { NFE_NS } from "./services.js";
import { escapeXml, stripXmlDeclaration } from "./xml-text.js";

export type TpAmb = "1" | "2";

export function consStatServXml(tpAmb: TpAmb, cUF: string): string {
  return `<consStatServ xmlns="${NFE_NS}" versao="4.00"><tpAmb>${tpAmb}</tpAmb><cUF>${cUF}</cUF><xServ>STATUS</xServ></consStatServ>`;
}

/** Exactly one NFC-e per lote, synchronous (NT 2023.002 -> 126; NT 2025.001 -> 452). */
export function enviNFeXml(idLote: string, signedNfe: string): string {
  if (!/^[0-9]{1,15}$/.test(idLote)) throw new Error(`idLote must have 1 to 15 digits: ${idLote}`);
  return `<enviNFe xmlns="${NFE_NS}" versao="4.00"><idLote>${idLote}</idLote><indSinc>1</indSinc>${stripXmlDeclaration(signedNfe).trim()}</enviNFe>`;
}

export function consSitNFeXml(tpAmb: TpAmb, chNFe: string): string {
  return `<consSitNFe xmlns="${NFE_NS}" versao="4.00"><tpAmb>${tpAmb}</tpAmb><xServ>CONSULTAR</xServ><chNFe>${chNFe}</chNFe></consSitNFe>`;
}

export interface InutilizationFields {
  tpAmb: TpAmb;
  cUF: string;
  /** Two-digit year ("26"). */
  ano: string;
  cnpj: string;
  serie: number;
  nNFIni: number;
  nNFFin: number;
  xJust: string;
}

/** Id = "ID" + cUF + ano + CNPJ + mod + serie(3) + nNFIni(9) + nNFFin(9) ([MOC-A1] inutNFe). */
export function inutilizationId(f: InutilizationFields): string {
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  return `ID${f.cUF}${f.ano}${f.cnpj}65${pad(f.serie, 3)}${pad(f.nNFIni, 9)}${pad(f.nNFFin, 9)}`;
}

/** Unsigned inutNFe; sign infInut before sending. */
export function inutNFeXml(f: InutilizationFields): string {
  return (
    `<inutNFe xmlns="${NFE_NS}" versao="4.00"><infInut Id="${inutilizationId(f)}">` +
    `<tpAmb>${f.tpAmb}</tpAmb><xServ>INUTILIZAR</xServ><cUF>${f.cUF}</cUF><ano>${f.ano}</ano><CNPJ>${f.cnpj}</CNPJ>` +
    `<mod>65</mod><serie>${f.serie}</serie><nNFIni>${f.nNFIni}</nNFIni><nNFFin>${f.nNFFin}</nNFFin>` +
    `<xJust>${escapeXml(f.xJust)}</xJust></infInut></inutNFe>`
  );
}

export interface EventFields {
  cOrgao: string;
  tpAmb: TpAmb;
  /** Emitter document: CNPJ (14) or CPF (11). */
  author: { cnpj: string } | { cpf: string };
  chNFe: string;
  dhEvento: string;
  nSeqEvento?: number;
}

export type EventDetail =
  | { tpEvento: "110111"; nProt: string; xJust: string }
  | {
      tpEvento: "110112";
      nProt: string;
      xJust: string;
      chNFeRef: string;
      cOrgaoAutor: string;
      verAplic: string;
    };

/** Id = "ID" + tpEvento + chave + nSeqEvento(2) (54 characters; 572 otherwise). */
export function eventId(tpEvento: string, chNFe: string, nSeqEvento: number): string {
  return `ID${tpEvento}${chNFe}${String(nSeqEvento).padStart(2, "0")}`;
}

function detEventoXml(d: EventDetail): string {
  if (d.tpEvento === "110111") {
    return `<detEvento versao="1.00"><descEvento>Cancelamento</descEvento><nProt>${d.nProt}</nProt><xJust>${escapeXml(d.xJust)}</xJust></detEvento>`;
  }
  return (
    `<detEvento versao="1.00"><descEvento>Cancelamento por substituicao</descEvento><cOrgaoAutor>${d.cOrgaoAutor}</cOrgaoAutor>` +
    `<tpAutor>1</tpAutor><verAplic>${escapeXml(d.verAplic)}</verAplic><nProt>${d.nProt}</nProt>` +
    `<xJust>${escapeXml(d.xJust)}</xJust><chNFeRef>${d.chNFeRef}</chNFeRef></detEvento>`
  );
}

/** Unsigned evento; sign infEvento, then wrap it with envEventoXml. */
export function eventoXml(f: EventFields, d: EventDetail): string {
  const nSeq = f.nSeqEvento ?? 1;
  const author = "cnpj" in f.author ? `<CNPJ>${f.author.cnpj}</CNPJ>` : `<CPF>${f.author.cpf}</CPF>`;
  return (
    `<evento xmlns="${NFE_NS}" versao="1.00"><infEvento Id="${eventId(d.tpEvento, f.chNFe, nSeq)}">` +
    `<cOrgao>${f.cOrgao}</cOrgao><tpAmb>${f.tpAmb}</tpAmb>${author}<chNFe>${f.chNFe}</chNFe>` +
    `<dhEvento>${f.dhEvento}</dhEvento><tpEvento>${d.tpEvento}</tpEvento><nSeqEvento>${nSeq}</nSeqEvento>` +
    `<verEvento>1.00</verEvento>${detEventoXml(d)}</infEvento></evento>`
  );
}

export function envEventoXml(idLote: string, signedEvento: string): string {
  return `<envEvento xmlns="${NFE_NS}" versao="1.00"><idLote>${idLote}</idLote>${stripXmlDeclaration(signedEvento).trim()}</envEvento>`;
}
