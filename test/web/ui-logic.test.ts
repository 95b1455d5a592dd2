// The UI's pure modules (plain browser JS) checked in Node: totals, change, sale JSON, parsing, CPF.
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const publicDir = fileURLToPath(new URL("../../src/web/public/", import.meta.url));
// biome-ignore lint/suspicious/noExplicitAny: untyped browser modules
const load = async (name: string): Promise<any> => import(pathToFileURL(`${publicDir}${name}`).href);

const coffee = {
  code: "1001",
  gtin: "7891000100103",
  description: "CAFE",
  ncm: "09012100",
  cfop: "5102",
  unit: "UN",
  price: 12.5,
  weighed: false,
  tax: { origin: 0, csosn: "102" },
};
const bread = {
  code: "1002",
  gtin: null,
  description: "PAO",
  ncm: "19052090",
  cfop: "5102",
  unit: "KG",
  price: 15.9,
  weighed: true,
  tax: { origin: 0, csosn: "102" },
};

describe("UI cart.js", () => {
  it("merges repeated unit items, keeps weighed lines apart, totals in centavos", async () => {
    const cart = await load("cart.js");
    let items = cart.addItem([], coffee, 1);
    items = cart.addItem(items, coffee, 2);
    items = cart.addItem(items, bread, 0.333);
    items = cart.addItem(items, bread, 0.5);
    expect(items.map((i: { quantity: number }) => i.quantity)).toEqual([3, 0.333, 0.5]);
    // 37,50 + round(5,2947)=5,29 + 7,95
    expect(cart.cartTotal(items)).toBe(50.74);
    expect(cart.cartTotal(cart.removeItem(items, 0))).toBe(13.24);
  });

  it("computes change only when the cash covers the total", async () => {
    const cart = await load("cart.js");
    expect(cart.changeDue(32.95, 50)).toBe(17.05);
    expect(cart.changeDue(32.95, 32.95)).toBe(0);
    expect(cart.changeDue(32.95, 32.94)).toBeNull();
    expect(cart.changeDue(10, null)).toBeNull();
  });

  it("builds the sale JSON of interfaces.md (no gtin key without GTIN, cash amount as received)", async () => {
    const cart = await load("cart.js");
    const items = cart.addItem(cart.addItem([], coffee, 2), bread, 0.5);
    const cash = cart.buildSale(items, { type: "01", received: 50 }, "52998224725");
    expect(cash).toEqual({
      items: [
        {
          code: "1001",
          gtin: "7891000100103",
          description: "CAFE",
          ncm: "09012100",
          cfop: "5102",
          unit: "UN",
          quantity: 2,
          unitPrice: 12.5,
          discount: 0,
          tax: { origin: 0, csosn: "102" },
        },
        {
          code: "1002",
          description: "PAO",
          ncm: "19052090",
          cfop: "5102",
          unit: "KG",
          quantity: 0.5,
          unitPrice: 15.9,
          discount: 0,
          tax: { origin: 0, csosn: "102" },
        },
      ],
      payments: [{ type: "01", amount: 50 }],
      customer: { cpf: "52998224725" },
    });
    const pix = cart.buildSale(items, { type: "17", received: null }, null);
    expect(pix.payments).toEqual([{ type: "17", amount: 32.95 }]);
    expect(pix.customer).toBeUndefined();
  });
});

describe("UI cart.js, payment in parts", () => {
  it("subtracts the parts taken from what is due, in centavos", async () => {
    const cart = await load("cart.js");
    expect(cart.remainingDue(39.96, [])).toBe(39.96);
    expect(cart.remainingDue(39.96, [{ type: "17", amount: 20 }])).toBe(19.96);
    expect(
      cart.remainingDue(0.3, [
        { type: "17", amount: 0.1 },
        { type: "03", amount: 0.2 },
      ]),
    ).toBe(0);
  });

  it("a part leaves something for the last payment and has whole centavos", async () => {
    const cart = await load("cart.js");
    expect(cart.partAllowed(20, 39.96)).toBe(true);
    expect(cart.partAllowed(0.01, 39.96)).toBe(true);
    expect(cart.partAllowed(39.96, 39.96)).toBe(false);
    expect(cart.partAllowed(0, 39.96)).toBe(false);
    expect(cart.partAllowed(-5, 39.96)).toBe(false);
    expect(cart.partAllowed(1.005, 39.96)).toBe(false);
    expect(cart.partAllowed(null, 39.96)).toBe(false);
  });

  it("lists the parts first and the last payment for what remains (cash: as received)", async () => {
    const cart = await load("cart.js");
    const items = cart.addItem([], coffee, 3); // 37,50
    const parts = [{ type: "17", amount: 20 }];
    expect(cart.buildSale(items, { type: "03", received: null }, null, parts).payments).toEqual([
      { type: "17", amount: 20 },
      { type: "03", amount: 17.5 },
    ]);
    expect(cart.buildSale(items, { type: "01", received: 50 }, null, parts).payments).toEqual([
      { type: "17", amount: 20 },
      { type: "01", amount: 50 },
    ]);
  });
});

describe("UI format.js", () => {
  it("parses pt-BR numbers and refuses garbage", async () => {
    const f = await load("format.js");
    expect(f.parseNumber("0,350")).toBe(0.35);
    expect(f.parseNumber("1.234,50")).toBe(1234.5);
    expect(f.parseNumber("50")).toBe(50);
    expect(f.parseNumber("12.5")).toBe(12.5);
    for (const bad of ["", "abc", "-1", "1,2,3", "1e3"]) expect(f.parseNumber(bad), bad).toBeNull();
  });

  it("checks CPF digits and formats countdowns", async () => {
    const f = await load("format.js");
    expect(f.isValidCpf("529.982.247-25")).toBe(true);
    expect(f.isValidCpf("52998224724")).toBe(false);
    expect(f.isValidCpf("11111111111")).toBe(false);
    expect(f.countdown(3_723_000)).toBe("01:02:03");
    expect(f.countdown(-61_000)).toBe("00:01:01");
  });
});
