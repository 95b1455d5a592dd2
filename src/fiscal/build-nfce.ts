// The unsigned NFC-e (modelo 65, leiaute 4.00): <NFe><infNFe>…</infNFe></NFe> in XSD order, default
// namespace only, no whitespace between tags, no empty elements, no XML declaration. Pure: time
// (dhEmi, dhCont) and randomness (cNF) come in through the input.
import type { Config, EmitterConfig } from "../config/schema.js";
import { KioskError } from "../errors.js";
import { buildAccessKey, isValidCNF } from "./access-key.js";
import { computeAmounts } from "./build/amounts.js";
import { buildDet, HOMOLOGATION_XPROD } from "./build/det.js";
import { buildItemTaxes, type Layout } from "./build/item-taxes.js";
import { buildPag } from "./build/pag.js";
import { buildDest, buildEmit, buildRespTec, destDocument, emitterDocument } from "./build/parties.js";
import { buildTotal, computeTotals } from "./build/totals.js";
import { saleError } from "./build/validate.js";
import { el, group, opt } from "./build/xml.js";
import { formatLocalDateTime, localDateTime, ufInfo } from "./datetime.js";
import { formatCents } from "./decimal.js";
import { parseSale, type Sale } from "./sale.js";
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
function buildContingency(input: BuildNfceInput, uf: string): string {
  if (input.tpEmis === 1) {
    if (input.contingency !== undefined) internal("dhCont/xJust are only for tpEmis 9");
    return "";
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
  return el("dhCont", formatLocalDateTime(dhCont, uf)) + el("xJust", reason);
}

export function buildNfce(input: BuildNfceInput): BuiltNfce {
  const { emitter } = input;
  const layout = input.layout ?? "PL_010";
  const sale = parseSale(input.sale, emitter.crt);
  checkNumbering(input);
  const uf = emitter.address.uf;
  for (const [name, date] of [
    ["dhEmi", input.dhEmi],
    ["dhCont", input.contingency?.dhCont],
  ] as const) {
    const year = date?.getUTCFullYear();
    if (date !== undefined && !(year !== undefined && year >= 2001 && year <= 2098))
      internal(`${name} is not a usable date`);
  }
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

  const ide =
    el("cUF", cUF) +
    el("cNF", input.cNF) +
    el("natOp", "VENDA") +
    el("mod", 65) +
    el("serie", input.series) +
    el("nNF", input.nNF) +
    el("dhEmi", dhEmi) +
    el("tpNF", 1) +
    el("idDest", 1) +
    el("cMunFG", emitter.address.cityCode) +
    el("tpImp", 4) +
    el("tpEmis", input.tpEmis) +
    el("cDV", chave.slice(43)) +
    el("tpAmb", homologation ? 2 : 1) +
    el("finNFe", 1) +
    el("indFinal", 1) +
    el("indPres", 1) +
    el("procEmi", 0) +
    el("verProc", verProc) +
    buildContingency(input, uf);

  const amounts = computeAmounts(sale, saleError);
  const taxes = sale.items.map((item, i) =>
    buildItemTaxes(item.tax, amounts.items[i]!, layout, (message) => saleError(`items[${i}]`, message)),
  );
  const dets = sale.items
    .map((item, i) =>
      buildDet(
        i + 1,
        item,
        amounts.items[i]!,
        taxes[i]!,
        homologation && i === 0 ? HOMOLOGATION_XPROD : item.description,
      ),
    )
    .join("");
  const totals = computeTotals(amounts, taxes);
  const pag = buildPag(sale.payments, totals.vNF);

  const infNFe =
    group("ide", ide) +
    buildEmit(emitter) +
    buildDest(sale.customer, homologation) +
    dets +
    buildTotal(totals) +
    group("transp", el("modFrete", 9)) +
    pag.xml +
    (sale.additionalInfo === undefined ? "" : group("infAdic", opt("infCpl", sale.additionalInfo))) +
    buildRespTec(input.respTec, chave);

  const xml = group("NFe", group("infNFe", infNFe, { Id: `NFe${chave}`, versao: "4.00" }), {
    xmlns: NFE_NAMESPACE,
  });
  const dest = destDocument(sale.customer);
  const built: BuiltNfce = {
    xml,
    chave,
    cNF: input.cNF,
    dhEmi,
    vNF: formatCents(totals.vNF),
    dayOfMonth: String(local.day).padStart(2, "0"),
  };
  if (dest !== undefined) built.dest = dest;
  return built;
}
