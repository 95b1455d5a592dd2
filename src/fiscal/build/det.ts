// One <det> of the NFC-e: prod (I group), imposto, and vItem when the item carries IBS/CBS.
import type { SaleItem } from "../sale.js";
import type { ItemAmounts } from "./amounts.js";
import { type ItemTaxes, type Layout, writeItemTaxes } from "./item-taxes.js";
import type { XmlWriter } from "./xml.js";

/** [MOC-A1] I04-10 (rejection 373): first item of a homologação NFC-e. */
export const HOMOLOGATION_XPROD = "NOTA FISCAL EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL";

/** Writes the <det> of item `nItem` and returns its tax values (for the totals). */
export function writeDet(
  w: XmlWriter,
  nItem: number,
  item: SaleItem,
  amounts: ItemAmounts,
  xProd: string,
  layout: Layout,
  fail: (message: string) => never,
): ItemTaxes {
  const cEAN = item.gtin ?? "SEM GTIN";
  const det = w.openWith("det", "nItem", String(nItem));
  const prod = w.open("prod");
  w.el("cProd", item.code);
  w.el("cEAN", cEAN);
  w.el("xProd", xProd);
  w.el("NCM", item.ncm);
  w.opt("CEST", item.cest);
  w.el("CFOP", item.cfop);
  w.el("uCom", item.unit);
  w.decimal("qCom", amounts.quantity, 4, 4);
  w.decimal("vUnCom", amounts.unitPrice, 10, 2);
  w.cents("vProd", amounts.vProd);
  w.el("cEANTrib", cEAN);
  w.el("uTrib", item.unit);
  w.decimal("qTrib", amounts.quantity, 4, 4);
  w.decimal("vUnTrib", amounts.unitPrice, 10, 2);
  // TDec_1302Opc: a zero discount is left out, never "0.00"
  if (amounts.vDesc > 0n) w.cents("vDesc", amounts.vDesc);
  w.int("indTot", 1);
  w.close("prod", prod);
  const taxes = writeItemTaxes(w, item.tax, amounts, layout, fail);
  // NT 2025.002 VB01-10: vItem = vProd − vDesc (+ IBS/CBS only from 2027, Exceção 1)
  if (taxes.hasIbsCbs) w.cents("vItem", amounts.vProd - amounts.vDesc);
  w.close("det", det);
  return taxes;
}
