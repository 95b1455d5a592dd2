// Reads what the DANFE prints from a signed NFC-e (NFe or nfeProc). Only XML data and return data
// are printed ([MAN6] §2), so this is the one place that looks into the XML; values stay strings.
import { KioskError } from "../../../errors.js";
import { attributeOf, hasAttributes, parseXmlTree, type XmlElement } from "./xml-tree.js";

export interface DanfeItem {
  cProd: string;
  xProd: string;
  qCom: string;
  uCom: string;
  vUnCom: string;
  vProd: string;
  vDesc?: string;
}

export interface DanfePayment {
  tPag: string;
  xPag?: string;
  vPag: string;
}

export interface DanfeConsumer {
  CNPJ?: string;
  CPF?: string;
  idEstrangeiro?: string;
  xNome?: string;
  address?: string;
}

export interface DanfeProtocol {
  nProt: string;
  dhRecbto: string;
  xMsg?: string;
}

export interface DanfeDocument {
  chave: string;
  tpAmb: "1" | "2";
  tpEmis: string;
  nNF: string;
  serie: string;
  dhEmi: string;
  emitter: { CNPJ?: string; CPF?: string; xNome: string; address: string };
  items: DanfeItem[];
  totals: {
    vProd: string;
    vDesc: string;
    vFrete: string;
    vSeg: string;
    vOutro: string;
    vNF: string;
    vTotTrib?: string;
  };
  payments: DanfePayment[];
  vTroco?: string;
  consumer?: DanfeConsumer;
  qrCode: string;
  urlChave: string;
  infAdFisco?: string;
  infCpl?: string;
  /** protNFe of an nfeProc with cStat 100/150. */
  protocol?: DanfeProtocol;
}

type Node = XmlElement;

/** Nothing from the signature or the taxes of an item is printed. */
const UNREAD: ReadonlySet<string> = new Set(["Signature", "imposto"]);

function bad(message: string): KioskError {
  return new KioskError("KIOSK_ERR_INPUT_INVALID", `cannot print the DANFE: ${message}`, {
    field: "NFe",
    operatorMessage: "Não foi possível montar o DANFE: XML da NFC-e inválido.",
  });
}

/** The one child with this name: a repeated element counts as absent (it is not the expected one). */
function only(parent: Node | undefined, name: string): Node | undefined {
  let found: Node | undefined;
  for (const child of parent?.children ?? []) {
    if (child.name !== name) continue;
    if (found) return undefined;
    found = child;
  }
  return found;
}

function all(parent: Node, name: string): Node[] {
  return parent.children.filter((child) => child.name === name);
}

/** A group element: one with children or attributes (a bare leaf is a value, not a group). */
function isGroup(node: Node): boolean {
  return node.children.length > 0 || hasAttributes(node);
}

function obj(parent: Node | undefined, name: string): Node | undefined {
  const node = only(parent, name);
  return node && isGroup(node) ? node : undefined;
}

/** A leaf's text ("" when empty); a group's own text only when it has some. */
function str(parent: Node | undefined, name: string): string | undefined {
  const node = only(parent, name);
  if (!node) return undefined;
  if (isGroup(node)) return node.text === "" ? undefined : node.text;
  return node.text;
}

function need(node: Node | undefined, key: string, where: string): string {
  const v = str(node, key);
  if (v === undefined || v === "") throw bad(`missing ${where}/${key}`);
  return v;
}

function addressLine(ender: Node | undefined): string {
  if (!ender) return "";
  const parts = [
    [str(ender, "xLgr"), str(ender, "nro")].filter(Boolean).join(", "),
    str(ender, "xCpl"),
    str(ender, "xBairro"),
    [str(ender, "xMun"), str(ender, "UF")].filter(Boolean).join(" - "),
  ];
  return parts.filter((p) => p !== undefined && p !== "").join(", ");
}

export function readNfceDocument(xml: string): DanfeDocument {
  let root: Node;
  try {
    root = parseXmlTree(xml, UNREAD);
  } catch (error) {
    throw bad(`not well-formed XML (${(error as Error).message})`);
  }
  const proc = obj(root, "nfeProc");
  const nfe = obj(proc ?? root, "NFe");
  if (!nfe) throw bad("no NFe element");
  const inf = obj(nfe, "infNFe");
  if (!inf) throw bad("no infNFe element");
  const id = attributeOf(inf, "Id") ?? "";
  const chave = id.replace(/^NFe/, "");
  if (!/^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$/.test(chave)) throw bad(`infNFe Id "${id}" is not NFe + 44-char key`);

  const ide = obj(inf, "ide");
  const emit = obj(inf, "emit");
  const total = obj(obj(inf, "total"), "ICMSTot");
  const pag = obj(inf, "pag");
  const supl = obj(nfe, "infNFeSupl");
  if (!ide || !emit || !total || !pag) throw bad("ide, emit, total/ICMSTot and pag are required");
  const tpAmb = need(ide, "tpAmb", "ide");
  if (tpAmb !== "1" && tpAmb !== "2") throw bad(`tpAmb "${tpAmb}"`);

  const items = all(inf, "det").map((d, i) => {
    const prod = isGroup(d) ? obj(d, "prod") : undefined;
    const where = `det[${i + 1}]/prod`;
    return {
      cProd: need(prod, "cProd", where),
      xProd: need(prod, "xProd", where),
      qCom: need(prod, "qCom", where),
      uCom: need(prod, "uCom", where),
      vUnCom: need(prod, "vUnCom", where),
      vProd: need(prod, "vProd", where),
      ...(str(prod, "vDesc") ? { vDesc: str(prod, "vDesc") as string } : {}),
    };
  });
  if (items.length === 0) throw bad("no det items");

  const payments = all(pag, "detPag").map((p, i) => {
    const node = isGroup(p) ? p : undefined;
    const xPag = str(node, "xPag");
    return {
      tPag: need(node, "tPag", `pag/detPag[${i + 1}]`),
      vPag: need(node, "vPag", `pag/detPag[${i + 1}]`),
      ...(xPag ? { xPag } : {}),
    };
  });

  const dest = obj(inf, "dest");
  const consumer: DanfeConsumer | undefined = dest
    ? Object.fromEntries(
        Object.entries({
          CNPJ: str(dest, "CNPJ"),
          CPF: str(dest, "CPF"),
          idEstrangeiro: str(dest, "idEstrangeiro"),
          xNome: str(dest, "xNome"),
          address: addressLine(obj(dest, "enderDest")) || undefined,
        }).filter(([, v]) => v !== undefined),
      )
    : undefined;

  const adic = obj(inf, "infAdic");
  const prot = obj(obj(proc, "protNFe"), "infProt");
  const protStat = str(prot, "cStat");
  const protocol =
    prot && (protStat === "100" || protStat === "150") && str(prot, "nProt") && str(prot, "dhRecbto")
      ? {
          nProt: str(prot, "nProt") as string,
          dhRecbto: str(prot, "dhRecbto") as string,
          ...(str(prot, "xMsg") ? { xMsg: str(prot, "xMsg") as string } : {}),
        }
      : undefined;

  const opt = <K extends string>(key: K, value: string | undefined) =>
    value === undefined || value === "" ? {} : ({ [key]: value } as Record<K, string>);

  return {
    chave,
    tpAmb,
    tpEmis: need(ide, "tpEmis", "ide"),
    nNF: need(ide, "nNF", "ide"),
    serie: need(ide, "serie", "ide"),
    dhEmi: need(ide, "dhEmi", "ide"),
    emitter: {
      ...opt("CNPJ", str(emit, "CNPJ")),
      ...opt("CPF", str(emit, "CPF")),
      xNome: need(emit, "xNome", "emit"),
      address: addressLine(obj(emit, "enderEmit")),
    },
    items,
    totals: {
      vProd: need(total, "vProd", "ICMSTot"),
      vDesc: str(total, "vDesc") ?? "0.00",
      vFrete: str(total, "vFrete") ?? "0.00",
      vSeg: str(total, "vSeg") ?? "0.00",
      vOutro: str(total, "vOutro") ?? "0.00",
      vNF: need(total, "vNF", "ICMSTot"),
      ...opt("vTotTrib", str(total, "vTotTrib")),
    },
    payments,
    ...opt("vTroco", str(pag, "vTroco")),
    ...(consumer && Object.keys(consumer).length > 0 ? { consumer } : {}),
    qrCode: need(supl, "qrCode", "infNFeSupl"),
    urlChave: need(supl, "urlChave", "infNFeSupl"),
    ...opt("infAdFisco", str(adic, "infAdFisco")),
    ...opt("infCpl", str(adic, "infCpl")),
    ...(protocol ? { protocol } : {}),
  };
}
