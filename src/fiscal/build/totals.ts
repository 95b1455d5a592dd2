// <total>: ICMSTot from the item sums ([MOC-A1] W group, rules 531/532/537/564/602/603/610) and, when
// items carry IBS/CBS, IBSCBSTot and vNFTot (NT 2025.002 W34-W60).
import { formatCents } from "../decimal.js";
import type { SaleAmounts } from "./amounts.js";
import type { ItemTaxes } from "./item-taxes.js";
import { el, group } from "./xml.js";

export interface Totals {
  vBC: bigint;
  vICMS: bigint;
  vProd: bigint;
  vDesc: bigint;
  vPIS: bigint;
  vCOFINS: bigint;
  vNF: bigint;
  hasIbsCbs: boolean;
  vBCIBSCBS: bigint;
  vIBSUF: bigint;
  vIBSMun: bigint;
  vIBS: bigint;
  vCBS: bigint;
}

const sum = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n);

export function computeTotals(amounts: SaleAmounts, taxes: readonly ItemTaxes[]): Totals {
  return {
    vBC: sum(taxes.map((t) => t.vBC)),
    vICMS: sum(taxes.map((t) => t.vICMS)),
    vProd: amounts.vProd,
    vDesc: amounts.vDesc,
    vPIS: sum(taxes.map((t) => t.vPIS)),
    vCOFINS: sum(taxes.map((t) => t.vCOFINS)),
    // W16-10: vProd − vDesc − vICMSDeson + vST + vFCPST + vFrete + vSeg + vOutro + vII + vIPI + vIPIDevol
    vNF: amounts.vProd - amounts.vDesc,
    hasIbsCbs: taxes.some((t) => t.hasIbsCbs),
    vBCIBSCBS: sum(taxes.map((t) => t.ibsCbs.vBC)),
    vIBSUF: sum(taxes.map((t) => t.ibsCbs.vIBSUF)),
    vIBSMun: sum(taxes.map((t) => t.ibsCbs.vIBSMun)),
    vIBS: sum(taxes.map((t) => t.ibsCbs.vIBS)),
    vCBS: sum(taxes.map((t) => t.ibsCbs.vCBS)),
  };
}

export function buildTotal(t: Totals): string {
  const zero = formatCents(0n);
  const icmsTot =
    el("vBC", formatCents(t.vBC)) +
    el("vICMS", formatCents(t.vICMS)) +
    el("vICMSDeson", zero) +
    el("vFCP", zero) +
    el("vBCST", zero) +
    el("vST", zero) +
    el("vFCPST", zero) +
    el("vFCPSTRet", zero) +
    el("vProd", formatCents(t.vProd)) +
    el("vFrete", zero) +
    el("vSeg", zero) +
    el("vDesc", formatCents(t.vDesc)) +
    el("vII", zero) +
    el("vIPI", zero) +
    el("vIPIDevol", zero) +
    el("vPIS", formatCents(t.vPIS)) +
    el("vCOFINS", formatCents(t.vCOFINS)) +
    el("vOutro", zero) +
    el("vNF", formatCents(t.vNF));
  let ibsCbs = "";
  if (t.hasIbsCbs) {
    const noDeferral = el("vDif", zero) + el("vDevTrib", zero);
    const noCredit = el("vCredPres", zero) + el("vCredPresCondSus", zero);
    const gIBS =
      group("gIBSUF", noDeferral + el("vIBSUF", formatCents(t.vIBSUF))) +
      group("gIBSMun", noDeferral + el("vIBSMun", formatCents(t.vIBSMun))) +
      el("vIBS", formatCents(t.vIBS)) +
      noCredit;
    const gCBS = noDeferral + el("vCBS", formatCents(t.vCBS)) + noCredit;
    ibsCbs =
      group(
        "IBSCBSTot",
        el("vBCIBSCBS", formatCents(t.vBCIBSCBS)) + group("gIBS", gIBS) + group("gCBS", gCBS),
      ) +
      // W60-10: vNFTot = Σ vItem, which in 2025-2026 is vNF (IBS/CBS not added, VB01-10 Exceção 1)
      el("vNFTot", formatCents(t.vNF));
  }
  return group("total", group("ICMSTot", icmsTot) + ibsCbs);
}
