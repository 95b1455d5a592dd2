// What an operator may correct in a rejected offline note before it is rebuilt with the same key
// ([A4] §3, §5): only the tax classification, which the DANFE NFC-e does not print ([MAN6] §3.1.2: the
// item columns are code, description, quantity, unit, unit price, total). Everything else is refused.
import { describe, expect, it } from "vitest";
import { applyCorrections, parseCorrections } from "../../src/app/sync/fiscal-edit.js";
import { KioskError } from "../../src/errors.js";
import { sampleSale } from "../helpers/test-config.js";

const refusal = (fn: () => unknown): KioskError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof KioskError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
};

describe("parseCorrections", () => {
  it("reads NCM, CEST (null removes it), CFOP and tax per item index", () => {
    expect(
      parseCorrections([
        { index: 0, ncm: " 22021000 ", cfop: "5405" },
        { index: 1, cest: null, tax: { origin: 0, csosn: "500" } },
      ]),
    ).toEqual([
      { index: 0, ncm: "22021000", cfop: "5405" },
      { index: 1, cest: null, tax: { origin: 0, csosn: "500" } },
    ]);
  });

  it.each([
    ["description", { index: 0, description: "OUTRO" }, "items[0].description"],
    ["quantity", { index: 0, quantity: 3 }, "items[0].quantity"],
    ["unitPrice", { index: 0, unitPrice: 1 }, "items[0].unitPrice"],
  ])("refuses a change to %s (printed on the receipt)", (_name, entry, field) => {
    const error = refusal(() => parseCorrections([entry]));
    expect(error.code).toBe("KIOSK_ERR_INPUT_INVALID");
    expect(error.field).toBe(field);
    expect(error.operatorMessage).toContain("já está impresso no cupom");
  });

  it.each([
    ["no corrections", []],
    ["not an array", { index: 0 }],
    ["a negative index", [{ index: -1, ncm: "22021000" }]],
    ["a correction that names no field", [{ index: 0 }]],
    ["an NCM that is not text", [{ index: 0, ncm: 22021000 }]],
    ["a tax that is not an object", [{ index: 0, tax: "102" }]],
  ])("refuses %s", (_name, raw) => {
    expect(refusal(() => parseCorrections(raw)).code).toBe("KIOSK_ERR_INPUT_INVALID");
  });
});

describe("applyCorrections", () => {
  it("changes only the named fields, reports before and after, and leaves the stored sale untouched", () => {
    const stored = sampleSale();
    const before = JSON.stringify(stored);
    const { sale, changes } = applyCorrections(stored, [{ index: 0, ncm: "21011110", cfop: "5102" }]);
    expect(changes).toEqual([{ index: 0, field: "ncm", before: "09012100", after: "21011110" }]);
    const item = (sale as ReturnType<typeof sampleSale>).items[0]!;
    expect(item).toEqual({ ...stored.items[0], ncm: "21011110" });
    expect(sale["payments"]).toEqual(stored.payments);
    expect(JSON.stringify(stored)).toBe(before);
  });

  it("adds and removes a CEST", () => {
    const added = applyCorrections(sampleSale(), [{ index: 0, cest: "1700600" }]).sale;
    const item = (added as ReturnType<typeof sampleSale>).items[0] as Record<string, unknown>;
    expect(item["cest"]).toBe("1700600");
    const removed = applyCorrections(added, [{ index: 0, cest: null }]);
    expect("cest" in ((removed.sale as ReturnType<typeof sampleSale>).items[0] as object)).toBe(false);
    expect(removed.changes).toEqual([{ index: 0, field: "cest", before: "1700600", after: null }]);
  });

  it("refuses an item the sale does not have, and a correction that changes nothing", () => {
    const missing = refusal(() => applyCorrections(sampleSale(), [{ index: 1, ncm: "22021000" }]));
    expect(missing.operatorMessage).toBe("O item 2 não existe nesta venda.");
    const same = refusal(() => applyCorrections(sampleSale(), [{ index: 0, ncm: "09012100" }]));
    expect(same.operatorMessage).toContain("nada a corrigir");
  });
});
