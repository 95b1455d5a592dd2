import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog.js";
import { parseCsv } from "../../src/catalog/csv.js";
import { isValidGtin, parseDecimal } from "../../src/catalog/product.js";
import { parseWeighedLabel } from "../../src/catalog/weighed-barcode.js";

const HEADER = "code;gtin;description;ncm;cfop;unit;price;weighed;origin;csosn";
const GOOD = [
  HEADER,
  "1001;7891000100103;CAFE TORRADO 500G;09012100;5102;UN;12,50;0;0;102",
  '1002;;"PAO FRANCES; KG";19052090;5102;KG;15.90;1;0;102',
  "00042;;QUEIJO MUSSARELA;04061010;5102;KG;49,90;sim;0;102",
].join("\r\n");

/** EAN-13 with its check digit computed here (independently of the code under test). */
function ean13(first12: string): string {
  const sum = [...first12].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return first12 + ((10 - (sum % 10)) % 10);
}

describe("csv", () => {
  it("reads quotes, doubled quotes, ';' or ',', CRLF, and keeps line numbers", () => {
    const recs = parseCsv('a,b\n"x,1","say ""hi"""\n\n"multi\nline",z\n');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(recs[1]?.fields).toEqual(["x,1", 'say "hi"']);
    expect(recs[2]?.fields).toEqual(["multi\nline", "z"]);
    expect(parseCsv("a;b\r\n1;2")[1]?.fields).toEqual(["1", "2"]);
  });

  it("parses pt-BR and plain decimals, refuses garbage", () => {
    expect(parseDecimal("1.234,50")).toBe(1234.5);
    expect(parseDecimal("12,5")).toBe(12.5);
    expect(parseDecimal("12.5")).toBe(12.5);
    expect(parseDecimal("12a")).toBeNull();
    expect(parseDecimal("-3")).toBeNull();
  });

  it("checks GTIN check digits", () => {
    expect(isValidGtin("7891000100103")).toBe(true);
    expect(isValidGtin("7891000100104")).toBe(false);
    expect(isValidGtin(ean13("789100010010"))).toBe(true);
  });
});

describe("Catalog", () => {
  it("imports a CSV and finds products by code and GTIN", () => {
    const catalog = new Catalog({ db: new Database(":memory:") });
    expect(catalog.importCsv(GOOD)).toEqual({ imported: 3, errors: [] });
    expect(catalog.lookup("1001")?.product).toMatchObject({
      description: "CAFE TORRADO 500G",
      price: 12.5,
      weighed: false,
    });
    expect(catalog.lookup("7891000100103")).toMatchObject({ via: "gtin", product: { code: "1001" } });
    expect(catalog.lookup("1002")?.product).toMatchObject({
      description: "PAO FRANCES; KG",
      weighed: true,
      tax: { origin: 0, csosn: "102" },
    });
    expect(catalog.lookup("9999")).toBeNull();
  });

  it("reports every bad line by number and field, and imports nothing then", () => {
    const catalog = new Catalog({ db: new Database(":memory:") });
    catalog.importCsv(GOOD);
    const bad = [
      HEADER,
      "2001;7891000100104;X;09012100;5102;UN;1;0;0;102",
      "2002;;Y;0901;5102;UN;1;0;0;102",
      "2003;;Z;09012100;6102;UN;1;0;0;102",
      "2004;;W;09012100;5102;UN;abc;0;0;102",
      "2005;;V;09012100;5102;UN;1;0",
      "1001;;CHANGED;09012100;5102;UN;1;0;0;102",
      "1001;;DUP;09012100;5102;UN;1;0;0;102",
      "2009;7891000100103;SAME GTIN AS 2001;09012100;5102;UN;1;0;0;102",
      "2010;7891000100103;SAME GTIN AGAIN;09012100;5102;UN;1;0;0;102",
    ].join("\n");
    const report = catalog.importCsv(bad);
    expect(report.imported).toBe(0);
    expect(report.errors.map((e) => [e.line, e.field])).toEqual([
      [2, "gtin"],
      [3, "ncm"],
      [4, "cfop"],
      [5, "price"],
      [6, "*"],
      [8, "code"],
      [10, "gtin"],
    ]);
    expect(catalog.lookup("1001")?.product.description).toBe("CAFE TORRADO 500G");
    expect(catalog.count()).toBe(3);
  });

  it("reads CRT 3 tax columns into the sale's tax shape, and checks them", () => {
    const catalog = new Catalog({ db: new Database(":memory:") });
    const header =
      "code;description;ncm;cfop;unit;price;origin;cst;icmsRate;pisCst;pisRate;cofinsCst;cofinsRate;ibsCbsCst;cClassTrib";
    const report = catalog.importCsv(
      [
        header,
        "1;ARROZ;10063021;5102;UN;20;0;00;18;01;1,65;01;7,6;000;000001",
        "2;FEIJAO;07133319;5102;UN;8;0;00;18;;;01;7,6;;",
      ].join("\n"),
    );
    expect(report.errors).toEqual([
      { line: 3, field: "pisCst", message: "PIS: CST de 2 dígitos obrigatório com cst" },
    ]);
    const ok = catalog.importCsv(
      [header, "1;ARROZ;10063021;5102;UN;20;0;00;18;01;1,65;01;7,6;000;000001"].join("\n"),
    );
    expect(ok.imported).toBe(1);
    expect(catalog.lookup("1")?.product.tax).toEqual({
      origin: 0,
      cst: "00",
      icmsRate: 18,
      pis: { cst: "01", rate: 1.65 },
      cofins: { cst: "01", rate: 7.6 },
      ibsCbs: { cst: "000", cClassTrib: "000001" },
    });
  });

  it("moves a GTIN to the product that now claims it (re-import)", () => {
    const catalog = new Catalog({ db: new Database(":memory:") });
    catalog.importCsv(GOOD);
    expect(
      catalog.importCsv([HEADER, "5000;7891000100103;CAFE NOVO;09012100;5102;UN;13;0;0;102"].join("\n"))
        .imported,
    ).toBe(1);
    expect(catalog.lookup("7891000100103")?.product.code).toBe("5000");
    expect(catalog.lookup("1001")?.product.gtin).toBeNull();
  });

  it("refuses a missing or unknown column on line 1", () => {
    const catalog = new Catalog({ db: new Database(":memory:") });
    const report = catalog.importCsv("code;descricao\n1;x");
    expect(report.errors).toContainEqual(expect.objectContaining({ line: 1, field: "descricao" }));
    expect(report.errors).toContainEqual(expect.objectContaining({ line: 1, field: "ncm" }));
    expect(() => catalog.importCsv("")).toThrow(expect.objectContaining({ code: "KIOSK_ERR_INPUT_INVALID" }));
  });

  it("reads scale labels 2 CCCCC VVVVVV D as total price (default) or weight", () => {
    const db = new Database(":memory:");
    const byPrice = new Catalog({ db });
    byPrice.importCsv(GOOD);
    // R$ 24,95 of mussarela at R$ 49,90/kg = 0.5 kg
    const label = ean13("200042002495");
    expect(parseWeighedLabel(label)).toEqual({ code: "00042", value: 2495 });
    expect(byPrice.lookup(label)).toMatchObject({ via: "label", quantity: 0.5, product: { code: "00042" } });
    const byWeight = new Catalog({ db, weighedMode: "weight" });
    // product code 01002 matches catalog code "1002" (zero-padded on the label); 750 g
    expect(byWeight.lookup(ean13("201002000750"))).toMatchObject({
      quantity: 0.75,
      product: { code: "1002" },
    });
    // bad check digit, or a label for a product that is not weighed
    expect(byPrice.lookup(label.slice(0, 12) + ((Number(label[12]) + 1) % 10))).toBeNull();
    expect(byPrice.lookup(ean13("201001000100"))).toBeNull();
  });
});
