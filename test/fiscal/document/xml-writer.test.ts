// The builder's XmlWriter: C14N escaping, numbers, empty-element refusals and the fallback for text
// beyond Latin-1, checked against hand-written expectations and decimal.ts's formatScaled.
import { describe, expect, it } from "vitest";
import { writeXml } from "../../../src/fiscal/build/xml.js";
import { formatScaled } from "../../../src/fiscal/decimal.js";

describe("XmlWriter", () => {
  it("escapes text and attributes the way C14N writes them", () => {
    const xml = writeXml((w) => {
      const m = w.openWith("a", "x", 'q"<&>\t\n\r', "y", "é");
      w.el("b", "1 & 2 < 3 > 0\r\n'\"");
      w.close("a", m);
    });
    expect(xml).toBe(
      '<a x="q&quot;&lt;&amp;&gt;&#x9;&#xA;&#xD;" y="é"><b>1 &amp; 2 &lt; 3 &gt; 0&#xD;\n\'"</b></a>',
    );
  });

  it("writes integers and scaled decimals like formatScaled", () => {
    const cases: Array<[bigint, number, number]> = [
      [0n, 2, 2],
      [5n, 2, 2],
      [1234n, 2, 2],
      [-1234n, 2, 2],
      [10000n, 4, 4],
      [12345n, 4, 4],
      [189000000000n, 10, 2],
      [189012345678n, 10, 2],
      [1n, 10, 2],
      [999999999999999999999n, 10, 2], // beyond 2^53: the string path
      [180000n, 4, 2],
      [1n, 4, 2],
    ];
    for (const [value, scale, min] of cases) {
      const xml = writeXml((w) => w.decimal("v", value, scale, min));
      expect(xml).toBe(`<v>${formatScaled(value, scale, min)}</v>`);
    }
    expect(writeXml((w) => w.cents("v", 7n))).toBe("<v>0.07</v>");
    expect(writeXml((w) => w.int("n", 0))).toBe("<n>0</n>");
    expect(writeXml((w) => w.int("n", 999999999))).toBe("<n>999999999</n>");
    expect(() => writeXml((w) => w.int("n", -1))).toThrow(RangeError);
    expect(() => writeXml((w) => w.int("n", 1.5))).toThrow(RangeError);
  });

  it("refuses empty elements and empty groups, and writes nothing for an absent optional", () => {
    expect(() => writeXml((w) => w.el("a", ""))).toThrow("empty <a>");
    expect(() =>
      writeXml((w) => {
        const m = w.open("g");
        w.opt("x", undefined);
        w.close("g", m);
      }),
    ).toThrow("empty group <g>");
  });

  it("keeps characters beyond Latin-1 exact (string fallback), in text, attributes and after numbers", () => {
    const xml = writeXml((w) => {
      const m = w.openWith("a", "t", "☕&");
      w.el("b", "ok");
      w.el("c", "x😀<y");
      w.cents("d", 1250n);
      w.int("e", 42);
      w.el("f", "ã");
      w.close("a", m);
    });
    expect(xml).toBe('<a t="☕&amp;"><b>ok</b><c>x😀&lt;y</c><d>12.50</d><e>42</e><f>ã</f></a>');
    expect(() =>
      writeXml((w) => {
        const m = w.open("g");
        w.close("g", m);
      }),
    ).toThrow("empty group <g>");
  });

  it("grows past its buffer, and a writer left by an exception does not disturb the next document", () => {
    const long = "x".repeat(50_000);
    expect(writeXml((w) => w.el("a", long))).toBe(`<a>${long}</a>`);
    expect(() =>
      writeXml((w) => {
        w.el("a", "partial");
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(writeXml((w) => w.el("b", "c"))).toBe("<b>c</b>");
    // nested documents each get their own buffer
    const outer = writeXml((w) => {
      const inner = writeXml((v) => v.el("i", "1"));
      w.el("o", inner);
    });
    expect(outer).toBe("<o>&lt;i&gt;1&lt;/i&gt;</o>");
  });
});
