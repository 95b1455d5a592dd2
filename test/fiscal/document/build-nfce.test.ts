import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KioskError } from "../../../src/errors.js";
import { parseAccessKey } from "../../../src/fiscal/access-key.js";
import { type BuildNfceInput, buildNfce } from "../../../src/fiscal/build-nfce.js";
import type { Sale } from "../../../src/fiscal/sale.js";
import { XsdValidator } from "../../../src/xsd/xsd-validator.js";
import { HAS_SHARED, SCHEMA_DIRS } from "../../helpers/shared.js";
import { wrapForXsd } from "../../helpers/xsd-wrap.js";
import { ALPHANUMERIC_CNPJ, EMITTER_NORMAL, EMITTER_SN, SALE_NORMAL, SALE_SN } from "./sample-data.js";

const GOLDEN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../fixtures/fiscal");
// Late evening in SP, already the next day (and month) in UTC: key AAMM 2611, QR day 30.
const DH_EMI = new Date("2026-12-01T02:30:05Z");

const { customer: _customer, ...SALE_SN_ANONYMOUS } = SALE_SN;

function input(overrides: Partial<BuildNfceInput>): BuildNfceInput {
  return {
    sale: SALE_SN_ANONYMOUS as unknown as Sale,
    emitter: EMITTER_SN,
    environment: "producao",
    series: 1,
    nNF: 1,
    cNF: "48273619",
    tpEmis: 1,
    dhEmi: DH_EMI,
    verProc: "nfce-kiosk 0.1.0",
    ...overrides,
  };
}

const CASES = {
  "crt1-offline": input({
    tpEmis: 9,
    nNF: 102,
    contingency: {
      dhCont: new Date("2026-12-01T02:10:00Z"),
      xJust: "Falha de comunicacao com a SEFAZ autorizadora",
    },
  }),
  "crt1-online-consumer": input({ sale: SALE_SN as unknown as Sale, environment: "homologacao", nNF: 103 }),
  "crt3-ibscbs": input({
    sale: SALE_NORMAL as unknown as Sale,
    emitter: EMITTER_NORMAL,
    nNF: 104,
    respTec: {
      cnpj: "06157250000116",
      contact: "Suporte Técnico",
      email: "suporte@example.com.br",
      phone: "1133334444",
      idCSRT: "01",
      csrt: "G8063VRTNDMO886SFNK5LDUDEI24XJ22YIPO",
    },
  }),
  "crt3-pl009": input({
    sale: SALE_NORMAL as unknown as Sale,
    emitter: EMITTER_NORMAL,
    nNF: 104,
    layout: "PL_009",
  }),
} as const;

type CaseName = keyof typeof CASES;
const built = Object.fromEntries(Object.entries(CASES).map(([k, v]) => [k, buildNfce(v)])) as Record<
  CaseName,
  ReturnType<typeof buildNfce>
>;

const tag = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]!);

describe("golden unsigned documents (test/fixtures/fiscal)", () => {
  for (const name of Object.keys(CASES) as CaseName[]) {
    it(`${name}.xml is unchanged`, () => {
      const file = join(GOLDEN_DIR, `${name}.xml`);
      if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, built[name].xml);
      }
      expect(built[name].xml).toBe(readFileSync(file, "utf8"));
    });
  }
});

describe("document shape", () => {
  it("is one line of XML with the default namespace only, no declaration, no empty or self-closed elements", () => {
    for (const { xml } of Object.values(built)) {
      expect(xml.startsWith('<NFe xmlns="http://www.portalfiscal.inf.br/nfe"><infNFe Id="NFe')).toBe(true);
      expect(xml.endsWith("</infNFe></NFe>")).toBe(true);
      expect(xml).not.toMatch(/>\s+</);
      expect(xml).not.toMatch(/<[^>]*\/>/);
      expect(xml).not.toMatch(/<(\w+)[^>]*><\/\1>/);
      expect(xml).not.toMatch(/<\w+:/);
      expect(xml).not.toContain("<?xml");
      expect(xml).not.toContain("infNFeSupl");
    }
  });

  it("escapes the sale's & < > and keeps quotes literal (C14N form)", () => {
    expect(built["crt3-ibscbs"].xml).toContain("<xProd>PAO DE QUEIJO &amp; CAFE &lt;COMBO&gt;</xProd>");
  });
});

describe("offline CRT 1 note ([A4] §4)", () => {
  const b = built["crt1-offline"];
  it("follows the UF's local date for dhEmi, the key's AAMM and the QR day, whatever the host TZ", () => {
    expect(b.dhEmi).toBe("2026-11-30T23:30:05-03:00");
    expect(parseAccessKey(b.chave)).toMatchObject({
      cUF: "35",
      aamm: "2611",
      nNF: 102,
      tpEmis: 9,
      cNF: "48273619",
    });
    expect(b.dayOfMonth).toBe("30");
  });

  it("carries tpEmis 9, dhCont and xJust and the fixed NFC-e indicators", () => {
    expect(tag(b.xml, "tpEmis")).toEqual(["9"]);
    expect(tag(b.xml, "dhCont")).toEqual(["2026-11-30T23:10:00-03:00"]);
    expect(tag(b.xml, "xJust")).toEqual(["Falha de comunicacao com a SEFAZ autorizadora"]);
    for (const [name, value] of Object.entries({
      idDest: "1",
      finNFe: "1",
      indFinal: "1",
      indPres: "1",
      tpImp: "4",
      procEmi: "0",
      modFrete: "9",
      mod: "65",
      tpAmb: "1",
    })) {
      expect(tag(b.xml, name), name).toEqual([value]);
    }
    expect(tag(b.xml, "cDV")).toEqual([b.chave.slice(43)]);
    expect(b.xml).not.toContain("<dest>");
    expect(b.dest).toBeUndefined();
  });

  it("computes change: 30.00 paid for 25.00 (rules 866/869)", () => {
    expect(b.vNF).toBe("25.00");
    expect(tag(b.xml, "vTroco")).toEqual(["5.00"]);
    expect(tag(b.xml, "vDesc")).toEqual(["0.00"]); // only the total; no item vDesc of zero (TDec_1302Opc)
  });
});

describe("online CRT 1 note with consumer in homologação", () => {
  const b = built["crt1-online-consumer"];
  it("uses the homologação literals ([MOC-A1] I04-10 rejection 373, E04-20 rejection 598)", () => {
    expect(tag(b.xml, "xProd")).toEqual([
      "NOTA FISCAL EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL",
    ]);
    expect(b.xml).toContain(
      "<dest><CPF>12345678909</CPF><xNome>NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL</xNome><indIEDest>9</indIEDest></dest>",
    );
    expect(tag(b.xml, "tpAmb")).toEqual(["2"]);
    expect(b.dest).toEqual({ type: "CPF", value: "12345678909" });
  });

  it("has no contingency fields for tpEmis 1 ([MOC-A1] B28-10, rejection 556)", () => {
    expect(b.xml).not.toContain("dhCont");
    expect(b.xml).not.toContain("xJust");
  });

  it("keeps the consumer's name in produção", () => {
    const prod = buildNfce(input({ sale: SALE_SN as unknown as Sale }));
    expect(tag(prod.xml, "xNome")).toContain("FULANO");
    expect(tag(prod.xml, "xProd")).toEqual(["CAFE TORRADO 500G"]);
  });
});

describe("CRT 3 note with IBS/CBS (hand-computed values)", () => {
  const b = built["crt3-ibscbs"];
  // vProd 15.00 + 3.33 + 8.97 = 27.30; sale discount 1.00 by net value: 0.54/0.12/0.32, the 2 cents
  // left go to the largest item -> 0.56/0.12/0.32.
  it("apportions the sale discount exactly", () => {
    expect(tag(b.xml, "vProd")).toEqual(["15.00", "3.33", "8.97", "27.30"]);
    expect(tag(b.xml, "vDesc")).toEqual(["0.56", "0.12", "0.32", "1.00"]);
    expect(b.vNF).toBe("26.30");
    expect(tag(b.xml, "vTroco")).toEqual(["3.70"]);
  });

  it("computes ICMS 00 and 20, PIS/COFINS and their totals", () => {
    // item 1: 14.44 × 18% = 2.5992 -> 2.60; item 3: 8.65 × (1 − 0.3333) = 5.766955 -> 5.77, × 18% = 1.04
    expect(b.xml).toContain(
      "<ICMS00><orig>0</orig><CST>00</CST><modBC>3</modBC><vBC>14.44</vBC><pICMS>18.00</pICMS><vICMS>2.60</vICMS></ICMS00>",
    );
    expect(b.xml).toContain(
      "<ICMS20><orig>0</orig><CST>20</CST><modBC>3</modBC><pRedBC>33.33</pRedBC><vBC>5.77</vBC><pICMS>18.00</pICMS><vICMS>1.04</vICMS></ICMS20>",
    );
    expect(b.xml).toContain("<ICMS60><orig>0</orig><CST>60</CST></ICMS60>");
    // 14.44 × 1.65% = 0.238 -> 0.24; × 7.6% = 1.097 -> 1.10
    expect(b.xml).toContain(
      "<PISAliq><CST>01</CST><vBC>14.44</vBC><pPIS>1.65</pPIS><vPIS>0.24</vPIS></PISAliq>",
    );
    expect(b.xml).toContain("<COFINSNT><CST>04</CST></COFINSNT>");
    expect(b.xml).toContain(
      "<PISOutr><CST>99</CST><vBC>8.65</vBC><pPIS>0.00</pPIS><vPIS>0.00</vPIS></PISOutr>",
    );
    const icmsTot = /<ICMSTot>(.*)<\/ICMSTot>/.exec(b.xml)![1]!;
    expect(tag(icmsTot, "vBC")).toEqual(["20.21"]);
    expect(tag(icmsTot, "vICMS")).toEqual(["3.64"]);
    expect(tag(icmsTot, "vPIS")).toEqual(["0.24"]);
    expect(tag(icmsTot, "vCOFINS")).toEqual(["1.10"]);
    expect(tag(icmsTot, "vNF")).toEqual(["26.30"]);
  });

  it("computes IBS/CBS on vProd − vDesc − vPIS − vCOFINS − vICMS (NT 2025.002 UB16-10) at 2026 rates", () => {
    // bases 10.50, 3.21, 7.61; IBS UF 0.1%: 0.01, 0.00, 0.01; CBS 0.9%: 0.09, 0.03, 0.07
    expect(tag(b.xml, "vBCIBSCBS")).toEqual(["21.32"]);
    expect(tag(b.xml, "vIBSUF")).toEqual(["0.01", "0.00", "0.01", "0.02"]);
    expect(tag(b.xml, "vCBS")).toEqual(["0.09", "0.03", "0.07", "0.19"]);
    expect(tag(b.xml, "pCBS")).toEqual(["0.90", "0.90", "0.90"]);
    expect(tag(b.xml, "pIBSMun")).toEqual(["0.00", "0.00", "0.00"]);
    expect(tag(b.xml, "cClassTrib")).toEqual(["000001", "000001", "000001"]);
    // vItem = vProd − vDesc in 2026 (VB01-10 Exceção 1); vNFTot = Σ vItem
    expect(tag(b.xml, "vItem")).toEqual(["14.44", "3.21", "8.65"]);
    expect(tag(b.xml, "vNFTot")).toEqual(["26.30"]);
  });

  it("adds infRespTec with hashCSRT = Base64(SHA-1(CSRT + chave))", () => {
    expect(b.xml).toMatch(/<infRespTec><CNPJ>06157250000116<\/CNPJ><xContato>Suporte Técnico<\/xContato>/);
    // checked with: printf '%s' "$CSRT$chave" | openssl sha1 -binary | base64
    expect(tag(b.xml, "hashCSRT")).toEqual(["eq/2SWm7Q5bgIKt3yYvzz/YR4as="]);
  });

  it("layout PL_009 leaves out every IBS/CBS element and keeps the rest", () => {
    const pl9 = built["crt3-pl009"].xml;
    for (const name of ["IBSCBS", "IBSCBSTot", "vNFTot", "vItem", "gIBSCBS"])
      expect(pl9).not.toContain(`<${name}>`);
    expect(tag(pl9, "vNF")).toEqual(["26.30"]);
    expect(built["crt3-pl009"].chave).toBe(b.chave);
  });
});

describe("alphanumeric CNPJ (NT 2026.004)", () => {
  it("goes into emit, dest and the key", () => {
    const b = buildNfce(
      input({
        emitter: { ...EMITTER_SN, cnpj: ALPHANUMERIC_CNPJ },
        sale: { ...SALE_SN, customer: { cnpj: ALPHANUMERIC_CNPJ } } as unknown as Sale,
      }),
    );
    expect(b.chave.slice(6, 20)).toBe(ALPHANUMERIC_CNPJ);
    expect(b.xml).toContain(`<emit><CNPJ>${ALPHANUMERIC_CNPJ}</CNPJ>`);
    expect(b.xml).toContain(`<dest><CNPJ>${ALPHANUMERIC_CNPJ}</CNPJ><indIEDest>9</indIEDest></dest>`);
    expect(b.dest).toEqual({ type: "CNPJ", value: ALPHANUMERIC_CNPJ });
  });

  it("pads a CPF emitter to 14 positions in the key (NT 2023.002)", () => {
    const b = buildNfce(
      input({ emitter: { ...EMITTER_SN, cnpj: undefined, cpf: "90483926086" }, series: 920 }),
    );
    expect(b.chave.slice(6, 20)).toBe("00090483926086");
    expect(b.xml).toContain("<emit><CPF>90483926086</CPF>");
  });
});

describe("refusals", () => {
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(KioskError);
      return (e as KioskError).code;
    }
    return "accepted";
  };
  it("checks the contingency fields (B28-10/20/40) and the numbering", () => {
    expect(code(() => buildNfce(input({ tpEmis: 9 })))).toBe("KIOSK_ERR_INTERNAL");
    const contingency = { dhCont: DH_EMI, xJust: "Falha de comunicacao com a SEFAZ" };
    expect(code(() => buildNfce(input({ contingency })))).toBe("KIOSK_ERR_INTERNAL");
    const late = { ...contingency, dhCont: new Date(DH_EMI.getTime() + 1000) };
    expect(code(() => buildNfce(input({ tpEmis: 9, contingency: late })))).toBe("KIOSK_ERR_INTERNAL");
    const short = { ...contingency, xJust: "sem rede 🙁      " };
    expect(code(() => buildNfce(input({ tpEmis: 9, contingency: short })))).toBe("KIOSK_ERR_CONFIG_INVALID");
    expect(code(() => buildNfce(input({ cNF: "12345678" })))).toBe("KIOSK_ERR_INTERNAL");
    expect(code(() => buildNfce(input({ cNF: "00000001", nNF: 1 })))).toBe("KIOSK_ERR_INTERNAL");
    expect(code(() => buildNfce(input({ nNF: 0 })))).toBe("KIOSK_ERR_INTERNAL");
  });

  it("checks the emitter it is given", () => {
    expect(code(() => buildNfce(input({ emitter: { ...EMITTER_SN, name: "🏪🏪" } })))).toBe(
      "KIOSK_ERR_CONFIG_INVALID",
    );
    expect(code(() => buildNfce(input({ emitter: { ...EMITTER_SN, cnpj: "06157250000117" } })))).toBe(
      "KIOSK_ERR_CONFIG_INVALID",
    );
    expect(code(() => buildNfce(input({ emitter: { ...EMITTER_SN, cnae: "4721102" } })))).toBe(
      "KIOSK_ERR_CONFIG_INVALID",
    );
  });

  it("keeps series 920-969 for CPF emitters only (NT 2023.002 §4.1)", () => {
    const cpfEmitter = { ...EMITTER_SN, cnpj: undefined, cpf: "90483926086" };
    expect(code(() => buildNfce(input({ emitter: cpfEmitter, series: 1 })))).toBe("KIOSK_ERR_CONFIG_INVALID");
    expect(code(() => buildNfce(input({ series: 920 })))).toBe("KIOSK_ERR_CONFIG_INVALID");
  });

  it("re-validates the sale (a CST sale for a CRT 1 emitter)", () => {
    expect(code(() => buildNfce(input({ sale: SALE_NORMAL as unknown as Sale })))).toBe(
      "KIOSK_ERR_SALE_INVALID",
    );
  });
});

describe("host TZ does not change the document", () => {
  it("builds the same bytes under several process.env.TZ values", () => {
    const saved = process.env.TZ;
    try {
      const outputs = new Set<string>();
      for (const tz of ["UTC", "America/Sao_Paulo", "Asia/Tokyo", "Pacific/Kiritimati"]) {
        process.env.TZ = tz;
        outputs.add(buildNfce(CASES["crt1-offline"]).xml);
      }
      expect(outputs.size).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe.skipIf(!HAS_SHARED)("official schemas", () => {
  const alnum = buildNfce(
    input({
      emitter: { ...EMITTER_NORMAL, cnpj: ALPHANUMERIC_CNPJ },
      sale: {
        ...SALE_NORMAL,
        customer: { cnpj: ALPHANUMERIC_CNPJ, name: "CLIENTE ALFA" },
      } as unknown as Sale,
    }),
  );

  it("PL_010_V1.30 accepts every document", async () => {
    const docs = [
      built["crt1-offline"],
      built["crt1-online-consumer"],
      built["crt3-ibscbs"],
      built["crt3-pl009"],
      alnum,
    ];
    const results = await new XsdValidator(SCHEMA_DIRS.PL_010_V1_30).validateMany(
      docs.map((d) => wrapForXsd(d.xml)),
    );
    expect(results.flatMap((r) => r.errors)).toEqual([]);
  });

  it("PL_009_V4 accepts the documents without IBS/CBS and numeric keys", async () => {
    const docs = [built["crt1-offline"], built["crt1-online-consumer"], built["crt3-pl009"]];
    const results = await new XsdValidator(SCHEMA_DIRS.PL_009_V4).validateMany(
      docs.map((d) => wrapForXsd(d.xml)),
    );
    expect(results.flatMap((r) => r.errors)).toEqual([]);
  });

  it("PL_009_V4 refuses the IBS/CBS groups, which is why layout PL_009 exists", async () => {
    const [result] = await new XsdValidator(SCHEMA_DIRS.PL_009_V4).validateMany([
      wrapForXsd(built["crt3-ibscbs"].xml),
    ]);
    expect(result!.valid).toBe(false);
    expect(result!.errors.join("\n")).toMatch(/IBSCBS/);
  });
});
