// The facts the simulator judges, read from a received NFe with a DOM (not trusted: every field
// may be missing, hence the empty-string defaults; the XSD check runs first when schemas exist).
import { DOMParser, type Element } from "@xmldom/xmldom";

export interface ItemFacts {
  cProd: string;
  cEAN: string;
  xProd: string;
  NCM: string;
  CFOP: string;
  uCom: string;
  qCom: string;
  vUnCom: string;
  vProd: string;
  indTot: string;
}

export interface NoteFacts {
  id: string;
  chave: string;
  cUF: string;
  cNF: string;
  mod: string;
  serie: number;
  nNF: number;
  dhEmi: string;
  tpEmis: string;
  cDV: string;
  tpAmb: string;
  dhCont: string;
  xJust: string;
  /** CNPJ or CPF of the emitter. */
  emitter: string;
  emitterIsCpf: boolean;
  dest: { type: "CNPJ" | "CPF" | "idEstrangeiro"; value: string } | undefined;
  vNF: string;
  vICMS: string;
  items: ItemFacts[];
  qrCode: string;
  digestValue: string;
  certificateBase64: string;
}

const NFE_NS = "http://www.portalfiscal.inf.br/nfe";
const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

function child(parent: Element | undefined, name: string): Element | undefined {
  if (!parent) return undefined;
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === name) return n as Element;
  }
  return undefined;
}

function text(parent: Element | undefined, name: string): string {
  return child(parent, name)?.textContent?.trim() ?? "";
}

/** Facts of the first NFe in xml (an NFe document or an enviNFe lote). */
export function readNoteFacts(xml: string): NoteFacts | undefined {
  let doc: ReturnType<DOMParser["parseFromString"]>;
  try {
    doc = new DOMParser({ onError: () => {} }).parseFromString(xml, "text/xml");
  } catch {
    return undefined;
  }
  const nfe = doc.getElementsByTagNameNS(NFE_NS, "NFe")[0];
  const inf = child(nfe, "infNFe");
  if (!nfe || !inf) return undefined;
  const ide = child(inf, "ide");
  const emit = child(inf, "emit");
  const destEl = child(inf, "dest");
  const icmsTot = child(child(inf, "total"), "ICMSTot");
  const destDoc = (["CNPJ", "CPF", "idEstrangeiro"] as const).find((t) => child(destEl, t) !== undefined);
  const items: ItemFacts[] = [];
  for (let n = inf.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1 || (n as Element).localName !== "det") continue;
    const prod = child(n as Element, "prod");
    items.push({
      cProd: text(prod, "cProd"),
      cEAN: text(prod, "cEAN"),
      xProd: text(prod, "xProd"),
      NCM: text(prod, "NCM"),
      CFOP: text(prod, "CFOP"),
      uCom: text(prod, "uCom"),
      qCom: text(prod, "qCom"),
      vUnCom: text(prod, "vUnCom"),
      vProd: text(prod, "vProd"),
      indTot: text(prod, "indTot"),
    });
  }
  const signature = nfe.getElementsByTagNameNS(DSIG_NS, "Signature")[0];
  const id = inf.getAttribute("Id") ?? "";
  return {
    id,
    chave: id.startsWith("NFe") ? id.slice(3) : "",
    cUF: text(ide, "cUF"),
    cNF: text(ide, "cNF"),
    mod: text(ide, "mod"),
    serie: Number(text(ide, "serie")),
    nNF: Number(text(ide, "nNF")),
    dhEmi: text(ide, "dhEmi"),
    tpEmis: text(ide, "tpEmis"),
    cDV: text(ide, "cDV"),
    tpAmb: text(ide, "tpAmb"),
    dhCont: text(ide, "dhCont"),
    xJust: text(ide, "xJust"),
    emitter: text(emit, "CNPJ") || text(emit, "CPF"),
    emitterIsCpf: child(emit, "CPF") !== undefined,
    dest: destDoc ? { type: destDoc, value: text(destEl, destDoc) } : undefined,
    vNF: text(icmsTot, "vNF"),
    vICMS: text(icmsTot, "vICMS"),
    items,
    qrCode: text(child(nfe, "infNFeSupl"), "qrCode"),
    digestValue: signature?.getElementsByTagNameNS(DSIG_NS, "DigestValue")[0]?.textContent?.trim() ?? "",
    certificateBase64:
      signature?.getElementsByTagNameNS(DSIG_NS, "X509Certificate")[0]?.textContent?.trim() ?? "",
  };
}

/** Count of NFe elements in a lote. */
export function countNotes(xml: string): number {
  return (xml.match(/<NFe[\s>]/g) ?? []).length;
}
