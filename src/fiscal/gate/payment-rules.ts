// Payments against vNF ([MOC-A1] YA03-10 -> 865, YA03-20 -> 866, YA09-10 -> 869; YA02-10 -> 857, YA02-40 -> 899).
import { all, at, cents, formatCents, type NfceView, text } from "./nfce-view.js";
import { type GateProblem, problem } from "./types.js";

export function checkPayments(note: NfceView): GateProblem[] {
  const problems: GateProblem[] = [];
  const pag = at(note.infNFe, "pag");
  const details = all(pag, "detPag");
  if (details.length === 0) return [problem("215", "pag/detPag is missing", "pag")];
  const vNF = cents(text(note.infNFe, "total/ICMSTot/vNF"));
  let paid = 0;
  let deferred = false;
  for (const det of details) {
    const tPag = text(det, "tPag");
    if (tPag === "14")
      problems.push(
        problem(
          "857",
          "tPag 14 (duplicata mercantil) is not allowed in NFC-e ([MOC-A1] YA02-10)",
          "pag/detPag/tPag",
        ),
      );
    if (tPag === "90")
      problems.push(
        problem(
          "899",
          "tPag 90 (sem pagamento) is not allowed in NFC-e ([MOC-A1] YA02-40)",
          "pag/detPag/tPag",
        ),
      );
    if (tPag === "90" || tPag === "91") deferred = true;
    paid += cents(text(det, "vPag")) ?? 0;
  }
  if (vNF === undefined) return problems;
  const vTrocoText = text(pag, "vTroco");
  if (paid < vNF && !deferred) {
    problems.push(
      problem(
        "865",
        `payments ${formatCents(paid)} are less than vNF ${formatCents(vNF)} ([MOC-A1] YA03-10)`,
        "pag",
      ),
    );
  }
  if (paid > vNF && vTrocoText === undefined) {
    problems.push(
      problem(
        "866",
        `payments ${formatCents(paid)} exceed vNF ${formatCents(vNF)} without vTroco ([MOC-A1] YA03-20)`,
        "pag/vTroco",
      ),
    );
  }
  const vTroco = cents(vTrocoText);
  if (vTroco !== undefined && vTroco !== paid - vNF) {
    problems.push(
      problem(
        "869",
        `vTroco ${formatCents(vTroco)} is not payments - vNF = ${formatCents(paid - vNF)} ([MOC-A1] YA09-10)`,
        "pag/vTroco",
      ),
    );
  }
  return problems;
}
