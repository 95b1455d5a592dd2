// <pag>: one detPag per payment, card group for tPag 03/04/17 (tpIntegra 2 unless integrated),
// vTroco = ΣvPag − vNF when positive ([MOC-A1] YA03-20 rule 866, YA09-10 rule 869).
import { formatCents, toScaled } from "../decimal.js";
import type { Payment } from "../sale.js";
import { el, group, opt } from "./xml.js";

export function buildPag(payments: readonly Payment[], vNF: bigint): { xml: string; vTroco: bigint } {
  let paid = 0n;
  const details = payments.map((p) => {
    const vPag = toScaled(p.amount, 2)!;
    paid += vPag;
    const card =
      p.card === undefined
        ? ""
        : group(
            "card",
            el("tpIntegra", p.card.integration ?? 2) +
              opt("CNPJ", p.card.cnpj) +
              opt("tBand", p.card.brand) +
              opt("cAut", p.card.authorization),
          );
    return group(
      "detPag",
      el("tPag", p.type) + opt("xPag", p.description) + el("vPag", formatCents(vPag)) + card,
    );
  });
  const vTroco = paid - vNF;
  if (vTroco < 0n) throw new RangeError("payments below vNF (parseSale refuses this)");
  const troco = vTroco > 0n ? el("vTroco", formatCents(vTroco)) : "";
  return { xml: group("pag", details.join("") + troco), vTroco };
}
