// Totals against the items ([MOC-A1] W03..W16 -> 531..610; [NT2025.002] W34..W56 -> 1076..1119).
import { all, at, cents, formatCents, type NfceView, text } from "./nfce-view.js";
import { type GateProblem, problem } from "./types.js";

/** ICMSTot field, the item path(s) summed, the rejection and its rule id. */
const ICMS_SUMS: Array<[string, string[], string, string]> = [
  ["vBC", ["imposto/ICMS/*/vBC"], "531", "W03-10"],
  ["vICMS", ["imposto/ICMS/*/vICMS"], "532", "W04-10"],
  ["vICMSDeson", ["imposto/ICMS/*/vICMSDeson"], "795", "W04a-10"],
  ["vFCP", ["imposto/ICMS/*/vFCP"], "861", "W04b-10"],
  ["vBCST", ["imposto/ICMS/*/vBCST"], "533", "W05-10"],
  ["vST", ["imposto/ICMS/*/vICMSST"], "534", "W06-10"],
  ["vFCPST", ["imposto/ICMS/*/vFCPST"], "862", "W06a-10"],
  ["vFCPSTRet", ["imposto/ICMS/*/vFCPSTRet"], "859", "W06b-10"],
  ["vFrete", ["prod/vFrete"], "535", "W08-10"],
  ["vSeg", ["prod/vSeg"], "536", "W09-10"],
  ["vDesc", ["prod/vDesc"], "537", "W10-10"],
  ["vPIS", ["imposto/PIS/*/vPIS"], "602", "W13-10"],
  ["vCOFINS", ["imposto/COFINS/*/vCOFINS"], "603", "W14-10"],
  ["vOutro", ["prod/vOutro"], "604", "W15-10"],
];

const IBSCBS_SUMS: Array<[string, string, string, string]> = [
  ["vBCIBSCBS", "imposto/IBSCBS/gIBSCBS/vBC", "1076", "W35-10"],
  ["gIBS/gIBSUF/vIBSUF", "imposto/IBSCBS/gIBSCBS/gIBSUF/vIBSUF", "1080", "W41-10"],
  ["gIBS/gIBSMun/vIBSMun", "imposto/IBSCBS/gIBSCBS/gIBSMun/vIBSMun", "1084", "W46-10"],
  ["gIBS/vIBS", "imposto/IBSCBS/gIBSCBS/vIBS", "1085", "W47-10"],
  ["gCBS/vCBS", "imposto/IBSCBS/gIBSCBS/gCBS/vCBS", "1091", "W56-10"],
];

function sum(items: ReturnType<typeof all>, path: string): number {
  let total = 0;
  for (const det of items) for (const el of all(det, path)) total += cents(el.textContent ?? "") ?? 0;
  return total;
}

export function checkTotals(note: NfceView): GateProblem[] {
  const problems: GateProblem[] = [];
  const items = all(note.infNFe, "det");
  const tot = at(note.infNFe, "total/ICMSTot");
  if (!tot) return [problem("215", "total/ICMSTot is missing", "total/ICMSTot")];
  const total = (field: string) => cents(text(tot, field));

  // [MOC-A1] W07-10 (564): only items with indTot=1 make up vProd.
  const vProdItems = items
    .filter((det) => text(det, "prod/indTot") === "1")
    .reduce((acc, det) => acc + (cents(text(det, "prod/vProd")) ?? 0), 0);
  compare(problems, "vProd", total("vProd"), vProdItems, "564", "W07-10");
  for (const [field, paths, rule, source] of ICMS_SUMS) {
    const expected = paths.reduce((acc, path) => acc + sum(items, path), 0);
    compare(problems, field, total(field), expected, rule, source);
  }
  const vTotTrib = text(tot, "vTotTrib");
  if (vTotTrib !== undefined)
    compare(problems, "vTotTrib", cents(vTotTrib), sum(items, "imposto/vTotTrib"), "685", "W16a-10");

  // [MOC-A1] W16-10 (610); Exceção 3: not subtracting vICMSDeson is accepted too.
  const t = (f: string) => total(f) ?? 0;
  const withoutDeson =
    t("vProd") -
    t("vDesc") +
    t("vST") +
    t("vFCPST") +
    t("vFrete") +
    t("vSeg") +
    t("vOutro") +
    t("vII") +
    t("vIPI") +
    t("vIPIDevol");
  const vNF = total("vNF");
  if (vNF !== undefined && vNF !== withoutDeson - t("vICMSDeson") && vNF !== withoutDeson) {
    problems.push(
      problem(
        "610",
        `vNF ${formatCents(vNF)} differs from the formula: ${formatCents(withoutDeson - t("vICMSDeson"))} ([MOC-A1] W16-10)`,
        "total/ICMSTot/vNF",
      ),
    );
  }
  problems.push(...checkLimits(note, vNF));
  problems.push(...checkIbsCbs(note, items));
  return problems;
}

/** [MOC-A1] W16-40 (750): over R$ 10.000,00 the customer is identified; W16-30 (780): default ceiling R$ 200.000,00. */
function checkLimits(note: NfceView, vNF: number | undefined): GateProblem[] {
  if (vNF === undefined) return [];
  const problems: GateProblem[] = [];
  const dest = at(note.infNFe, "dest");
  const identified = ["CNPJ", "CPF", "idEstrangeiro"].some((name) => at(dest, name) !== undefined);
  if (vNF > 1_000_000 && !identified) {
    problems.push(
      problem(
        "750",
        `vNF ${formatCents(vNF)} is over R$ 10.000,00 without an identified customer ([MOC-A1] W16-40)`,
        "dest",
      ),
    );
  }
  if (vNF > 20_000_000) {
    problems.push(
      problem(
        "780",
        `vNF ${formatCents(vNF)} is over the default NFC-e ceiling R$ 200.000,00 ([MOC-A1] W16-30)`,
        "total/ICMSTot/vNF",
      ),
    );
  }
  return problems;
}

function checkIbsCbs(note: NfceView, items: ReturnType<typeof all>): GateProblem[] {
  const problems: GateProblem[] = [];
  const tot = at(note.infNFe, "total/IBSCBSTot");
  const itemsWith = items.filter((det) => at(det, "imposto/IBSCBS"));
  if (tot && itemsWith.length === 0)
    problems.push(
      problem("1118", "IBSCBSTot without any item IBSCBS ([NT2025.002] W34-10)", "total/IBSCBSTot"),
    );
  if (!tot && itemsWith.length > 0)
    problems.push(
      problem("1119", "items carry IBSCBS but IBSCBSTot is missing ([NT2025.002] W34-20)", "total/IBSCBSTot"),
    );
  if (!tot) return problems;
  for (const [field, path, rule, source] of IBSCBS_SUMS) {
    compare(
      problems,
      `IBSCBSTot/${field}`,
      cents(text(tot, field)),
      sum(items, path),
      rule,
      source,
      "[NT2025.002]",
    );
  }
  return problems;
}

function compare(
  problems: GateProblem[],
  field: string,
  declared: number | undefined,
  expected: number,
  rule: string,
  source: string,
  doc = "[MOC-A1]",
): void {
  if (declared === undefined) return; // absent or malformed: the decimal/XSD rules report it
  if (declared !== expected) {
    problems.push(
      problem(
        rule,
        `total ${field} ${formatCents(declared)} differs from the items' sum ${formatCents(expected)} (${doc} ${source})`,
        `total/${field}`,
      ),
    );
  }
}
