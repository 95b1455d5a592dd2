// The direct ESC/POS path must write exactly the bytes of the encoder library: compared on the
// fixture receipts and on generated receipts with accented, unprintable and over-long text.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import CodepageEncoder from "@point-of-sale/codepage-encoder";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DanfeLine } from "../../src/hal/printer/danfe/layout-danfe.js";
import {
  danfeLines,
  danfeText,
  renderDanfe,
  renderDanfeReceipt,
} from "../../src/hal/printer/danfe/render-danfe.js";
import { codePageTable } from "../../src/hal/printer/escpos/code-page-table.js";
import {
  encodeLines,
  encodeLinesDirect,
  encodeLinesWithLibrary,
} from "../../src/hal/printer/escpos/encode-lines.js";
import {
  type PaperWidthMm,
  PRINTER_PROFILES,
  type PrinterModel,
} from "../../src/hal/printer/escpos/profiles.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "hal", "nfce");
const MODELS = Object.keys(PRINTER_PROFILES) as PrinterModel[];
const WIDTHS: PaperWidthMm[] = [58, 80];
const QR =
  "https://www.homologacao.nfce.fazenda.sp.gov.br/qrcode?p=35261111222333000181650010000010009084620855|2|2|22|18.90|6a2b6a4e|1|8D602281D4FF150BB93FBB504559BA010F12124A";

describe("direct ESC/POS path equals the encoder library", () => {
  it("on every fixture receipt, profile and paper width (and takes the direct path there)", () => {
    for (const file of ["online-authorized", "offline", "homologacao"]) {
      const xml = readFileSync(join(FIXTURES, `${file}.xml`), "utf8");
      for (const model of MODELS)
        for (const paperWidthMm of WIDTHS) {
          const profile = PRINTER_PROFILES[model];
          const lines = danfeLines(xml, { profile, paperWidthMm, copy: "consumer", storeCopy: true });
          const direct = encodeLinesDirect(lines, profile, paperWidthMm);
          expect(direct, `${file} ${model} ${paperWidthMm}`).toBeDefined();
          expect(direct).toEqual(encodeLinesWithLibrary(lines, profile, paperWidthMm));
        }
    }
  });

  it("on generated receipts: accents, characters the code page lacks, blank, long and control text", () => {
    const letters = [..."AZaz09 .,-/:%$R()çÇãÃõÕáÁéÉíÍóÓúÚâÂêÊôÔàÀüÜñºª°€ß“”‘’–—•Ωж中😀\t\u0001\u007f\u00a0"];
    const text = fc.record({
      kind: fc.constant("text" as const),
      text: fc.oneof(
        fc.string({ unit: fc.constantFrom(...letters), maxLength: 52 }),
        fc.string({ unit: fc.constantFrom(..."ABÇÃ ãé"), minLength: 30, maxLength: 48 }),
      ),
      bold: fc.boolean(),
    });
    const line: fc.Arbitrary<DanfeLine> = fc.oneof(
      { weight: 8, arbitrary: text },
      { weight: 1, arbitrary: fc.constant({ kind: "qr" as const, payload: QR }) },
      { weight: 1, arbitrary: fc.constant({ kind: "cut" as const }) },
    );
    let direct = 0;
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...MODELS),
        fc.constantFrom(...WIDTHS),
        (lines, model, paper) => {
          const profile = PRINTER_PROFILES[model];
          if (encodeLinesDirect(lines, profile, paper)) direct++;
          expect(encodeLines(lines, profile, paper)).toEqual(encodeLinesWithLibrary(lines, profile, paper));
        },
      ),
      { numRuns: 600 },
    );
    // The comparison means something only if the direct path ran on a good share of them.
    expect(direct).toBeGreaterThan(60);
  });

  it("the code-page table gives CodepageEncoder.encode's byte for every BMP character", () => {
    for (const codePage of ["cp860", "windows1252"] as const) {
      const table = codePageTable(codePage);
      expect(table).not.toBeNull();
      const all = Array.from({ length: 0xd800 }, (_, i) => String.fromCharCode(i)).join("");
      const expected = CodepageEncoder.encode(all, codePage);
      expect(Buffer.from((table as Uint8Array).subarray(0, 0xd800)).equals(Buffer.from(expected))).toBe(true);
    }
  });

  it("renderDanfeReceipt gives renderDanfe's bytes and danfeText's lines from one layout", () => {
    const xml = readFileSync(join(FIXTURES, "offline.xml"), "utf8");
    for (const model of MODELS) {
      const options = { profile: PRINTER_PROFILES[model], paperWidthMm: 58 as const, storeCopy: true };
      const receipt = renderDanfeReceipt(xml, options);
      expect(receipt.bytes).toEqual(renderDanfe(xml, options));
      expect(receipt.lines).toEqual(danfeText(xml, options));
      expect(receipt.lines.filter((l) => l.trim() === "[QR Code]")).toHaveLength(2);
    }
  });
});
