// One <det> of the NFC-e: prod (I group), imposto, and vItem when the item carries IBS/CBS.
import { formatCents, formatScaled } from "../decimal.js";
import type { SaleItem } from "../sale.js";
import type { ItemAmounts } from "./amounts.js";
import type { ItemTaxes } from "./item-taxes.js";
import { el, group, opt } from "./xml.js";

/** [MOC-A1] I04-10 (rejection 373): first item of a homologação NFC-e. */
export const HOMOLOGATION_XPROD = "NOTA FISCAL EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL";

export function buildDet(
  nItem: number,
  item: SaleItem,
  amounts: ItemAmounts,
  taxes: ItemTaxes,
  xProd: string,
): string {
  const cEAN = item.gtin ?? "SEM GTIN";
  const qCom = formatScaled(amounts.quantity, 4, 4);
  const vUnCom = formatScaled(amounts.unitPrice, 10, 2);
  const prod =
    el("cProd", item.code) +
    el("cEAN", cEAN) +
    el("xProd", xProd) +
    el("NCM", item.ncm) +
    opt("CEST", item.cest) +
    el("CFOP", item.cfop) +
    el("uCom", item.unit) +
    el("qCom", qCom) +
    el("vUnCom", vUnCom) +
    el("vProd", formatCents(amounts.vProd)) +
    el("cEANTrib", cEAN) +
    el("uTrib", item.unit) +
    el("qTrib", qCom) +
    el("vUnTrib", vUnCom) +
    // TDec_1302Opc: a zero discount is left out, never "0.00"
    (amounts.vDesc > 0n ? el("vDesc", formatCents(amounts.vDesc)) : "") +
    el("indTot", 1);
  // NT 2025.002 VB01-10: vItem = vProd − vDesc (+ IBS/CBS only from 2027, Exceção 1)
  const vItem = taxes.hasIbsCbs ? el("vItem", formatCents(amounts.vProd - amounts.vDesc)) : "";
  return group("det", group("prod", prod) + taxes.xml + vItem, { nItem: String(nItem) });
}
