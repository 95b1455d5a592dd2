// Property test: thousands of generated sales (random items, 3-4 decimal quantities, 10-decimal
// prices, discounts, payments, customers, awkward text with emoji, accents and & < >) build into
// documents that keep every totals rule and pass both official schema sets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accessKeyCheckDigit, generateCNF } from "../../../src/fiscal/access-key.js";
import { type BuiltNfce, buildNfce } from "../../../src/fiscal/build-nfce.js";
import type { Sale } from "../../../src/fiscal/sale.js";
import { XsdValidator } from "../../../src/xsd/xsd-validator.js";
import { HAS_SHARED, SCHEMA_DIRS } from "../../helpers/shared.js";
import { wrapForXsd } from "../../helpers/xsd-wrap.js";
import { type GenSale, saleArb } from "./property-gen.js";
import { EMITTER_SN } from "./sample-data.js";

const RUNS = Number(process.env.FISCAL_PROPERTY_RUNS ?? 2000);
const UF_OFFSET: Record<string, string> = {
  AM: "-04:00",
  MT: "-04:00",
  MS: "-04:00",
  RO: "-04:00",
  RR: "-04:00",
  AC: "-05:00",
};

const tags = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]!);
const one = (xml: string, name: string): string | undefined => tags(xml, name)[0];

/** "12.34" -> 1234n; asserts the TDec_1302 form. */
function cents(text: string | undefined): bigint {
  expect(text).toMatch(/^(0|[1-9]\d{0,12})\.\d{2}$/);
  return BigInt(text!.replace(".", ""));
}
/** "18.00" -> 180000n (percent × 10^4) */
function rate4(text: string | undefined): bigint {
  expect(text).toMatch(/^\d{1,3}\.\d{2,4}$/);
  const [i, f] = text!.split(".");
  return BigInt(i! + f!.padEnd(4, "0"));
}
const pct = (base: bigint, r4: bigint): bigint => (2n * base * r4 + 1_000_000n) / 2_000_000n;
const sum = (xs: bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);

function build(g: GenSale, layout: "PL_010" | "PL_009"): BuiltNfce {
  let seed = g.nNF;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return buildNfce({
    sale: g.sale as unknown as Sale,
    emitter: { ...EMITTER_SN, crt: g.crt, address: { ...EMITTER_SN.address, uf: g.uf as "SP" } },
    environment: g.environment,
    series: g.nNF % 900, // 0-899: CNPJ emitter
    nNF: g.nNF,
    cNF: generateCNF(random, g.nNF),
    tpEmis: g.tpEmis,
    dhEmi: g.dhEmi,
    contingency:
      g.tpEmis === 9
        ? { dhCont: new Date(g.dhEmi.getTime() - 60_000), xJust: "Sem conexao com a SEFAZ: contingencia" }
        : undefined,
    verProc: "nfce-kiosk 0.1.0",
    layout,
  });
}

/** Every rule checked from the XML text and the generator's integers, not from the builder's numbers. */
function checkRules(g: GenSale, b: BuiltNfce): void {
  const xml = b.xml;
  expect(xml).not.toMatch(/>\s+</);
  expect(xml).not.toMatch(/<(\w+)[^>]*><\/\1>/);
  const dets = [...xml.matchAll(/<det nItem="(\d+)">(.*?)<\/det>/g)];
  expect(dets.map((d) => Number(d[1]))).toEqual(g.items.map((_, i) => i + 1));
  let icmsBC = 0n;
  let icms = 0n;
  let pis = 0n;
  let cofins = 0n;
  let ibsBase = 0n;
  let ibsUF = 0n;
  let cbs = 0n;
  let vItems = 0n;
  const vProds: bigint[] = [];
  const vDescs: bigint[] = [];
  dets.forEach((d, i) => {
    const det = d[2]!;
    const it = g.items[i]!;
    // vProd = round-half-up(qCom × vUnCom)
    const vProd = cents(one(det, "vProd"));
    expect(vProd).toBe((it.q4 * it.p10 + 500_000_000_000n) / 1_000_000_000_000n);
    const vDesc = det.includes("<vDesc>") ? cents(one(det, "vDesc")) : 0n;
    expect(vDesc).toBeGreaterThanOrEqual(it.discountCents);
    expect(vDesc).toBeLessThanOrEqual(vProd); // rule 483
    vProds.push(vProd);
    vDescs.push(vDesc);
    const net = vProd - vDesc;
    const icmsGroup = /<ICMS>(.*)<\/ICMS>/.exec(det)![1]!;
    let vICMS = 0n;
    if (/<ICMS(00|20)>/.test(icmsGroup)) {
      const vBC = cents(one(icmsGroup, "vBC"));
      const reduction = one(icmsGroup, "pRedBC");
      expect(vBC).toBe(reduction === undefined ? net : pct(net, 1_000_000n - rate4(reduction)));
      vICMS = cents(one(icmsGroup, "vICMS"));
      expect(vICMS).toBe(pct(vBC, rate4(one(icmsGroup, "pICMS"))));
      icmsBC += vBC;
      icms += vICMS;
    }
    const taxValue = (kind: "PIS" | "COFINS"): bigint => {
      const group = new RegExp(`<${kind}>(.*)</${kind}>`).exec(det)?.[1];
      if (group === undefined || group.includes(`<${kind}NT>`)) return 0n;
      expect(cents(one(group, "vBC"))).toBe(net);
      const value = cents(one(group, `v${kind}`));
      expect(value).toBe(pct(net, rate4(one(group, `p${kind}`))));
      return value;
    };
    const vPIS = taxValue("PIS");
    const vCOFINS = taxValue("COFINS");
    pis += vPIS;
    cofins += vCOFINS;
    const gIBSCBS = /<gIBSCBS>(.*)<\/gIBSCBS>/.exec(det)?.[1];
    if (gIBSCBS !== undefined) {
      const base = cents(one(gIBSCBS, "vBC"));
      expect(base).toBe(net - vPIS - vCOFINS - vICMS); // UB16-10
      const vIBSUF = cents(one(gIBSCBS, "vIBSUF"));
      expect(vIBSUF).toBe(pct(base, rate4(one(gIBSCBS, "pIBSUF"))));
      const vCBS = cents(one(gIBSCBS, "vCBS"));
      expect(vCBS).toBe(pct(base, rate4(one(gIBSCBS, "pCBS"))));
      expect(cents(one(gIBSCBS, "vIBS"))).toBe(vIBSUF + cents(one(gIBSCBS, "vIBSMun")));
      ibsBase += base;
      ibsUF += vIBSUF;
      cbs += vCBS;
    }
    if (det.includes("<vItem>")) {
      expect(cents(one(det, "vItem"))).toBe(net);
      vItems += net;
    }
  });
  // discounts: Σ vDesc = item discounts + sale discount, exactly
  expect(sum(vDescs)).toBe(sum(g.items.map((it) => it.discountCents)) + g.saleDiscountCents);
  const tot = /<ICMSTot>(.*)<\/ICMSTot>/.exec(xml)![1]!;
  expect(cents(one(tot, "vProd"))).toBe(sum(vProds)); // 564
  expect(cents(one(tot, "vDesc"))).toBe(sum(vDescs)); // 537
  expect(cents(one(tot, "vBC"))).toBe(icmsBC); // 531
  expect(cents(one(tot, "vICMS"))).toBe(icms); // 532
  expect(cents(one(tot, "vPIS"))).toBe(pis); // 602
  expect(cents(one(tot, "vCOFINS"))).toBe(cofins); // 603
  const vNF = cents(one(tot, "vNF"));
  expect(vNF).toBe(sum(vProds) - sum(vDescs)); // 610
  expect(b.vNF).toBe(one(tot, "vNF"));
  const ibsTot = /<IBSCBSTot>(.*)<\/IBSCBSTot>/.exec(xml)?.[1];
  if (ibsTot !== undefined) {
    expect(cents(one(ibsTot, "vBCIBSCBS"))).toBe(ibsBase);
    expect(cents(one(ibsTot, "vIBSUF"))).toBe(ibsUF);
    expect(cents(one(ibsTot, "vCBS"))).toBe(cbs);
    expect(cents(one(xml, "vNFTot"))).toBe(vItems); // W60-10
    expect(vItems).toBe(vNF);
  }
  // payments: vTroco = ΣvPag − vNF (866/869), never ΣvPag < vNF (865)
  const paid = sum(tags(xml, "vPag").map(cents));
  expect(paid).toBe(sum(g.paymentsCents));
  const vTroco = xml.includes("<vTroco>") ? cents(one(xml, "vTroco")) : 0n;
  expect(paid - vNF).toBe(vTroco);
  // key, dates and the local day
  const dhEmi = one(xml, "dhEmi")!;
  expect(dhEmi.slice(19)).toBe(UF_OFFSET[g.uf] ?? "-03:00");
  expect(b.chave.slice(2, 6)).toBe(dhEmi.slice(2, 4) + dhEmi.slice(5, 7));
  expect(b.dayOfMonth).toBe(dhEmi.slice(8, 10));
  expect(Number(b.chave[43])).toBe(accessKeyCheckDigit(b.chave.slice(0, 43)));
  if (g.environment === "homologacao")
    expect(one(xml, "xProd")).toBe("NOTA FISCAL EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL");
}

describe("generated sales", () => {
  const pl010: string[] = [];
  const pl009: string[] = [];

  it(`keep every totals rule (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(saleArb, (g) => {
        const b = build(g, "PL_010");
        checkRules(g, b);
        pl010.push(b.xml);
        if (!g.alphanumeric) pl009.push(build(g, "PL_009").xml);
      }),
      { numRuns: RUNS },
    );
    expect(pl010.length).toBeGreaterThanOrEqual(RUNS);
  });

  it.skipIf(!HAS_SHARED)("all pass PL_010_V1.30 and, built as PL_009, PL_009_V4", async () => {
    expect(pl010.length).toBeGreaterThan(0);
    for (const [dir, docs] of [
      [SCHEMA_DIRS.PL_010_V1_30, pl010],
      [SCHEMA_DIRS.PL_009_V4, pl009],
    ] as const) {
      const results = await new XsdValidator(dir).validateMany(docs.map(wrapForXsd));
      const failures = results
        .map((r, i) => ({ ...r, xml: docs[i]! }))
        .filter((r) => !r.valid)
        .slice(0, 3);
      expect(failures.map((f) => ({ errors: f.errors, xml: f.xml }))).toEqual([]);
    }
  });
});
