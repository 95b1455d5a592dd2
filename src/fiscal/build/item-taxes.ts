// The <imposto> group of one item and its values in cents: ICMS (CSOSN or CST), PIS/COFINS (CRT 3)
// and, for CRT 3 on layout PL_010, IBSCBS (NT 2025.002). Rates are percent scaled by 10^4.
import { divRoundHalfUp, toScaled } from "../decimal.js";
import {
  IBS_CBS_2026_RATES,
  type IbsCbsTax,
  type ItemTax,
  isSimplesNacionalTax,
  type PisCofinsTax,
  type RegimeNormalTax,
} from "../sale.js";
import type { ItemAmounts } from "./amounts.js";
import type { XmlWriter } from "./xml.js";

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
}

const PERCENT = 100n * 10n ** 4n;
const ZERO_IBS: IbsCbsValues = Object.freeze({ vBC: 0n, vIBSUF: 0n, vIBSMun: 0n, vIBS: 0n, vCBS: 0n });
const SIMPLES_NACIONAL: ItemTaxes = Object.freeze({
  vBC: 0n,
  vICMS: 0n,
  vPIS: 0n,
  vCOFINS: 0n,
  hasIbsCbs: false,
  ibsCbs: ZERO_IBS,
});
const PIS_COFINS_NT = ["04", "05", "06", "07", "08", "09"];
/** Element names per kind, spelled out so that no name is built per item. */
const NAMES = {
  PIS: { group: "PIS", nt: "PISNT", aliq: "PISAliq", outr: "PISOutr", rate: "pPIS", value: "vPIS" },
  COFINS: {
    group: "COFINS",
    nt: "COFINSNT",
    aliq: "COFINSAliq",
    outr: "COFINSOutr",
    rate: "pCOFINS",
    value: "vCOFINS",
  },
} as const;

const rate4 = (rate: number): bigint => toScaled(rate, 4)!;
const applyRate = (base: bigint, rate: bigint): bigint => divRoundHalfUp(base * rate, PERCENT);
/** XSD TDec_0302a04: 2 to 4 decimals. */
const writeRate = (w: XmlWriter, name: string, rate: bigint): void => w.decimal(name, rate, 4, 2);

/** Writes <PIS> or <COFINS> and returns its value. */
function writePisCofins(w: XmlWriter, kind: "PIS" | "COFINS", tax: PisCofinsTax, base: bigint): bigint {
  const names = NAMES[kind];
  const outer = w.open(names.group);
  if (PIS_COFINS_NT.includes(tax.cst)) {
    const nt = w.open(names.nt);
    w.el("CST", tax.cst);
    w.close(names.nt, nt);
    w.close(names.group, outer);
    return 0n;
  }
  const rate = rate4(tax.rate ?? 0);
  const value = applyRate(base, rate);
  const name = tax.cst === "01" || tax.cst === "02" ? names.aliq : names.outr;
  const inner = w.open(name);
  w.el("CST", tax.cst);
  w.cents("vBC", base);
  writeRate(w, names.rate, rate);
  w.cents(names.value, value);
  w.close(name, inner);
  w.close(names.group, outer);
  return value;
}

/** Writes <ICMS> of a regime normal item and returns vBC and vICMS. */
function writeIcmsNormal(w: XmlWriter, tax: RegimeNormalTax, net: bigint): { vBC: bigint; vICMS: bigint } {
  const icms = w.open("ICMS");
  const name =
    tax.cst === "00" ? "ICMS00" : tax.cst === "20" ? "ICMS20" : tax.cst === "60" ? "ICMS60" : "ICMS40";
  const inner = w.open(name);
  w.int("orig", tax.origin);
  w.el("CST", tax.cst);
  let vBC = 0n;
  let vICMS = 0n;
  if (tax.cst === "00" || tax.cst === "20") {
    const pICMS = rate4(tax.icmsRate!);
    vBC = net;
    w.int("modBC", 3); // 3 = valor da operação
    if (tax.cst === "20") {
      const pRedBC = rate4(tax.icmsBaseReduction!);
      vBC = divRoundHalfUp(net * (PERCENT - pRedBC), PERCENT);
      writeRate(w, "pRedBC", pRedBC);
    }
    vICMS = applyRate(vBC, pICMS);
    w.cents("vBC", vBC);
    writeRate(w, "pICMS", pICMS);
    w.cents("vICMS", vICMS);
  }
  w.close(name, inner);
  w.close("ICMS", icms);
  return { vBC, vICMS };
}

/** Writes <IBSCBS> and returns the values of its gIBSCBS. */
function writeIbsCbs(w: XmlWriter, tax: IbsCbsTax, base: bigint): IbsCbsValues {
  const outer = w.open("IBSCBS");
  w.el("CST", tax.cst);
  w.el("cClassTrib", tax.cClassTrib);
  if (tax.cst === "410") {
    w.close("IBSCBS", outer);
    return ZERO_IBS;
  }
  const pIBSUF = rate4(tax.ibsUfRate ?? IBS_CBS_2026_RATES.ibsUfRate);
  const pIBSMun = rate4(tax.ibsMunRate ?? IBS_CBS_2026_RATES.ibsMunRate);
  const pCBS = rate4(tax.cbsRate ?? IBS_CBS_2026_RATES.cbsRate);
  const vIBSUF = applyRate(base, pIBSUF);
  const vIBSMun = applyRate(base, pIBSMun);
  const vCBS = applyRate(base, pCBS);
  const values = { vBC: base, vIBSUF, vIBSMun, vIBS: vIBSUF + vIBSMun, vCBS };
  const g = w.open("gIBSCBS");
  w.cents("vBC", base);
  const uf = w.open("gIBSUF");
  writeRate(w, "pIBSUF", pIBSUF);
  w.cents("vIBSUF", vIBSUF);
  w.close("gIBSUF", uf);
  const mun = w.open("gIBSMun");
  writeRate(w, "pIBSMun", pIBSMun);
  w.cents("vIBSMun", vIBSMun);
  w.close("gIBSMun", mun);
  w.cents("vIBS", values.vIBS);
  const cbs = w.open("gCBS");
  writeRate(w, "pCBS", pCBS);
  w.cents("vCBS", vCBS);
  w.close("gCBS", cbs);
  w.close("gIBSCBS", g);
  w.close("IBSCBS", outer);
  return values;
}

/**
 * Writes the <imposto> of one item and returns its values. `fail` reports an item whose taxes
 * exceed its value (no IBS/CBS base left).
 */
export function writeItemTaxes(
  w: XmlWriter,
  tax: ItemTax,
  amounts: ItemAmounts,
  layout: Layout,
  fail: (message: string) => never,
): ItemTaxes {
  const imposto = w.open("imposto");
  if (isSimplesNacionalTax(tax)) {
    const icms = w.open("ICMS");
    const name = tax.csosn === "500" ? "ICMSSN500" : "ICMSSN102";
    const inner = w.open(name);
    w.int("orig", tax.origin);
    w.el("CSOSN", tax.csosn);
    w.close(name, inner);
    w.close("ICMS", icms);
    w.close("imposto", imposto);
    return SIMPLES_NACIONAL;
  }
  const net = amounts.vProd - amounts.vDesc;
  const icms = writeIcmsNormal(w, tax, net);
  const vPIS = writePisCofins(w, "PIS", tax.pis, net);
  const vCOFINS = writePisCofins(w, "COFINS", tax.cofins, net);
  let ibsCbs = ZERO_IBS;
  const hasIbsCbs = layout === "PL_010";
  if (hasIbsCbs) {
    // NT 2025.002 UB16-10: base = vProd − vDesc − vPIS − vCOFINS − vICMS (no freight, ST, IS here)
    const base = net - vPIS - vCOFINS - icms.vICMS;
    if (base < 0n) fail("its ICMS, PIS and COFINS exceed its value: no IBS/CBS base is left");
    ibsCbs = writeIbsCbs(w, tax.ibsCbs ?? { cst: "000", cClassTrib: "000001" }, base);
  }
  w.close("imposto", imposto);
  return { vBC: icms.vBC, vICMS: icms.vICMS, vPIS, vCOFINS, hasIbsCbs, ibsCbs };
}
