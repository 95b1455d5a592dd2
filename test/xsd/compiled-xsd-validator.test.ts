// The gate's compiled-schema validator gives the same verdicts as the xmllint-wasm one on the same
// official XSDs ([MOC-A1] D01: a document outside the schema gets 215/225), for valid, invalid and
// malformed documents, and keeps working across many documents (one compilation per kind).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CompiledXsdValidator } from "../../src/xsd/compiled-xsd-validator.js";
import { type XsdResult, XsdValidator } from "../../src/xsd/xsd-validator.js";
import { HAS_SHARED, SCHEMA_DIRS } from "../helpers/shared.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "hal", "nfce");
const offline = readFileSync(join(FIXTURES, "offline.xml"), "utf8");
const online = readFileSync(join(FIXTURES, "homologacao.xml"), "utf8");

const documents: Array<[string, string]> = [
  ["offline NFC-e", offline],
  ["homologação NFC-e", online],
  ["mod outside the enumeration", offline.replace("<mod>65</mod>", "<mod>6X</mod>")],
  [
    "element out of order",
    offline.replace(/<natOp>VENDA<\/natOp>(<mod>65<\/mod>)/, "$1<natOp>VENDA</natOp>"),
  ],
  ["unknown element", offline.replace("<mod>65</mod>", "<mod>65</mod><foo>1</foo>")],
  ["not well-formed", offline.slice(0, 400)],
];

describe.skipIf(!HAS_SHARED)("CompiledXsdValidator", () => {
  for (const dir of [SCHEMA_DIRS.PL_010_V1_30, SCHEMA_DIRS.PL_009_V4]) {
    it(`agrees with the xmllint-wasm validator (${dir.split("/").pop()})`, async () => {
      const compiled = new CompiledXsdValidator(dir);
      // One document per xmllint-wasm run: its batch mode files errors without a file name under the first document.
      const xmllint = new XsdValidator(dir);
      const reference: XsdResult[] = [];
      for (const [, xml] of documents) reference.push(await xmllint.validate(xml));
      const verdicts = [];
      for (const [name, xml] of documents) {
        const r = await compiled.validate(xml);
        verdicts.push({ name, valid: r.valid, hasErrors: r.errors.length > 0 });
      }
      expect(verdicts).toEqual(
        documents.map(([name], i) => ({ name, valid: reference[i]!.valid, hasErrors: !reference[i]!.valid })),
      );
      expect(verdicts.slice(0, 2).every((v) => v.valid)).toBe(true);
      expect(verdicts.slice(2).every((v) => !v.valid)).toBe(true);
    });
  }

  it("names the offending element and line", async () => {
    const r = await new CompiledXsdValidator(SCHEMA_DIRS.PL_010_V1_30).validate(
      offline.replace("<mod>65</mod>", "<mod>6X</mod>"),
    );
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatch(/^line \d+: .*mod.*6X/);
  });

  it("validates many documents with one compiled schema, valid and invalid interleaved", async () => {
    const v = new CompiledXsdValidator(SCHEMA_DIRS.PL_010_V1_30);
    const results = [];
    for (let i = 0; i < 50; i++)
      results.push((await v.validate(i % 2 === 0 ? offline : documents[2]![1])).valid);
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i % 2 === 0));
  });

  it("reports a schema folder without the root schema as an error, not a crash", async () => {
    const r = new CompiledXsdValidator(join(import.meta.dirname, "no-such-folder")).validate(offline);
    await expect(r).rejects.toThrow();
    expect(CompiledXsdValidator.available(join(import.meta.dirname, "no-such-folder"))).toBe(false);
  });
});
