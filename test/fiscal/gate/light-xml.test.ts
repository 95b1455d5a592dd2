// The gate's own XML parser: what it builds, what it refuses ([MOC-A1] B02 -> 243), and agreement with
// libxml2 (the independent referee) on accepting or refusing hundreds of damaged notes.
import { XmlDocument } from "libxml2-wasm";
import { describe, expect, it } from "vitest";
import { parseLightXml, XmlSyntaxError } from "../../../src/fiscal/gate/light-xml.js";
import { HAS_SHARED } from "../../helpers/shared.js";
import { finalNote } from "../crypto/gate-helpers.js";

/** libxml2's verdict: undefined when it accepts, else its message. */
const libxml2Refusal = (xml: string): string | undefined => {
  try {
    XmlDocument.fromString(xml).dispose();
    return undefined;
  } catch (error) {
    return String(error);
  }
};

describe("parseLightXml builds the tree the rules read", () => {
  it("elements, attributes in both quotes, namespaces and the element order", () => {
    const { root } = parseLightXml(
      `<?xml version="1.0" encoding="UTF-8"?><NFe xmlns="urn:a"><infNFe Id='N1' versao="4.00"><ide/></infNFe>` +
        `<Signature xmlns="urn:b"><x:SignedInfo xmlns:x="urn:c" x:at="1"/></Signature></NFe>`,
    );
    expect([root.localName, root.namespaceURI]).toEqual(["NFe", "urn:a"]);
    const [infNFe, signature] = root.children;
    expect(infNFe!.getAttribute("Id")).toBe("N1");
    expect(infNFe!.getAttribute("versao")).toBe("4.00");
    expect(infNFe!.getAttribute("missing")).toBeNull();
    expect(infNFe!.children[0]!.namespaceURI).toBe("urn:a");
    expect(signature!.namespaceURI).toBe("urn:b");
    const signedInfo = signature!.children[0]!;
    expect([signedInfo.nodeName, signedInfo.localName, signedInfo.namespaceURI]).toEqual([
      "x:SignedInfo",
      "SignedInfo",
      "urn:c",
    ]);
    expect(signedInfo.parent).toBe(signature);
  });

  it("decodes the five entities and character references, in text and attributes", () => {
    const { root } = parseLightXml(
      `<a t="&lt;&amp;&quot;&apos;&gt;&#65;&#x42;">x &lt; y &amp;&amp; &#xE7;&#231;&#x1F600; &gt;</a>`,
    );
    expect(root.getAttribute("t")).toBe(`<&"'>AB`);
    expect(root.textContent).toBe("x < y && çç😀 >");
  });

  it("normalizes line ends in text and white space in attribute values (XML 1.0 §2.11, §3.3.3)", () => {
    const { root } = parseLightXml(`<a t="1\t2\r\n3&#10;4">l1\r\nl2\rl3</a>`);
    expect(root.getAttribute("t")).toBe("1 2 3\n4");
    expect(root.textContent).toBe("l1\nl2\nl3");
  });

  it("CDATA counts as text; comments and PIs do not; textContent keeps document order", () => {
    const { root } = parseLightXml(`<a>1<![CDATA[<2>]]><!-- c --><?pi x?><b>3</b>4<b>5</b></a>`);
    expect(root.textContent).toBe("1<2>345");
    expect(root.text).toBe("1<2>4");
    expect(root.nodeCount).toBe(7);
  });

  it("a lone text node is told apart from CDATA or split text (the decimal rules read only the former)", () => {
    const lone = parseLightXml("<v>25.00</v>").root;
    expect([lone.firstIsText, lone.nodeCount]).toEqual([true, 1]);
    const cdata = parseLightXml("<v><![CDATA[25.00]]></v>").root;
    expect([cdata.firstIsText, cdata.nodeCount]).toEqual([false, 1]);
    const split = parseLightXml("<v>25<!---->.00</v>").root;
    expect(split.nodeCount).toBe(3);
  });

  it("deep nesting costs no stack", () => {
    const depth = 100_000;
    const { root } = parseLightXml(`${"<a>".repeat(depth)}x${"</a>".repeat(depth)}`);
    let el = root;
    for (let i = 1; i < depth; i++) el = el.children[0]!;
    expect(el.text).toBe("x");
    expect(root.textContent).toBe("x");
  });

  it("reads every name right when thousands of names share the parser's name table", () => {
    // Names differing in one character, prefixes of each other and long ones (which the table copies).
    const names = Array.from(
      { length: 6000 },
      (_, i) => `n${i.toString(36)}${i % 7 === 0 ? "x".repeat(20) : ""}`,
    );
    const xml = `<r>${names.map((n, i) => `<${n} a${i % 3}="${i}">${i}</${n}>`).join("")}<n/><n0/></r>`;
    for (let round = 0; round < 2; round++) {
      const { root } = parseLightXml(xml);
      expect(root.children.map((c) => c.nodeName)).toEqual([...names, "n", "n0"]);
      expect(root.children.map((c) => c.getAttribute(`a${Number(c.text) % 3}`))).toEqual([
        ...names.map((_, i) => String(i)),
        null,
        null,
      ]);
    }
  });

  it("tells an end tag that only starts like the open element's name from the right one", () => {
    expect(() => parseLightXml("<ab></abc>")).toThrow("</abc> closes <ab>");
    expect(() => parseLightXml("<abc></ab>")).toThrow("</ab> closes <abc>");
    expect(() => parseLightXml("<ab></ab x>")).toThrow("'>' expected in an end tag");
    expect(parseLightXml("<ab></ab \n>").root.nodeName).toBe("ab");
  });
});

/** [why, text]: each is not well-formed XML, or (DOCTYPE) not allowed in an NF-e. */
const REFUSED: Array<[string, string]> = [
  ["unclosed element", "<a><b></b>"],
  ["end tag of another element", "<a><b></a></b>"],
  ["two root elements", "<a/><b/>"],
  ["text after the root", "<a/>x"],
  ["text before the root", "x<a/>"],
  ["empty document", ""],
  ["undeclared entity", "<a>&nbsp;</a>"],
  ["a bare ampersand", "<a>fish & chips</a>"],
  ["reference without ';'", "<a>&amp</a>"],
  ["character reference to U+0000", "<a>&#0;</a>"],
  ["character reference to a surrogate", "<a>&#xD800;</a>"],
  ["'<' in an attribute value", '<a t="<"/>'],
  ["repeated attribute", '<a t="1" t="2"/>'],
  ["repeated attribute by namespace", '<a xmlns:p="urn:x" xmlns:q="urn:x" p:t="1" q:t="2"/>'],
  ["no space between attributes", '<a t="1"u="2"/>'],
  ["unquoted attribute", "<a t=1/>"],
  ["attribute without value", "<a t/>"],
  ["DOCTYPE", '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'],
  ["XML declaration not at the start", '<a/><?xml version="1.0"?>'],
  ["malformed XML declaration", '<?xml encoding="UTF-8"?><a/>'],
  ["'--' in a comment", "<a><!-- x -- y --></a>"],
  ["']]>' in text", "<a>]]></a>"],
  ["unbound prefix", "<p:a/>"],
  ["name starting with a digit", "<1a/>"],
  ["control character", "<a>\u0001</a>"],
  ["lone surrogate", "<a>\uD800</a>"],
  ["CDATA outside the root", "<![CDATA[x]]><a/>"],
  ["undeclaring a prefix", '<a xmlns:p=""/>'],
  ["two colons in a name", '<a xmlns:p="urn:x"><p:b:c/></a>'],
  ["cut inside a start tag", '<a t="1'],
];

describe("parseLightXml refuses what is not well-formed", () => {
  for (const [why, text] of REFUSED) {
    it(`${why} -> XmlSyntaxError`, () => {
      expect(() => parseLightXml(text)).toThrow(XmlSyntaxError);
    });
  }

  it("libxml2 refuses the same texts (DOCTYPE aside: well-formed, but never in an NF-e)", () => {
    for (const [why, text] of REFUSED.filter(([why]) => why !== "DOCTYPE")) {
      expect(libxml2Refusal(text), why).toBeDefined();
    }
  });
});

describe.skipIf(!HAS_SHARED)("parseLightXml agrees with libxml2 on damaged notes", () => {
  // libxml2 also refuses a namespace name that is not a valid URI; the light parser leaves that to it
  // (checkNfce reports libxml2's refusal as 243 too).
  it("one character changed, inserted or deleted anywhere: the same verdict as libxml2", () => {
    const xml = finalNote({ version: 3 });
    const specials = ["<", ">", "&", '"', "'", "/", "=", ";", " ", "!", "?", ":", "-", "]", "\u0007"];
    // A fixed-seed walk over the note, so the run is the same every time.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const at = next(xml.length);
      const c = specials[next(specials.length)]!;
      const kind = next(3);
      const damaged =
        kind === 0
          ? xml.slice(0, at) + c + xml.slice(at + 1)
          : kind === 1
            ? xml.slice(0, at) + c + xml.slice(at)
            : xml.slice(0, at) + xml.slice(at + 1);
      let light = true;
      try {
        parseLightXml(damaged);
      } catch (error) {
        expect(error).toBeInstanceOf(XmlSyntaxError);
        light = false;
      }
      const refusal = libxml2Refusal(damaged);
      const where = `${kind} ${JSON.stringify(c)} at ${at}: …${damaged.slice(at - 20, at + 20)}…`;
      if (light && refusal !== undefined) expect(refusal, where).toMatch(/xmlns: .* is not a valid URI/);
      else expect(light, where).toBe(refusal === undefined);
      if (!light) refused++;
    }
    expect(refused).toBeGreaterThan(700);
  });
});
