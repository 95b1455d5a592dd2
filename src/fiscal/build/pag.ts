// <pag>: one detPag per payment, card group for tPag 03/04/17 (tpIntegra 2 unless integrated),
// vTroco = ΣvPag − vNF when positive ([MOC-A1] YA03-20 rule 866, YA09-10 rule 869).
import { toScaled } from "../decimal.js";
import type { Payment } from "../sale.js";
import type { XmlWriter } from "./xml.js";

/** Writes <pag> and returns vTroco. */
export function writePag(w: XmlWriter, payments: readonly Payment[], vNF: bigint): bigint {
  const pag = w.open("pag");
  let paid = 0n;
  for (const p of payments) {
    const vPag = toScaled(p.amount, 2)!;
    paid += vPag;
    const detPag = w.open("detPag");
    w.el("tPag", p.type);
    w.opt("xPag", p.description);
    w.cents("vPag", vPag);
    if (p.card !== undefined) {
      const card = w.open("card");
      w.int("tpIntegra", p.card.integration ?? 2);
      w.opt("CNPJ", p.card.cnpj);
      w.opt("tBand", p.card.brand);
      w.opt("cAut", p.card.authorization);
      w.close("card", card);
    }
    w.close("detPag", detPag);
  }
  const vTroco = paid - vNF;
  if (vTroco < 0n) throw new RangeError("payments below vNF (parseSale refuses this)");
  if (vTroco > 0n) w.cents("vTroco", vTroco);
  w.close("pag", pag);
  return vTroco;
}
