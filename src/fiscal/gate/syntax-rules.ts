// What SEFAZ checks on the raw message before the schema ([MOC-A1] 4.1.2 B02, 4.1.3 D01d, D01e, D02, D03).
import { type GateProblem, problem } from "./types.js";

const NFE_NS = "http://www.portalfiscal.inf.br/nfe";
const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

export function checkRawText(xml: string): GateProblem[] {
  const problems: GateProblem[] = [];
  if (xml.charCodeAt(0) === 0xfeff)
    problems.push(problem("588", "byte order mark at the start ([MOC-A1] D01e)"));
  const decl = /^\s*<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(xml);
  if (decl && decl[1]!.toUpperCase() !== "UTF-8") {
    problems.push(problem("402", `encoding ${decl[1]} is not UTF-8 ([MOC-A1] D03)`));
  }
  if (/^\s+</.test(xml) || />\s+$/.test(xml)) {
    problems.push(problem("588", "whitespace at the start or end of the message ([MOC-A1] D01e)"));
  }
  const between = />\s+</.exec(xml);
  if (between) {
    problems.push(problem("588", `whitespace between tags at offset ${between.index} ([MOC-A1] D01e)`));
  }
  const prefixed = /<\/?([A-Za-z_][\w.-]*):[A-Za-z_]/.exec(xml) ?? /\sxmlns:([A-Za-z_][\w.-]*)=/.exec(xml);
  if (prefixed)
    problems.push(problem("404", `namespace prefix "${prefixed[1]}" is not allowed ([MOC-A1] D02)`));
  for (const match of xml.matchAll(/\sxmlns="([^"]*)"/g)) {
    if (match[1] !== NFE_NS && match[1] !== DSIG_NS) {
      problems.push(
        problem("587", `namespace "${match[1]}" is not the NF-e default namespace ([MOC-A1] D01d)`),
      );
    }
  }
  return problems;
}
