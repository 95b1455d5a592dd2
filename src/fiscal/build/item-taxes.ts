// The <imposto> group of one item and its values in cents: ICMS (CSOSN or CST), PIS/COFINS (CRT 3)
// and, for CRT 3 on layout PL_010, IBSCBS (NT 2025.002). Rates are percent scaled by 10^4.
import { divRoundHalfUp, formatCents, formatScaled, toScaled } from "../decimal.js";
import {
  IBS_CBS_2026_RATES,
  type IbsCbsTax,
  type ItemTax,
  isSimplesNacionalTax,
  type PisCofinsTax,
  type RegimeNormalTax,
} from "../sale.js";
import type { ItemAmounts } from "./amounts.js";
import { el, group } from "./xml.js";

export type Layout = "PL_010" | "PL_009";

export interface IbsCbsValues {
  vBC: bigint;
  vIBSUF: bigint;
  vIBSMun: bigint;
  vIBS: bigint;
  vCBS: bigint;
}

export interface ItemTaxes {
  vBC: bigint;
  vICMS: bigint;
  vPIS: bigint;
  vCOFINS: bigint;
  /** true when the item carries an IBSCBS group (CRT 3, PL_010) */
  hasIbsCbs: boolean;
  /** values of gIBSCBS (all zero when the CST has no gIBSCBS) */
  ibsCbs: IbsCbsValues;
  xml: string;
}

const PERCENT = 100n * 10n ** 4n;
const ZERO_IBS: IbsCbsValues = { vBC: 0n, vIBSUF: 0n, vIBSMun: 0n, vIBS: 0n, vCBS: 0n };

const rate4 = (rate: number): bigint => toScaled(rate, 4)!;
/** XSD TDec_0302a04: 2 to 4 decimals. */
const formatRate = (rate: bigint): string => formatScaled(rate, 4, 2);
const applyRate = (base: bigint, rate: bigint): bigint => divRoundHalfUp(base * rate, PERCENT);

function pisCofins(kind: "PIS" | "COFINS", tax: PisCofinsTax, base: bigint): { value: bigint; xml: string } {
  if (["04", "05", "06", "07", "08", "09"].includes(tax.cst)) {
    return { value: 0n, xml: group(kind, group(`${kind}NT`, el("CST", tax.cst))) };
  }
  const rate = rate4(tax.rate ?? 0);
  const value = applyRate(base, rate);
  const inner =
    el("CST", tax.cst) +
    el("vBC", formatCents(base)) +
    el(`p${kind}`, formatRate(rate)) +
    el(`v${kind}`, formatCents(value));
  const name = tax.cst === "01" || tax.cst === "02" ? `${kind}Aliq` : `${kind}Outr`;
  return { value, xml: group(kind, group(name, inner)) };
}

function icmsNormal(tax: RegimeNormalTax, net: bigint): { vBC: bigint; vICMS: bigint; xml: string } {
  const head = el("orig", tax.origin) + el("CST", tax.cst);
  if (tax.cst === "00" || tax.cst === "20") {
    const pICMS = rate4(tax.icmsRate!);
    let vBC = net;
    let reduction = "";
    if (tax.cst === "20") {
      const pRedBC = rate4(tax.icmsBaseReduction!);
      vBC = divRoundHalfUp(net * (PERCENT - pRedBC), PERCENT);
      reduction = el("pRedBC", formatRate(pRedBC));
    }
    const vICMS = applyRate(vBC, pICMS);
    // modBC 3 = valor da operação
    const body =
      head +
      el("modBC", 3) +
      reduction +
      el("vBC", formatCents(vBC)) +
      el("pICMS", formatRate(pICMS)) +
      el("vICMS", formatCents(vICMS));
    return { vBC, vICMS, xml: group(`ICMS${tax.cst}`, body) };
  }
  const name = tax.cst === "60" ? "ICMS60" : "ICMS40";
  return { vBC: 0n, vICMS: 0n, xml: group(name, head) };
}

function ibsCbsGroup(tax: IbsCbsTax, base: bigint): { values: IbsCbsValues; xml: string } {
  const head = el("CST", tax.cst) + el("cClassTrib", tax.cClassTrib);
  if (tax.cst === "410") return { values: ZERO_IBS, xml: group("IBSCBS", head) };
  const pIBSUF = rate4(tax.ibsUfRate ?? IBS_CBS_2026_RATES.ibsUfRate);
  const pIBSMun = rate4(tax.ibsMunRate ?? IBS_CBS_2026_RATES.ibsMunRate);
  const pCBS = rate4(tax.cbsRate ?? IBS_CBS_2026_RATES.cbsRate);
  const vIBSUF = applyRate(base, pIBSUF);
  const vIBSMun = applyRate(base, pIBSMun);
  const vCBS = applyRate(base, pCBS);
  const values = { vBC: base, vIBSUF, vIBSMun, vIBS: vIBSUF + vIBSMun, vCBS };
  const gIBSCBS =
    el("vBC", formatCents(base)) +
    group("gIBSUF", el("pIBSUF", formatRate(pIBSUF)) + el("vIBSUF", formatCents(vIBSUF))) +
    group("gIBSMun", el("pIBSMun", formatRate(pIBSMun)) + el("vIBSMun", formatCents(vIBSMun))) +
    el("vIBS", formatCents(values.vIBS)) +
    group("gCBS", el("pCBS", formatRate(pCBS)) + el("vCBS", formatCents(vCBS)));
  return { values, xml: group("IBSCBS", head + group("gIBSCBS", gIBSCBS)) };
}

/**
 * Taxes of one item. `fail` reports an item whose taxes exceed its value (no IBS/CBS base left).
 */
export function buildItemTaxes(
  tax: ItemTax,
  amounts: ItemAmounts,
  layout: Layout,
  fail: (message: string) => never,
): ItemTaxes {
  const net = amounts.vProd - amounts.vDesc;
  if (isSimplesNacionalTax(tax)) {
    const name = tax.csosn === "500" ? "ICMSSN500" : "ICMSSN102";
    const icms = group("ICMS", group(name, el("orig", tax.origin) + el("CSOSN", tax.csosn)));
    return {
      vBC: 0n,
      vICMS: 0n,
      vPIS: 0n,
      vCOFINS: 0n,
      hasIbsCbs: false,
      ibsCbs: ZERO_IBS,
      xml: group("imposto", icms),
    };
  }
  const icms = icmsNormal(tax, net);
  const pis = pisCofins("PIS", tax.pis, net);
  const cofins = pisCofins("COFINS", tax.cofins, net);
  let xml = group("ICMS", icms.xml) + pis.xml + cofins.xml;
  let ibsCbs = ZERO_IBS;
  const hasIbsCbs = layout === "PL_010";
  if (hasIbsCbs) {
    // NT 2025.002 UB16-10: base = vProd − vDesc − vPIS − vCOFINS − vICMS (no freight, ST, IS here)
    const base = net - pis.value - cofins.value - icms.vICMS;
    if (base < 0n) fail("its ICMS, PIS and COFINS exceed its value: no IBS/CBS base is left");
    const built = ibsCbsGroup(tax.ibsCbs ?? { cst: "000", cClassTrib: "000001" }, base);
    ibsCbs = built.values;
    xml += built.xml;
  }
  return {
    vBC: icms.vBC,
    vICMS: icms.vICMS,
    vPIS: pis.value,
    vCOFINS: cofins.value,
    hasIbsCbs,
    ibsCbs,
    xml: group("imposto", xml),
  };
}
