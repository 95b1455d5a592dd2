// The DANFE's XML reading as it was with fast-xml-parser (before the one-pass reader of
// src/hal/printer/danfe/xml-tree.ts): the reference the new reader is compared with.
import { XMLParser } from "fast-xml-parser";
import { KioskError } from "../../../src/errors.js";
import type { DanfeConsumer, DanfeDocument } from "../../../src/hal/printer/danfe/nfce-document.js";

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  trimValues: true,
  isArray: (name) => name === "det" || name === "detPag",
});

function bad(message: string): KioskError {
  return new KioskError("KIOSK_ERR_INPUT_INVALID", `cannot print the DANFE: ${message}`, {
    field: "NFe",
    operatorMessage: "Não foi possível montar o DANFE: XML da NFC-e inválido.",
  });
}

function obj(value: unknown): Node | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Node) : undefined;
}

function str(node: Node | undefined, key: string): string | undefined {
  const v = node?.[key];
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  const o = obj(v);
  if (o && typeof o["#text"] === "string") return o["#text"];
  return undefined;
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

export function readNfceDocumentReference(xml: string): DanfeDocument {
  let root: Node;
  try {
    root = parser.parse(xml) as Node;
  } catch (error) {
    throw bad(`not well-formed XML (${(error as Error).message})`);
  }
  const proc = obj(root["nfeProc"]);
  const nfe = obj(proc ? proc["NFe"] : root["NFe"]);
  if (!nfe) throw bad("no NFe element");
  const inf = obj(nfe["infNFe"]);
  if (!inf) throw bad("no infNFe element");
  const id = str(inf, "@_Id") ?? "";
  const chave = id.replace(/^NFe/, "");
  if (!/^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$/.test(chave)) throw bad(`infNFe Id "${id}" is not NFe + 44-char key`);

  const ide = obj(inf["ide"]);
  const emit = obj(inf["emit"]);
  const total = obj(obj(inf["total"])?.["ICMSTot"]);
  const pag = obj(inf["pag"]);
  const supl = obj(nfe["infNFeSupl"]);
  if (!ide || !emit || !total || !pag) throw bad("ide, emit, total/ICMSTot and pag are required");
  const tpAmb = need(ide, "tpAmb", "ide");
  if (tpAmb !== "1" && tpAmb !== "2") throw bad(`tpAmb "${tpAmb}"`);

  const items = ((inf["det"] as unknown[] | undefined) ?? []).map((d, i) => {
    const prod = obj(obj(d)?.["prod"]);
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

  const payments = ((pag["detPag"] as unknown[] | undefined) ?? []).map((p, i) => {
    const node = obj(p);
    const xPag = str(node, "xPag");
    return {
      tPag: need(node, "tPag", `pag/detPag[${i + 1}]`),
      vPag: need(node, "vPag", `pag/detPag[${i + 1}]`),
      ...(xPag ? { xPag } : {}),
    };
  });

  const dest = obj(inf["dest"]);
  const consumer: DanfeConsumer | undefined = dest
    ? Object.fromEntries(
        Object.entries({
          CNPJ: str(dest, "CNPJ"),
          CPF: str(dest, "CPF"),
          idEstrangeiro: str(dest, "idEstrangeiro"),
          xNome: str(dest, "xNome"),
          address: addressLine(obj(dest["enderDest"])) || undefined,
        }).filter(([, v]) => v !== undefined),
      )
    : undefined;

  const adic = obj(inf["infAdic"]);
  const prot = obj(obj(proc?.["protNFe"])?.["infProt"]);
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
      address: addressLine(obj(emit["enderEmit"])),
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
