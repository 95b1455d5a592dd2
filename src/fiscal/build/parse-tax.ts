// Validation of the tax fields of a sale item against the emitter's CRT and the NFC-e rules of
// [MOC-A1] (CST/CSOSN lists, CFOP per CST/CSOSN, 590/591).
import type { IbsCbsTax, ItemTax, PisCofinsTax, RegimeNormalTax } from "../sale.js";
import { decimal, integer, type Json, object, oneOf, pattern, saleError } from "./validate.js";

/** CFOPs an NFC-e accepts ([MOC-A1] I08-150), less 5.656/5.667 (fuel group) and 5.933 (ISSQN). */
const CFOP_TAXED = ["5101", "5102", "5103", "5104", "5115"] as const;
const CFOP_ST = ["5405"] as const;
const CSOSN = ["102", "103", "300", "400", "500"] as const;
/** [MOC-A1] N12-30 (rejection 766): 00, 20, 40, 41, 60 (90 only where the UF allows it: not here). */
const CST_ICMS = ["00", "20", "40", "41", "60"] as const;
const CST_PIS_ALIQ = ["01", "02"];
const CST_PIS_NT = ["04", "05", "06", "07", "08", "09"];
const CST_PIS_OUTR = ["49", "99"];
export type Crt = 1 | 2 | 3 | 4;
const RATE_LIMIT = 100n;
const RATE = { limit: RATE_LIMIT + 1n };
const CST_PIS = [...CST_PIS_ALIQ, ...CST_PIS_NT, ...CST_PIS_OUTR];
const CST_IBS_CBS = ["000", "410"] as const;
const IBS_CBS_RATES = ["ibsUfRate", "ibsMunRate", "cbsRate"] as const;
const CCLASSTRIB = /^\d{6}$/;
const TAX_SN_KEYS = ["origin", "csosn"];
const TAX_NORMAL_KEYS = ["origin", "cst", "icmsRate", "icmsBaseReduction", "pis", "cofins", "ibsCbs"];
const PIS_COFINS_KEYS = ["cst", "rate"];
const IBS_CBS_KEYS = ["cst", "cClassTrib", "ibsUfRate", "ibsMunRate", "cbsRate"];

/** Every CFOP accepted in a sale item. */
export const NFCE_CFOPS: readonly string[] = [...CFOP_TAXED, ...CFOP_ST];

function rate(value: unknown, field: string): number {
  decimal(value, field, 4, RATE);
  if ((value as number) > 100) saleError(field, "must be at most 100 (percent)");
  return value as number;
}

function parsePisCofins(value: unknown, field: string): PisCofinsTax {
  const o = object(value, field, PIS_COFINS_KEYS);
  const cst = oneOf(o.cst, `${field}.cst`, CST_PIS);
  if (CST_PIS_ALIQ.includes(cst)) {
    if (o.rate === undefined) saleError(`${field}.rate`, `is required with CST ${cst}`);
    return { cst, rate: rate(o.rate, `${field}.rate`) };
  }
  if (CST_PIS_NT.includes(cst)) {
    if (o.rate !== undefined) saleError(`${field}.rate`, `is not used with CST ${cst} (não tributado)`);
    return { cst };
  }
  return o.rate === undefined ? { cst } : { cst, rate: rate(o.rate, `${field}.rate`) };
}

function parseIbsCbs(value: unknown, field: string): IbsCbsTax {
  const o = object(value, field, IBS_CBS_KEYS);
  const cst = oneOf(o.cst, `${field}.cst`, CST_IBS_CBS);
  const cClassTrib =
    o.cClassTrib === undefined && cst === "000"
      ? "000001"
      : pattern(o.cClassTrib, `${field}.cClassTrib`, CCLASSTRIB, "6 digits (cClassTrib)");
  const out: IbsCbsTax = { cst, cClassTrib };
  for (const key of IBS_CBS_RATES) {
    if (o[key] === undefined) continue;
    if (cst === "410") saleError(`${field}.${key}`, "is not used with CST 410 (no IBS/CBS due)");
    out[key] = rate(o[key], `${field}.${key}`);
  }
  return out;
}

export function parseTax(value: unknown, field: string, crt: Crt, cfop: string): ItemTax {
  const o = value as Json;
  const isObject = typeof o === "object" && o !== null;
  if (crt !== 3) {
    if (isObject && "cst" in o) {
      saleError(
        `${field}.cst`,
        `a Simples Nacional emitter (CRT ${crt}) uses csosn, not cst (rejection 590)`,
      );
    }
    const t = object(value, field, TAX_SN_KEYS);
    const origin = integer(t.origin, `${field}.origin`, 0, 8);
    const csosn = oneOf(t.csosn, `${field}.csosn`, CSOSN);
    const allowed: readonly string[] = csosn === "500" ? CFOP_ST : CFOP_TAXED;
    if (!allowed.includes(cfop)) {
      saleError(
        field.replace(/\.tax$/, ".cfop"),
        `CFOP ${cfop} is not allowed with CSOSN ${csosn} (rejection 386)`,
      );
    }
    return { origin, csosn };
  }
  if (isObject && "csosn" in o) {
    saleError(`${field}.csosn`, "a regime normal emitter (CRT 3) uses cst, not csosn (rejection 591)");
  }
  const t = object(value, field, TAX_NORMAL_KEYS);
  const origin = integer(t.origin, `${field}.origin`, 0, 8);
  const cst = oneOf(t.cst, `${field}.cst`, CST_ICMS);
  const allowed: readonly string[] = cst === "60" ? CFOP_ST : CFOP_TAXED;
  if (!allowed.includes(cfop)) {
    saleError(
      field.replace(/\.tax$/, ".cfop"),
      `CFOP ${cfop} is not allowed with CST ${cst} (rejection 382)`,
    );
  }
  const out: RegimeNormalTax = {
    origin,
    cst,
    pis: parsePisCofins(t.pis, `${field}.pis`),
    cofins: parsePisCofins(t.cofins, `${field}.cofins`),
  };
  if (cst === "00" || cst === "20") {
    if (t.icmsRate === undefined) saleError(`${field}.icmsRate`, `is required with CST ${cst}`);
    out.icmsRate = rate(t.icmsRate, `${field}.icmsRate`);
  } else if (t.icmsRate !== undefined) {
    saleError(`${field}.icmsRate`, `is not used with CST ${cst}`);
  }
  if (cst === "20") {
    if (t.icmsBaseReduction === undefined) saleError(`${field}.icmsBaseReduction`, "is required with CST 20");
    const reduction = rate(t.icmsBaseReduction, `${field}.icmsBaseReduction`);
    if (reduction <= 0 || reduction >= 100) {
      saleError(`${field}.icmsBaseReduction`, "must be more than 0 and less than 100");
    }
    out.icmsBaseReduction = reduction;
  } else if (t.icmsBaseReduction !== undefined) {
    saleError(`${field}.icmsBaseReduction`, "is only used with CST 20");
  }
  if (t.ibsCbs !== undefined) out.ibsCbs = parseIbsCbs(t.ibsCbs, `${field}.ibsCbs`);
  return out;
}
