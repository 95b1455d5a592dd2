// The text-level C14N of signXml against xml-crypto's C14nCanonicalization (on the xmldom tree), on
// hand-picked and generated documents of the supported subset, and the refusals outside it.
// [nfce-reference] §3 / [MOC-A1] F01: inclusive C14N 1.0 (REC-xml-c14n-20010315).
import { DOMParser, type Element } from "@xmldom/xmldom";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { C14nCanonicalization } from "xml-crypto";
import { KioskError } from "../../../src/errors.js";
import { canonicalizeTarget } from "../../../src/fiscal/canonical-c14n.js";
import { type GenDoc, genDocArb } from "./xml-gen.js";

/** xml-crypto's C14N of the only <T> of the document (what SignedXml digests: no prefixes, so no hoisting). */
function referenceC14n(xml: string, target: string): string {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, m) => level !== "warning" && errors.push(m) }).parseFromString(
    xml,
    "text/xml",
  );
  if (errors.length > 0) throw new Error(`the reference parser refused: ${errors[0]}`);
  const node = doc.getElementsByTagName(target)[0] as Element;
  return new C14nCanonicalization().process(node, {}) as string;
}

const NS = "http://www.portalfiscal.inf.br/nfe";

describe("canonicalizeTarget", () => {
  const tricky: Array<[string, string]> = [
    ["attributes sorted, namespace first", `<P xmlns="${NS}"><T z="1" Id="x" a="2">t</T></P>`],
    ["single quotes, spaces around =", `<P><T  Id = 'x'\tb\n=\r\n"y" >t</T ></P>`],
    ["empty elements opened", `<P xmlns="${NS}"><T Id="x"><a/><b c="1" /><d></d></T></P>`],
    [
      "text escapes",
      `<P><T Id="x">a &amp; b &lt; c &gt; d > e "f" 'g' &quot;&apos; ]]&gt; ]&#93;> ]></T></P>`,
    ],
    ["character references", `<P><T Id="x">&#65;&#x42;&#38;&#60;&#62;&#13;&#9;&#10;&#x1F600;😀é</T></P>`],
    ["line ends", `<P><T Id="x">a\r\nb\rc\nd\r\r\ne</T></P>`],
    [
      "attribute normalization",
      `<P><T Id="x" a="1\t2\n3\r\n4\r5" b="&#9;&#10;&#13;&#x20;" c='"&lt;&gt;>'>t</T></P>`,
    ],
    ["superfluous namespace dropped", `<P xmlns="${NS}"><T Id="x"><a xmlns="${NS}"><b/></a></T></P>`],
    [
      "namespace changes",
      `<P xmlns="urn:u"><T Id="x"><a xmlns=""><b xmlns="urn:u"/><c xmlns="urn:v"/></a></T></P>`,
    ],
    ["apex declares its own", `<P xmlns="urn:u"><T xmlns="urn:v" Id="x"><a/></T></P>`],
    ["apex undeclares", `<P xmlns="urn:u"><T xmlns="" Id="x"><a/></T></P>`],
    ["no namespace at all", `<P><T Id="x"><a>1</a></T></P>`],
    [
      "declaration and white space around",
      `<?xml version="1.0" encoding="UTF-8"?>\n<P>\n <T Id="x">\n  <a>1</a>\n </T>\n</P>\n`,
    ],
    ["deeper parent", `<L xmlns="${NS}"><Q><P><T Id="x">1</T></P></Q></L>`],
    ["other elements around", `<P><x>&amp;</x><T Id="x">1</T><y a="1"/></P>`],
    ["empty target", `<P xmlns="urn:u"><T Id="x"/></P>`],
    ["names with . - _", `<P><T Id="x" _a.b-c="1"><n.1-x_>2</n.1-x_></T></P>`],
  ];
  for (const [what, xml] of tricky) {
    it(`writes what xml-crypto writes: ${what}`, () => {
      const subject = canonicalizeTarget(xml, "T", "P");
      expect(subject.canonical).toBe(referenceC14n(xml, "T"));
      expect(subject.id).toBe("x");
      expect(xml.slice(subject.parentEnd)).toMatch(/^<\/P\s*>/);
    });
  }

  it("copies the builder's bytes unchanged past the apex's start tag", () => {
    const xml = `<P xmlns="${NS}"><T versao="4.00" Id="x"><a>&amp;&lt;&gt;ÇÃ</a><b c="1">2</b></T></P>`;
    expect(canonicalizeTarget(xml, "T", "P").canonical).toBe(
      `<T xmlns="${NS}" Id="x" versao="4.00"><a>&amp;&lt;&gt;ÇÃ</a><b c="1">2</b></T>`,
    );
  });

  it("writes what xml-crypto writes on 400 generated documents", () => {
    fc.assert(
      fc.property(genDocArb("P", "T"), (g: GenDoc) => {
        expect(canonicalizeTarget(g.xml, "T", "P").canonical).toBe(referenceC14n(g.xml, "T"));
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });

  const refused: Array<[string, string]> = [
    ["a comment", `<P><T Id="x"><!-- c --></T></P>`],
    ["a comment before the root", `<!-- c --><P><T Id="x"/></P>`],
    ["a processing instruction", `<P><T Id="x"><?pi x?></T></P>`],
    ["CDATA", `<P><T Id="x"><![CDATA[a]]></T></P>`],
    ["a DOCTYPE", `<!DOCTYPE P><P><T Id="x"/></P>`],
    ["XML 1.1", `<?xml version="1.1"?><P><T Id="x"/></P>`],
    ["a declaration not at the start", ` <?xml version="1.0"?><P><T Id="x"/></P>`],
    ["a byte order mark", `\uFEFF<P><T Id="x"/></P>`],
    ["a prefixed element", `<P xmlns:ds="d"><T Id="x"><ds:a/></T></P>`],
    ["a prefixed attribute", `<P><T Id="x" xml:lang="pt">1</T></P>`],
    ["a reserved attribute name", `<P><T Id="x" xmlnsx="1">1</T></P>`],
    ["a non-ASCII name", `<P><T Id="x"><ação/></T></P>`],
    ["an undefined entity", `<P><T Id="x">&nbsp;</T></P>`],
    ["a bare &", `<P><T Id="x">a & b</T></P>`],
    ["a control character", `<P><T Id="x">a\u0001b</T></P>`],
    ["a reference to NUL", `<P><T Id="x">&#0;</T></P>`],
    ["a reference past U+10FFFF", `<P><T Id="x">&#x110000;</T></P>`],
    ["a reference to a surrogate", `<P><T Id="x">&#xD800;</T></P>`],
    ["a lone surrogate", `<P><T Id="x">a\uD800b</T></P>`],
    ["U+FFFE", `<P><T Id="x">\uFFFE</T></P>`],
    ["NEL (a line end to some parsers)", `<P><T Id="x">a\u0085b</T></P>`],
    ["LS (a line end to some parsers)", `<P><T Id="x">a\u2028b</T></P>`],
    ["NEL in an attribute", `<P><T Id="x" a="\u0085">1</T></P>`],
    ["a reference to LS", `<P><T Id="x">&#x2028;</T></P>`],
    ["'<' in an attribute", `<P><T Id="x" a="<">1</T></P>`],
    ["a control character in an attribute", `<P><T Id="x" a="\u0002">1</T></P>`],
    ["an attribute given twice", `<P><T Id="x" a="1" a="2">1</T></P>`],
    ["an unquoted attribute", `<P><T Id=x>1</T></P>`],
    ["attributes run together", `<P><T Id="x"a="1">1</T></P>`],
    ["an unclosed element", `<P><T Id="x">1</T>`],
    ["a mismatched end tag", `<P><T Id="x">1</Tx></P>`],
    ["content after the root", `<P><T Id="x">1</T></P><P/>`],
    ["two roots", `<P><T Id="x">1</T></P>x`],
    ["two targets", `<P><T Id="x">1</T><T Id="y">2</T></P>`],
    ["no target", `<P><U Id="x">1</U></P>`],
    ["a target outside the parent", `<R><P/><T Id="x">1</T></R>`],
    ["two parents", `<R><P><T Id="x">1</T></P><P/></R>`],
    ["no Id", `<P><T id="x">1</T></P>`],
    ["an empty Id", `<P><T Id="">1</T></P>`],
    ["an Id that needs escaping", `<P><T Id="a&amp;b">1</T></P>`],
    ["']]>' in text", `<P><T Id="x">a]]>b</T></P>`],
    ["a relative namespace name", `<P xmlns="u"><T Id="x">1</T></P>`],
    ["a namespace name with a quote", `<P xmlns="a&quot;b"><T Id="x">1</T></P>`],
    ["an existing Signature", `<P><T Id="x">1</T><Signature xmlns="d"/></P>`],
    ["an empty document", ""],
    ["an end tag first", '</P><P><T Id="x"/></P>'],
    ["text only", "NFe"],
  ];
  for (const [what, xml] of refused) {
    it(`refuses ${what} with a coded error`, () => {
      const error = (() => {
        try {
          canonicalizeTarget(xml, "T", "P");
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(KioskError);
      expect((error as KioskError).code).toBe("KIOSK_ERR_INPUT_INVALID");
      expect((error as KioskError).message).toMatch(/^cannot sign: /);
    });
  }

  it("never throws anything but a coded error on any cut or changed copy of a note", () => {
    const xml = `<?xml version="1.0"?><P xmlns="${NS}"><T versao="4.00" Id="x"><a b='1'>&amp;&#x41;</a><c/></T></P>`;
    for (let cut = 0; cut < xml.length; cut++) {
      for (const copy of [xml.slice(0, cut), xml.slice(cut), xml.slice(0, cut) + xml.slice(cut + 1)]) {
        try {
          const subject = canonicalizeTarget(copy, "T", "P");
          expect(subject.canonical).toBe(referenceC14n(copy, "T"));
        } catch (error) {
          expect(error).toBeInstanceOf(KioskError);
        }
      }
    }
  });
});
