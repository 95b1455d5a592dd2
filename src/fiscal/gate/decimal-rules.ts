// Decimal fields in the XSD's patterns (dot, no thousands; money always 0 or with 2 decimals):
// TDec_1302 money, TDec_1104v quantities, TDec_1110v unit prices, TDec_0302a04 rates ([nfce-reference] §2).
import { forEachDescendant, type NfceView } from "./nfce-view.js";
import { type GateProblem, problem } from "./types.js";

const PATTERNS = {
  TDec_1302: /^(0|0\.[0-9]{2}|[1-9][0-9]{0,12}(\.[0-9]{2})?)$/,
  TDec_1104v: /^(0|0\.[0-9]{1,4}|[1-9][0-9]{0,10}|[1-9][0-9]{0,10}(\.[0-9]{1,4})?)$/,
  TDec_1110v: /^(0|0\.[0-9]{1,10}|[1-9][0-9]{0,10}|[1-9][0-9]{0,10}(\.[0-9]{1,10})?)$/,
  TDec_0302a04: /^(0|0\.[0-9]{2,4}|[1-9][0-9]{0,2}(\.[0-9]{2,4})?)$/,
} as const;

const TYPE_BY_NAME: Record<string, keyof typeof PATTERNS> = {
  qCom: "TDec_1104v",
  qTrib: "TDec_1104v",
  vUnCom: "TDec_1110v",
  vUnTrib: "TDec_1110v",
  pICMS: "TDec_0302a04",
  pPIS: "TDec_0302a04",
  pCOFINS: "TDec_0302a04",
  pCredSN: "TDec_0302a04",
  pFCP: "TDec_0302a04",
};
for (const name of [
  "vProd vFrete vSeg vDesc vOutro vTotTrib vBC vICMS vICMSDeson vFCP vBCST vICMSST vFCPST vFCPSTRet vST vII vIPI",
  "vIPIDevol vPIS vCOFINS vNF vPag vTroco vCredICMSSN vBCFCP vBCFCPST vICMSSTRet vBCSTRet vIBS vCBS vIBSUF vIBSMun",
  "vBCIBSCBS vNFTot",
]
  .join(" ")
  .split(" ")) {
  TYPE_BY_NAME[name] = "TDec_1302";
}

export function checkDecimals(note: NfceView): GateProblem[] {
  const problems: GateProblem[] = [];
  forEachDescendant(note.infNFe, (el) => {
    const type = Object.hasOwn(TYPE_BY_NAME, el.localName) ? TYPE_BY_NAME[el.localName] : undefined;
    // Only a lone text node is read: CDATA, comments or child elements are left to the XSD.
    if (!type || !el.firstIsText || el.nodeCount !== 1) return;
    const value = el.text;
    if (!PATTERNS[type].test(value)) {
      problems.push(problem("215", `${el.localName} "${value}" does not match ${type}`, el.localName));
    }
  });
  return problems;
}
