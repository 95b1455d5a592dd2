import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KioskError } from "../../../src/errors.js";
import { parseSale } from "../../../src/fiscal/sale.js";
import { SALE_NORMAL, SALE_SN } from "./sample-data.js";

// biome-ignore lint/suspicious/noExplicitAny: the tests mutate raw sale JSON freely
type Mutable = Record<string, any>;
const clone = <T>(v: T): Mutable => structuredClone(v) as Mutable;

function refusal(raw: unknown, crt: 1 | 2 | 3 | 4 = 1): KioskError {
  try {
    parseSale(raw, crt);
  } catch (error) {
    expect(error).toBeInstanceOf(KioskError);
    const e = error as KioskError;
    expect(e.code).toBe("KIOSK_ERR_SALE_INVALID");
    expect(e.exitStatus).toBe(2);
    return e;
  }
  throw new Error("the sale was accepted");
}

describe("parseSale accepts the interfaces.md example", () => {
  it("keeps every field and fills the card group of card/PIX payments", () => {
    const sale = parseSale(SALE_SN, 1);
    expect(sale.items[0]).toMatchObject({
      code: "1001",
      quantity: 2,
      unitPrice: 12.5,
      tax: { origin: 0, csosn: "102" },
    });
    expect(sale.customer).toEqual({ cpf: "12345678909", name: "FULANO" });
    const normal = parseSale(SALE_NORMAL, 3);
    expect(normal.payments[0]!.card).toEqual({});
    expect(normal.payments[1]!.card).toBeUndefined();
  });

  it("is idempotent", () => {
    const once = parseSale(SALE_NORMAL, 3);
    expect(parseSale(once, 3)).toEqual(once);
    // a copy of a parsed sale goes through every check again and parses to an equal sale
    expect(parseSale(structuredClone(once), 3)).toEqual(once);
  });

  it("returns a deep-frozen sale, which parses to itself for its CRT and is checked again for another", () => {
    const once = parseSale(SALE_SN, 1);
    expect(Object.isFrozen(once) && Object.isFrozen(once.items[0]!.tax)).toBe(true);
    expect(Object.isFrozen(once.payments) && Object.isFrozen(once.customer)).toBe(true);
    expect(() => {
      (once.items[0] as Mutable).quantity = 1e9;
    }).toThrow(TypeError);
    expect(parseSale(once, 1)).toBe(once);
    expect(parseSale(once, 2)).toEqual(once);
    // [MOC-A1] rejection 591: a CSOSN item is refused for a regime normal (CRT 3) emitter
    expect(refusal(once, 3).field).toBe("items[0].tax.csosn");
  });

  it("sanitises texts", () => {
    const raw = clone(SALE_SN);
    raw.items[0].description = "  CAFE ☕\tTORRADO  ";
    expect(parseSale(raw, 1).items[0]!.description).toBe("CAFE TORRADO");
  });
});

describe("parseSale refuses with the field named", () => {
  const cases: Array<[string, (s: Mutable) => void, string, RegExp?]> = [
    ["no items", (s) => (s.items = []), "items"],
    [
      "unknown key with a hint",
      (s) => (s.items[0].quantiy = 1),
      "items[0].quantiy",
      /did you mean "quantity"/,
    ],
    ["5 decimals in quantity", (s) => (s.items[0].quantity = 1.23456), "items[0].quantity", /4 decimals/],
    ["float noise in quantity", (s) => (s.items[0].quantity = 0.1 + 0.2), "items[0].quantity"],
    ["zero quantity", (s) => (s.items[0].quantity = 0), "items[0].quantity"],
    ["11 decimals in unitPrice", (s) => (s.items[0].unitPrice = 1.00000000001), "items[0].unitPrice"],
    ["a price as a string", (s) => (s.items[0].unitPrice = "12.50"), "items[0].unitPrice"],
    ["an emoji-only description", (s) => (s.items[0].description = "🍕🍕"), "items[0].description", /emoji/],
    [
      "a description of 121 characters",
      (s) => (s.items[0].description = "A".repeat(121)),
      "items[0].description",
    ],
    ["a GTIN with a bad check digit", (s) => (s.items[0].gtin = "7891000100104"), "items[0].gtin", /611/],
    ["an NCM of 7 digits", (s) => (s.items[0].ncm = "0901210"), "items[0].ncm"],
    ["a CFOP an NFC-e refuses", (s) => (s.items[0].cfop = "5933"), "items[0].cfop"],
    ["CSOSN 500 with CFOP 5102", (s) => (s.items[0].tax.csosn = "500"), "items[0].cfop", /386/],
    ["CSOSN 101 (not for NFC-e)", (s) => (s.items[0].tax.csosn = "101"), "items[0].tax.csosn"],
    [
      "a CST for a Simples Nacional emitter (590)",
      (s) => (s.items[0].tax = { origin: 0, cst: "00" }),
      "items[0].tax.cst",
      /590/,
    ],
    ["item discount above its value (483)", (s) => (s.items[0].discount = 25.01), "items[0].discount", /483/],
    ["sale discount above the items", (s) => (s.discount = 25.01), "discount"],
    ["payments below the total (865)", (s) => (s.payments[0].amount = 24.99), "payments", /865/],
    ["tPag 14 (857)", (s) => (s.payments[0].type = "14"), "payments[0].type", /857/],
    ["tPag 90 (899)", (s) => (s.payments[0].type = "90"), "payments[0].type", /899/],
    ["tPag 99 without xPag", (s) => (s.payments[0].type = "99"), "payments[0].description"],
    ["a card group on cash", (s) => (s.payments[0].card = { integration: 2 }), "payments[0].card"],
    [
      "an integrated card without cnpj/cAut (392)",
      (s) => (s.payments[0] = { type: "03", amount: 30, card: { integration: 1 } }),
      "payments[0].card",
      /392/,
    ],
    [
      "a card CNPJ with a bad DV (437)",
      (s) => (s.payments[0] = { type: "04", amount: 30, card: { cnpj: "06157250000117" } }),
      "payments[0].card.cnpj",
    ],
    ["a zero payment", (s) => (s.payments[0].amount = 0), "payments[0].amount"],
    ["a CPF with a bad DV", (s) => (s.customer.cpf = "12345678900"), "customer.cpf"],
    ["a CPF of repeated digits", (s) => (s.customer.cpf = "11111111111"), "customer.cpf"],
    ["both CPF and CNPJ", (s) => (s.customer.cnpj = "06157250000116"), "customer"],
    ["a name without document", (s) => (s.customer = { name: "FULANO" }), "customer"],
    ["a CNPJ with a bad DV", (s) => (s.customer = { cnpj: "12ABC34501DE36" }), "customer.cnpj"],
    ["a one-letter name", (s) => (s.customer.name = "A"), "customer.name"],
    [
      "an anonymous sale above R$ 10.000,00 (750)",
      (s) => {
        delete s.customer;
        s.items[0].unitPrice = 5000.01;
        s.payments[0].amount = 10000.02;
      },
      "customer",
      /750/,
    ],
    [
      "a sale above R$ 200.000,00 (780)",
      (s) => {
        s.items[0].unitPrice = 100000.01;
        s.payments[0].amount = 200000.02;
      },
      "items",
      /780/,
    ],
  ];
  for (const [name, mutate, field, message] of cases) {
    it(name, () => {
      const raw = clone(SALE_SN);
      mutate(raw);
      const e = refusal(raw);
      expect(e.field).toBe(field);
      if (message) expect(e.message).toMatch(message);
    });
  }

  it("a sale that is not an object", () => {
    expect(refusal(null).message).toMatch(/object/);
    expect(refusal([]).message).toMatch(/object/);
  });
});

describe("limits on each value (11 integer digits for qCom/vUnCom, 13 for money)", () => {
  const field = (mutate: (s: Mutable) => void): string | undefined => {
    const raw = clone(SALE_SN);
    mutate(raw);
    try {
      parseSale(raw, 1);
      return undefined;
    } catch (error) {
      return (error as KioskError).message;
    }
  };
  it("refuses a quantity or unit price of 10^11 and accepts the largest value below it", () => {
    expect(field((s) => (s.items[0].quantity = 1e11))).toMatch(/items\[0\]\.quantity: must be less than/);
    expect(field((s) => (s.items[0].unitPrice = 1e11))).toMatch(/items\[0\]\.unitPrice: must be less than/);
    // 99999999999.9999 is below the limit: accepted as a quantity (refused later only by the total)
    expect(field((s) => (s.items[0].quantity = 99999999999.9999)) ?? "").not.toMatch(/quantity/);
    // 99999999999.99999999999 is the double 10^11: refused as a unit price
    expect(field((s) => (s.items[0].unitPrice = Number("99999999999.99999999999")))).toMatch(
      /unitPrice: must be less/,
    );
  });
  it("refuses money of 10^13 and a discount at the limit", () => {
    expect(field((s) => (s.payments[0].amount = 1e13))).toMatch(/payments\[0\]\.amount: must be less than/);
    expect(field((s) => (s.items[0].discount = 1e13))).toMatch(/items\[0\]\.discount: must be less than/);
    expect(field((s) => (s.payments[0].amount = 9999999999999.99))).toBeUndefined();
  });
});

describe("limits on the total", () => {
  it("accepts R$ 10.000,00 exactly without a consumer", () => {
    const raw = clone(SALE_SN);
    delete raw.customer;
    raw.items[0].unitPrice = 5000;
    raw.payments[0].amount = 10000;
    expect(() => parseSale(raw, 1)).not.toThrow();
  });
});

describe("tax fields per CRT", () => {
  it("CRT 2 and 4 use CSOSN like CRT 1", () => {
    expect(() => parseSale(SALE_SN, 2)).not.toThrow();
    expect(() => parseSale(SALE_SN, 4)).not.toThrow();
  });

  it("refuses a CSOSN for a regime normal emitter (591)", () => {
    const e = refusal(SALE_SN, 3);
    expect(e.field).toBe("items[0].tax.csosn");
    expect(e.message).toMatch(/591/);
  });

  const normalCases: Array<[string, (t: Mutable) => void, string]> = [
    ["CST 00 without icmsRate", (t) => delete t.icmsRate, "items[0].tax.icmsRate"],
    ["CST 50 (not accepted on NFC-e, 766)", (t) => (t.cst = "50"), "items[0].tax.cst"],
    [
      "CST 60 with CFOP 5102 (382)",
      (t) => {
        t.cst = "60";
        delete t.icmsRate;
      },
      "items[0].cfop",
    ],
    ["CST 20 without base reduction", (t) => (t.cst = "20"), "items[0].tax.icmsBaseReduction"],
    [
      "a base reduction of 100",
      (t) => {
        t.cst = "20";
        t.icmsBaseReduction = 100;
      },
      "items[0].tax.icmsBaseReduction",
    ],
    ["a rate above 100", (t) => (t.icmsRate = 100.5), "items[0].tax.icmsRate"],
    ["a rate with 5 decimals", (t) => (t.icmsRate = 18.00001), "items[0].tax.icmsRate"],
    ["PIS 01 without rate", (t) => delete t.pis.rate, "items[0].tax.pis.rate"],
    ["PIS 07 with a rate", (t) => (t.pis = { cst: "07", rate: 1 }), "items[0].tax.pis.rate"],
    ["COFINS 03 (per quantity: not supported)", (t) => (t.cofins.cst = "03"), "items[0].tax.cofins.cst"],
    ["missing pis", (t) => delete t.pis, "items[0].tax.pis"],
    ["IBS/CBS CST 200", (t) => (t.ibsCbs = { cst: "200", cClassTrib: "200001" }), "items[0].tax.ibsCbs.cst"],
    ["IBS/CBS 410 without cClassTrib", (t) => (t.ibsCbs = { cst: "410" }), "items[0].tax.ibsCbs.cClassTrib"],
    [
      "IBS/CBS 410 with a rate",
      (t) => (t.ibsCbs = { cst: "410", cClassTrib: "410001", cbsRate: 0.9 }),
      "items[0].tax.ibsCbs.cbsRate",
    ],
  ];
  for (const [name, mutate, field] of normalCases) {
    it(name, () => {
      const raw = clone(SALE_NORMAL);
      mutate(raw.items[0].tax);
      expect(refusal(raw, 3).field).toBe(field);
    });
  }

  it("defaults cClassTrib 000001 for IBS/CBS CST 000", () => {
    const raw = clone(SALE_NORMAL);
    raw.items[0].tax.ibsCbs = { cst: "000" };
    const tax = parseSale(raw, 3).items[0]!.tax;
    expect(tax).toMatchObject({ ibsCbs: { cst: "000", cClassTrib: "000001" } });
  });
});

describe("garbage never crashes parseSale (common.md rule 7)", () => {
  const onlyKioskErrors = (raw: unknown, crt: 1 | 3): void => {
    try {
      parseSale(raw, crt);
    } catch (error) {
      expect(error).toBeInstanceOf(KioskError);
      expect((error as KioskError).code).toBe("KIOSK_ERR_SALE_INVALID");
    }
  };

  it("any JSON-like value", () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true }),
        (raw) => onlyKioskErrors(raw, 1),
      ),
      { numRuns: 500 },
    );
  });

  it("a valid sale with one field replaced by anything", () => {
    const paths: Array<(s: Mutable, v: unknown) => void> = [
      (s, v) => (s.items[0].tax = v),
      (s, v) => (s.items[0].tax.pis = v),
      (s, v) => (s.items[0].quantity = v),
      (s, v) => (s.items[1] = v),
      (s, v) => (s.payments[0].card = v),
      (s, v) => (s.payments = v),
      (s, v) => (s.customer = v),
      (s, v) => (s.discount = v),
      (s, v) => (s.items[0].tax.ibsCbs = v),
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: paths.length - 1 }), fc.anything(), (i, value) => {
        const raw = clone(SALE_NORMAL);
        paths[i]!(raw, value);
        onlyKioskErrors(raw, 3);
      }),
      { numRuns: 1000 },
    );
  });
});
