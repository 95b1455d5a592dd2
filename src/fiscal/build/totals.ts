// <total>: ICMSTot from the item sums ([MOC-A1] W group, rules 531/532/537/564/602/603/610) and, when
// items carry IBS/CBS, IBSCBSTot and vNFTot (NT 2025.002 W34-W60).
import type { SaleAmounts } from "./amounts.js";
import type { ItemTaxes } from "./item-taxes.js";
import type { XmlWriter } from "./xml.js";

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

export function computeTotals(amounts: SaleAmounts, taxes: readonly ItemTaxes[]): Totals {
  const totals: Totals = {
    vBC: 0n,
    vICMS: 0n,
    vProd: amounts.vProd,
    vDesc: amounts.vDesc,
    vPIS: 0n,
    vCOFINS: 0n,
    // W16-10: vProd − vDesc − vICMSDeson + vST + vFCPST + vFrete + vSeg + vOutro + vII + vIPI + vIPIDevol
    vNF: amounts.vProd - amounts.vDesc,
    hasIbsCbs: false,
    vBCIBSCBS: 0n,
    vIBSUF: 0n,
    vIBSMun: 0n,
    vIBS: 0n,
    vCBS: 0n,
  };
  for (const t of taxes) {
    totals.vBC += t.vBC;
    totals.vICMS += t.vICMS;
    totals.vPIS += t.vPIS;
    totals.vCOFINS += t.vCOFINS;
    totals.hasIbsCbs ||= t.hasIbsCbs;
    totals.vBCIBSCBS += t.ibsCbs.vBC;
    totals.vIBSUF += t.ibsCbs.vIBSUF;
    totals.vIBSMun += t.ibsCbs.vIBSMun;
    totals.vIBS += t.ibsCbs.vIBS;
    totals.vCBS += t.ibsCbs.vCBS;
  }
  return totals;
}

/** Elements whose value is always zero here (no deferral, credit, freight, ST, IPI...). */
const ZERO = "0.00";

function writeNoDeferral(w: XmlWriter): void {
  w.el("vDif", ZERO);
  w.el("vDevTrib", ZERO);
}

function writeNoCredit(w: XmlWriter): void {
  w.el("vCredPres", ZERO);
  w.el("vCredPresCondSus", ZERO);
}

export function writeTotal(w: XmlWriter, t: Totals): void {
  const total = w.open("total");
  const icmsTot = w.open("ICMSTot");
  w.cents("vBC", t.vBC);
  w.cents("vICMS", t.vICMS);
  w.el("vICMSDeson", ZERO);
  w.el("vFCP", ZERO);
  w.el("vBCST", ZERO);
  w.el("vST", ZERO);
  w.el("vFCPST", ZERO);
  w.el("vFCPSTRet", ZERO);
  w.cents("vProd", t.vProd);
  w.el("vFrete", ZERO);
  w.el("vSeg", ZERO);
  w.cents("vDesc", t.vDesc);
  w.el("vII", ZERO);
  w.el("vIPI", ZERO);
  w.el("vIPIDevol", ZERO);
  w.cents("vPIS", t.vPIS);
  w.cents("vCOFINS", t.vCOFINS);
  w.el("vOutro", ZERO);
  w.cents("vNF", t.vNF);
  w.close("ICMSTot", icmsTot);
  if (t.hasIbsCbs) {
    const tot = w.open("IBSCBSTot");
    w.cents("vBCIBSCBS", t.vBCIBSCBS);
    const gIBS = w.open("gIBS");
    const uf = w.open("gIBSUF");
    writeNoDeferral(w);
    w.cents("vIBSUF", t.vIBSUF);
    w.close("gIBSUF", uf);
    const mun = w.open("gIBSMun");
    writeNoDeferral(w);
    w.cents("vIBSMun", t.vIBSMun);
    w.close("gIBSMun", mun);
    w.cents("vIBS", t.vIBS);
    writeNoCredit(w);
    w.close("gIBS", gIBS);
    const gCBS = w.open("gCBS");
    writeNoDeferral(w);
    w.cents("vCBS", t.vCBS);
    writeNoCredit(w);
    w.close("gCBS", gCBS);
    w.close("IBSCBSTot", tot);
    // W60-10: vNFTot = Σ vItem, which in 2025-2026 is vNF (IBS/CBS not added, VB01-10 Exceção 1)
    w.cents("vNFTot", t.vNF);
  }
  w.close("total", total);
}
