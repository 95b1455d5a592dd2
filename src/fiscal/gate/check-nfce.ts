// The pure part of the pre-print gate: every rule the kiosk can check on its own, before a note is
// printed or sent. It never throws and never passes a document it could not read.
import { DOMParser } from "@xmldom/xmldom";
import { checkDecimals } from "./decimal-rules.js";
import { checkIde } from "./ide-rules.js";
import { checkAccessKey } from "./key-rules.js";
import { children, type NfceView } from "./nfce-view.js";
import { checkPayments } from "./payment-rules.js";
import { checkQrCode } from "./qr-rules.js";
import { checkSignature } from "./signature-rules.js";
import { checkRawText } from "./syntax-rules.js";
import { checkTotals } from "./totals-rules.js";
import { type GateContext, type GateProblem, type GateRule, problem } from "./types.js";

const NFE_NS = "http://www.portalfiscal.inf.br/nfe";

const RULES: GateRule[] = [
  checkAccessKey,
  checkIde,
  checkDecimals,
  checkTotals,
  checkPayments,
  checkQrCode,
  checkSignature,
];

export function checkNfce(xml: string, ctx: GateContext): GateProblem[] {
  const problems = checkRawText(xml);
  const parsed = parse(xml);
  if ("error" in parsed)
    return [...problems, problem("243", `not well-formed XML: ${parsed.error} ([MOC-A1] B02)`)];
  const { root } = parsed;
  if (root.localName !== "NFe" || root.namespaceURI !== NFE_NS) {
    return [
      ...problems,
      problem(
        "516",
        `root is <${root.nodeName}> in "${root.namespaceURI ?? ""}", expected <NFe xmlns="${NFE_NS}"> ([MOC-A1] D01a)`,
      ),
    ];
  }
  const order = children(root).map((el) => el.localName);
  if (order.join(",") !== "infNFe,infNFeSupl,Signature") {
    problems.push(
      problem(
        "225",
        `NFe must hold infNFe, infNFeSupl, Signature in that order; found ${order.join(", ")} (XSD TNFe)`,
      ),
    );
  }
  const infNFe = children(root, "infNFe")[0];
  if (infNFe?.getAttribute("versao") !== "4.00") {
    problems.push(problem("239", 'infNFe with versao="4.00" is required ([MOC-A1] B06)', "infNFe"));
  }
  if (!infNFe) return problems;
  const note: NfceView = { xml, doc: parsed.doc, root, infNFe };
  for (const rule of RULES) {
    try {
      problems.push(...rule(note, ctx));
    } catch (error) {
      // A rule that cannot read the document is itself a finding: never let a broken note through.
      problems.push(
        problem("gate-error", `${rule.name}: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }
  return problems;
}

function parse(xml: string): { doc: NfceView["doc"]; root: NfceView["root"] } | { error: string } {
  const errors: string[] = [];
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") errors.push(message);
      },
    }).parseFromString(xml, "text/xml");
    const root = doc.documentElement;
    if (errors.length > 0 || !root) return { error: errors[0] ?? "no root element" };
    return { doc, root };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
