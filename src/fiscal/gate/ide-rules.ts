// ide of an NFC-e: fixed values for model 65, date-time format, contingency fields, homologation texts,
// and the clock rules when `now` is given ([MOC-A1] B09..B28, E04-20, I04-10; [nfce-reference] §2).
import { all, at, type NfceView, text } from "./nfce-view.js";
import { type GateContext, type GateProblem, problem } from "./types.js";

/** XSD TDateTimeUTC: whole-hour offsets, no Z, no fractions. */
const DATE_TIME =
  /^(((20(([02468][048])|([13579][26]))-02-29))|(20[0-9][0-9])-((((0[1-9])|(1[0-2]))-((0[1-9])|(1\d)|(2[0-8])))|((((0[13578])|(1[02]))-31)|(((0[1,3-9])|(1[0-2]))-(29|30)))))T(20|21|22|23|[0-1]\d):[0-5]\d:[0-5]\d([-,+](0[0-9]|10|11):00|([+](12):00))$/;
const FIVE_MINUTES = 5 * 60_000;
export const HOMOLOGATION_XPROD = "NOTA FISCAL EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL";
export const HOMOLOGATION_DEST = "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL";

const FIXED: Array<[string, string[], string, string]> = [
  ["mod", ["65"], "775", "B06-40"],
  ["tpNF", ["1"], "706", "B11-10"],
  ["idDest", ["1"], "707", "B11a-10"],
  ["tpImp", ["4", "5"], "709", "B21-10"],
  ["tpEmis", ["1", "9"], "714", "B22-34"],
  ["finNFe", ["1"], "715", "B25-20"],
  ["indFinal", ["1"], "716", "B25a-10"],
  ["indPres", ["1", "4"], "717", "B25b-20"],
];

export function checkIde(note: NfceView, ctx: GateContext): GateProblem[] {
  const problems: GateProblem[] = [];
  const ide = at(note.infNFe, "ide");
  for (const [field, allowed, rule, source] of FIXED) {
    const value = text(ide, field);
    if (value === undefined || !allowed.includes(value)) {
      problems.push(
        problem(
          rule,
          `ide/${field} is "${value ?? ""}", NFC-e needs ${allowed.join(" or ")} ([MOC-A1] ${source})`,
          `ide/${field}`,
        ),
      );
    }
  }
  const cUF = text(ide, "cUF") ?? "";
  if ((text(ide, "cMunFG") ?? "").slice(0, 2) !== cUF) {
    problems.push(problem("271", `cMunFG does not start with cUF ${cUF} ([MOC-A1] B12-20)`, "ide/cMunFG"));
  }
  if (at(ide, "dhSaiEnt"))
    problems.push(problem("705", "NFC-e must not have dhSaiEnt ([MOC-A1] B10-10)", "ide/dhSaiEnt"));
  if (at(ide, "NFref"))
    problems.push(problem("708", "NFC-e must not reference documents ([MOC-A1] BA01-10)", "ide/NFref"));

  const dhEmi = text(ide, "dhEmi") ?? "";
  if (!DATE_TIME.test(dhEmi))
    problems.push(
      problem("215", `dhEmi "${dhEmi}" is not TDateTimeUTC (AAAA-MM-DDThh:mm:ss±hh:00)`, "ide/dhEmi"),
    );
  const tpEmis = text(ide, "tpEmis");
  const dhCont = text(ide, "dhCont");
  const xJust = text(ide, "xJust");
  if (tpEmis === "1" && (dhCont !== undefined || xJust !== undefined)) {
    problems.push(problem("556", "tpEmis 1 must not carry dhCont/xJust ([MOC-A1] B28-10)", "ide/dhCont"));
  }
  if (tpEmis === "9") {
    if (dhCont === undefined || xJust === undefined) {
      problems.push(problem("557", "tpEmis 9 needs dhCont and xJust ([MOC-A1] B28-20)", "ide/dhCont"));
    } else {
      if (!DATE_TIME.test(dhCont))
        problems.push(problem("215", `dhCont "${dhCont}" is not TDateTimeUTC`, "ide/dhCont"));
      if (xJust.length < 15 || xJust.length > 256)
        problems.push(problem("215", "xJust must have 15 to 256 characters", "ide/xJust"));
      const gap = Date.parse(dhEmi) - Date.parse(dhCont);
      if (gap > 30 * 86_400_000)
        problems.push(
          problem("569", "dhCont is more than 30 days before dhEmi ([MOC-A1] B28-40)", "ide/dhCont"),
        );
      if (ctx.now && Date.parse(dhCont) > ctx.now.getTime() + FIVE_MINUTES) {
        problems.push(problem("558", `dhCont ${dhCont} is in the future ([MOC-A1] B28-30)`, "ide/dhCont"));
      }
    }
  }
  if (ctx.now && DATE_TIME.test(dhEmi)) {
    const emitted = Date.parse(dhEmi);
    if (emitted > ctx.now.getTime() + FIVE_MINUTES) {
      problems.push(
        problem("703", `dhEmi ${dhEmi} is more than 5 minutes in the future ([MOC-A1] B09-10)`, "ide/dhEmi"),
      );
    }
    if (tpEmis === "1" && emitted < ctx.now.getTime() - FIVE_MINUTES) {
      problems.push(
        problem("704", `tpEmis 1 with dhEmi ${dhEmi} older than 5 minutes ([MOC-A1] B09-40)`, "ide/dhEmi"),
      );
    }
  }
  if (text(ide, "tpAmb") === "2") problems.push(...homologationTexts(note));
  return problems;
}

/** [MOC-A1] I04-10 (373): first item's xProd; E04-20 (598): dest/xNome if present. */
function homologationTexts(note: NfceView): GateProblem[] {
  const problems: GateProblem[] = [];
  const firstItem = all(note.infNFe, "det")[0];
  if (text(firstItem, "prod/xProd") !== HOMOLOGATION_XPROD) {
    problems.push(
      problem(
        "373",
        `in homologação the first item's xProd must be "${HOMOLOGATION_XPROD}" ([MOC-A1] I04-10)`,
        "det[1]/prod/xProd",
      ),
    );
  }
  const destName = text(note.infNFe, "dest/xNome");
  if (destName !== undefined && destName !== HOMOLOGATION_DEST) {
    problems.push(
      problem(
        "598",
        `in homologação dest/xNome must be "${HOMOLOGATION_DEST}" ([MOC-A1] E04-20)`,
        "dest/xNome",
      ),
    );
  }
  return problems;
}
