// The DANFE's XML reader: element names exact across thousands of distinct and similar names, note after note.
import { describe, expect, it } from "vitest";
import { attributeOf, parseXmlTree } from "../../src/hal/printer/danfe/xml-tree.js";

describe("parseXmlTree names", () => {
  it("reads thousands of distinct, similar and long names right, note after note", () => {
    const names = Array.from(
      { length: 6000 },
      (_, i) => `n${i.toString(36)}${i % 7 === 0 ? "y".repeat(20) : ""}`,
    );
    const xml = `<r>${names.map((n, i) => `<${n} k="${i}">${i}</${n}>`).join("")}<p:n xmlns:p="u">z</p:n></r>`;
    for (let round = 0; round < 2; round++) {
      const root = parseXmlTree(xml).children[0]!;
      expect(root.children.map((c) => c.name)).toEqual([...names, "n"]);
      expect(root.children.slice(0, -1).map((c) => attributeOf(c, "k"))).toEqual(
        names.map((_, i) => String(i)),
      );
      expect(root.children.at(-1)!.text).toBe("z");
    }
  });

  it("keeps names outside the Basic Multilingual Plane and odd code units exact", () => {
    const root = parseXmlTree("<a><\u{1F600}x>1</\u{1F600}x><b\uD800>2</b\uD800></a>").children[0]!;
    expect(root.children.map((c) => [c.name, c.text])).toEqual([
      ["\u{1F600}x", "1"],
      ["b\uD800", "2"],
    ]);
  });
});
