// The pure part of the pre-print gate: every rule the kiosk can check on its own, before a note is
// printed or sent. It never throws and never passes a document it could not read. The rules read a
// light tree (light-xml.ts); the signature's canonical forms come from libxml2's parse of the same text.
import { checkDecimals } from "./decimal-rules.js";
import { checkIde } from "./ide-rules.js";
import { checkAccessKey } from "./key-rules.js";
import { parseLightXml } from "./light-xml.js";
import { type NativeParse, withNativeDocument } from "./native-document.js";
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
  return withNativeDocument(xml, (native) => checkParsedNfce(xml, ctx, native));
}

/** checkNfce on a text libxml2 has already parsed (runGate shares that parse with the XSD). */
export function checkParsedNfce(xml: string, ctx: GateContext, native: NativeParse): GateProblem[] {
  const problems = checkRawText(xml);
  const parsed = parse(xml);
  if ("error" in parsed)
    return [...problems, problem("243", `not well-formed XML: ${parsed.error} ([MOC-A1] B02)`)];
  if (native.error !== undefined)
    return [...problems, problem("243", `not well-formed XML: libxml2: ${native.error} ([MOC-A1] B02)`)];
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
  const note: NfceView = { xml, root, infNFe, native };
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

function parse(xml: string): { root: NfceView["root"] } | { error: string } {
  try {
    return { root: parseLightXml(xml).root };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
