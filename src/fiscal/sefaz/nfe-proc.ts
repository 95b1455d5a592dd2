// Distribution documents built byte-exactly: the signed document as given, then the answer as
// received (nfce-reference.md §5). Never re-serialize either part: that breaks the signature.
import { NFE_NS } from "./services.js";
import { stripXmlDeclaration } from "./xml-text.js";

export function buildNfeProc(signedNfe: string, protNFeXml: string): string {
  return `<nfeProc xmlns="${NFE_NS}" versao="4.00">${stripXmlDeclaration(signedNfe).trim()}${protNFeXml}</nfeProc>`;
}

export function buildProcEventoNFe(signedEvento: string, retEventoXml: string): string {
  return `<procEventoNFe xmlns="${NFE_NS}" versao="1.00">${stripXmlDeclaration(signedEvento).trim()}${retEventoXml}</procEventoNFe>`;
}

export function buildProcInutNFe(signedInut: string, retInutNFeXml: string): string {
  // The XSD root is ProcInutNFe, with a capital P (procInutNFe_v4.00.xsd).
  return `<ProcInutNFe xmlns="${NFE_NS}" versao="4.00">${stripXmlDeclaration(signedInut).trim()}${retInutNFeXml}</ProcInutNFe>`;
}
