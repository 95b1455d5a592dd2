// fast-check generator of documents in the XML subset signXml reads, written in every way the
// subset allows (quotes, white space in tags, references for any character, literal CR/LF/TAB, empty
// elements, default-namespace changes), so the text-level C14N meets what a real parser sees.
import fc from "fast-check";

export interface GenDoc {
  xml: string;
}

const NAMESPACES = ["", "urn:u", "http://www.portalfiscal.inf.br/nfe", "http://www.w3.org/2000/09/xmldsig#x"];
const ELEMENT_NAMES = ["a", "det", "prod", "xProd", "n.1", "z-9", "_q", "infAdic"];
const ATTRIBUTE_NAMES = ["versao", "nItem", "a", "B", "_c", "z", "Z1", "a.b", "a-b"];

/** One character as written in text or in an attribute quoted with `quote`. */
const charArb = (where: "text" | '"' | "'"): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom("&", "<", ">", '"', "'", "\t", "\n", "\r", "\r\n", " ", "é", "Ç", "😀", "€", "]]>"),
        fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 3 }),
        fc.constantFrom("A", "z", "0", "-"),
      ),
      fc.integer({ min: 0, max: 3 }),
    )
    .map(([text, how]) => [...text].map((ch) => writeChar(ch, how, where)).join(""));

function writeChar(ch: string, how: number, where: "text" | '"' | "'"): string {
  const code = ch.codePointAt(0)!;
  const mustEscape = ch === "&" || ch === "<" || (where !== "text" && ch === where);
  if (how === 1 || (mustEscape && how === 0)) return `&#${code};`;
  if (how === 2) return `&#x${code.toString(16)};`;
  const named: Record<string, string> = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&apos;",
  };
  if (how === 3 && named[ch]) return named[ch]!;
  return mustEscape ? named[ch]! : ch;
}

const spaceArb = fc.constantFrom("", " ", "  ", "\t", "\n", "\r\n");

const attributesArb = fc
  .uniqueArray(fc.constantFrom(...ATTRIBUTE_NAMES), { maxLength: 3 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc
          .constantFrom<'"' | "'">('"', "'")
          .chain((quote) =>
            fc
              .tuple(spaceArb, spaceArb, fc.array(charArb(quote), { maxLength: 4 }))
              .map(([s1, s2, chars]) => ` ${s1}${name}${s2}=${s2}${quote}${chars.join("")}${quote}`),
          ),
      ),
    ),
  )
  .map((parts) => parts.join(""));

const namespaceArb = fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined, freq: 3 });

/** Documents for a reader that mishandles white space in end tags (xmldom 0.8, under xml-crypto) get none. */
export interface GenOptions {
  endTagSpace: boolean;
}

const nodeArb = (options: GenOptions) =>
  fc.letrec<{ node: string; children: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.array(charArb("text"), { minLength: 1, maxLength: 5 }).map((c) => c.join("")),
      fc
        .record({
          name: fc.constantFrom(...ELEMENT_NAMES),
          attributes: attributesArb,
          namespace: namespaceArb,
          space: spaceArb,
          children: tie("children"),
          empty: fc.boolean(),
        })
        .map(({ name, attributes, namespace, space, children, empty }) => {
          const ns = namespace === undefined ? "" : ` xmlns="${namespace}"`;
          if (empty && children === "") return `<${name}${ns}${attributes}${space}/>`;
          const endSpace = options.endTagSpace ? space : "";
          return `<${name}${ns}${attributes}${space}>${children}</${name}${endSpace}>`;
        }),
    ),
    children: fc.array(tie("node"), { maxLength: 4 }).map((nodes) => nodes.join("")),
  })).node;

/** `<parent><target Id="ID1" ...>random content</target></parent>` with random things around. */
export const genDocArb = (
  parent: string,
  target: string,
  options: GenOptions = { endTagSpace: true },
): fc.Arbitrary<GenDoc> => {
  const node = nodeArb(options);
  return fc
    .record({
      declaration: fc.constantFrom("", '<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0'?>\n"),
      parentNamespace: namespaceArb,
      targetNamespace: namespaceArb,
      attributes: attributesArb,
      before: fc.array(node, { maxLength: 2 }),
      content: fc.array(node, { maxLength: 6 }),
      after: fc.array(node, { maxLength: 2 }),
      space: spaceArb,
    })
    .map((g) => {
      const pns = g.parentNamespace === undefined ? "" : ` xmlns="${g.parentNamespace}"`;
      const tns = g.targetNamespace === undefined ? "" : ` xmlns="${g.targetNamespace}"`;
      const body = g.content.join("");
      const endSpace = options.endTagSpace ? g.space : "";
      const xml =
        `${g.declaration}<${parent}${pns}>${g.before.join("")}` +
        `<${target}${tns} Id="ID1"${g.attributes}${g.space}>${body}</${target}${endSpace}>` +
        `${g.after.join("")}</${parent}>${g.space}`;
      // "]]>" may not appear in content (XML 1.0 §2.4); in an attribute value &gt; is as good.
      return { xml: xml.replace(/\]\]>/g, "]]&gt;") };
    });
};
