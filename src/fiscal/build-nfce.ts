// The unsigned NFC-e (modelo 65, leiaute 4.00): <NFe><infNFe>…</infNFe></NFe> in XSD order, default
// namespace only, no whitespace between tags, no empty elements, no XML declaration. Pure: time
// (dhEmi, dhCont) and randomness (cNF) come in through the input.
import type { Config, EmitterConfig } from "../config/schema.js";
import { KioskError } from "../errors.js";
import { buildAccessKey, isValidCNF } from "./access-key.js";
import type { SaleAmounts } from "./build/amounts.js";
import { HOMOLOGATION_XPROD, writeDet } from "./build/det.js";
import type { ItemTaxes, Layout } from "./build/item-taxes.js";
import { writePag } from "./build/pag.js";
import { destDocument, emitterDocument, writeDest, writeEmit, writeRespTec } from "./build/parties.js";
import { computeTotals, type Totals, writeTotal } from "./build/totals.js";
import { saleError } from "./build/validate.js";
import { writeXml, type XmlWriter } from "./build/xml.js";
import { formatLocalDateTime, localDateTime, ufInfo } from "./datetime.js";
import { formatCents } from "./decimal.js";
import { parseSaleWithAmounts, type Sale } from "./sale.js";
import { sanitizeText } from "./sanitize-text.js";

export const NFE_NAMESPACE = "http://www.portalfiscal.inf.br/nfe";

export interface BuildNfceInput {
  sale: Sale;
  emitter: EmitterConfig;
  environment: "homologacao" | "producao";
  series: number;
  nNF: number;
  cNF: string;
  tpEmis: 1 | 9;
  dhEmi: Date;
  contingency?: { dhCont: Date; xJust: string };
  respTec?: Config["respTec"];
  verProc: string;
  /** default PL_010: emits the IBS/CBS groups for CRT 3; PL_009 omits them */
  layout?: Layout;
}

export interface BuiltNfce {
  /** <NFe xmlns=...><infNFe ...>...</infNFe></NFe>, unsigned, no infNFeSupl */
  xml: string;
  chave: string;
  cNF: string;
  dhEmi: string;
  /** exact W16 string */
  vNF: string;
  /** "dd" of dhEmi in the emitter's UF (QR code v2 offline) */
  dayOfMonth: string;
  dest?: { type: "CPF" | "CNPJ"; value: string };
}

function internal(message: string): never {
  throw new KioskError("KIOSK_ERR_INTERNAL", `buildNfce: ${message}`);
}

function checkNumbering(input: BuildNfceInput): void {
  if (!Number.isInteger(input.series) || input.series < 0 || input.series > 999)
    internal(`bad series ${input.series}`);
  if (!Number.isInteger(input.nNF) || input.nNF < 1 || input.nNF > 999_999_999)
    internal(`bad nNF ${input.nNF}`);
  // [MOC-A1] B03-10 (rejection 897)
  if (!isValidCNF(input.cNF, input.nNF)) internal(`cNF "${input.cNF}" is not allowed for nNF ${input.nNF}`);
}

/** dhCont and xJust only for tpEmis 9 ([MOC-A1] B28-10/20/40; rejections 556, 557, 558). */
function contingencyOf(input: BuildNfceInput, uf: string): { dhCont: string; xJust: string } | undefined {
  if (input.tpEmis === 1) {
    if (input.contingency !== undefined) internal("dhCont/xJust are only for tpEmis 9");
    return undefined;
  }
  if (input.contingency === undefined) internal("tpEmis 9 needs dhCont and xJust");
  const { dhCont, xJust } = input.contingency;
  if (dhCont.getTime() > input.dhEmi.getTime()) internal("dhCont is after dhEmi");
  const reason = sanitizeText(xJust);
  if (reason.length < 15 || reason.length > 256) {
    throw new KioskError("KIOSK_ERR_CONFIG_INVALID", "contingency.xJust must have 15 to 256 characters", {
      field: "contingency.xJust",
    });
  }
  return { dhCont: formatLocalDateTime(dhCont, uf), xJust: reason };
}

function checkDate(name: string, date: Date | undefined): void {
  const year = date?.getUTCFullYear();
  if (date !== undefined && !(year !== undefined && year >= 2001 && year <= 2098))
    internal(`${name} is not a usable date`);
}

/** What the document's text needs beyond the input, worked out before anything is written. */
interface NoteFacts {
  cUF: string;
  chave: string;
  dhEmi: string;
  homologation: boolean;
  verProc: string;
  contingency: { dhCont: string; xJust: string } | undefined;
}

function writeIde(w: XmlWriter, input: BuildNfceInput, facts: NoteFacts): void {
  const ide = w.open("ide");
  w.el("cUF", facts.cUF);
  w.el("cNF", input.cNF);
  w.el("natOp", "VENDA");
  w.el("mod", "65");
  w.int("serie", input.series);
  w.int("nNF", input.nNF);
  w.el("dhEmi", facts.dhEmi);
  w.el("tpNF", "1");
  w.el("idDest", "1");
  w.el("cMunFG", input.emitter.address.cityCode);
  w.el("tpImp", "4");
  w.int("tpEmis", input.tpEmis);
  w.el("cDV", facts.chave.slice(43));
  w.el("tpAmb", facts.homologation ? "2" : "1");
  w.el("finNFe", "1");
  w.el("indFinal", "1");
  w.el("indPres", "1");
  w.el("procEmi", "0");
  w.el("verProc", facts.verProc);
  if (facts.contingency !== undefined) {
    w.el("dhCont", facts.contingency.dhCont);
    w.el("xJust", facts.contingency.xJust);
  }
  w.close("ide", ide);
}

/** Writes the whole <NFe> and returns the totals it carries. */
function writeNfe(
  w: XmlWriter,
  input: BuildNfceInput,
  sale: Sale,
  amounts: SaleAmounts,
  facts: NoteFacts,
): Totals {
  const layout = input.layout ?? "PL_010";
  const nfe = w.openWith("NFe", "xmlns", NFE_NAMESPACE);
  const infNFe = w.openWith("infNFe", "Id", `NFe${facts.chave}`, "versao", "4.00");
  writeIde(w, input, facts);
  writeEmit(w, input.emitter);
  writeDest(w, sale.customer, facts.homologation);
  const taxes: ItemTaxes[] = [];
  for (let i = 0; i < sale.items.length; i++) {
    const item = sale.items[i]!;
    const xProd = facts.homologation && i === 0 ? HOMOLOGATION_XPROD : item.description;
    const fail = (message: string): never => saleError(`items[${i}]`, message);
    taxes.push(writeDet(w, i + 1, item, amounts.items[i]!, xProd, layout, fail));
  }
  const totals = computeTotals(amounts, taxes);
  writeTotal(w, totals);
  const transp = w.open("transp");
  w.int("modFrete", 9);
  w.close("transp", transp);
  writePag(w, sale.payments, totals.vNF);
  if (sale.additionalInfo !== undefined) {
    const infAdic = w.open("infAdic");
    w.el("infCpl", sale.additionalInfo);
    w.close("infAdic", infAdic);
  }
  writeRespTec(w, input.respTec, facts.chave);
  w.close("infNFe", infNFe);
  w.close("NFe", nfe);
  return totals;
}

export function buildNfce(input: BuildNfceInput): BuiltNfce {
  const { emitter } = input;
  const { sale, amounts } = parseSaleWithAmounts(input.sale, emitter.crt);
  checkNumbering(input);
  const uf = emitter.address.uf;
  checkDate("dhEmi", input.dhEmi);
  checkDate("dhCont", input.contingency?.dhCont);
  const { cUF } = ufInfo(uf);
  const homologation = input.environment === "homologacao";
  const dhEmi = formatLocalDateTime(input.dhEmi, uf);
  const local = localDateTime(input.dhEmi, uf);
  const doc = emitterDocument(emitter);
  // NT 2023.002 §4.1: a CPF emitter uses the reserved series 920-969; a CNPJ emitter never does
  if ((doc.tag === "CPF") !== (input.series >= 920 && input.series <= 969)) {
    throw new KioskError(
      "KIOSK_ERR_CONFIG_INVALID",
      `series: ${input.series} is not allowed for a ${doc.tag} emitter`,
      {
        field: "series",
      },
    );
  }
  const chave = buildAccessKey({
    cUF,
    aamm: dhEmi.slice(2, 4) + dhEmi.slice(5, 7),
    cnpjCpf: doc.key14,
    mod: "65",
    serie: input.series,
    nNF: input.nNF,
    tpEmis: input.tpEmis,
    cNF: input.cNF,
  });
  const verProc = sanitizeText(input.verProc);
  if (verProc.length < 1 || verProc.length > 20) internal("verProc must have 1 to 20 characters");
  const contingency = contingencyOf(input, uf);
  const facts: NoteFacts = { cUF, chave, dhEmi, homologation, verProc, contingency };

  let totals: Totals | undefined;
  const xml = writeXml((w) => {
    totals = writeNfe(w, input, sale, amounts, facts);
  });
  const dest = destDocument(sale.customer);
  const built: BuiltNfce = {
    xml,
    chave,
    cNF: input.cNF,
    dhEmi,
    vNF: formatCents(totals!.vNF),
    dayOfMonth: String(local.day).padStart(2, "0"),
  };
  if (dest !== undefined) built.dest = dest;
  return built;
}
