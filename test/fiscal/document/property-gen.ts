// fast-check generators of whole sales for the property test. Every amount is generated as an
// integer (cents, ten-thousandths, 10^-10) and turned into the JSON number the integrator would
// send, so the test knows the exact values without using the code under test.
import fc from "fast-check";

const AWKWARD = fc.oneof(
  fc.constantFrom(
    "&",
    "<",
    ">",
    '"',
    "'",
    "&amp;",
    "]]>",
    "☕",
    "👨‍👩‍👧",
    "🇧🇷",
    "\u0000",
    "\u0007",
    "\t",
    "\n",
    "\r\n",
  ),
  fc.constantFrom(
    " ",
    "  ",
    "\u00A0",
    "\u200B",
    "\u00AD",
    "ã",
    "Ç",
    "é",
    "a\u0301",
    "€",
    "—",
    "…",
    "“",
    "日本",
    "\uD83D",
  ),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);

/** Text that keeps at least `min` visible letters after sanitising, with awkward bits around. */
export const awkwardText = (min: number, maxUnits: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.string({ unit: AWKWARD, maxLength: maxUnits }),
      fc.constantFrom("CAFÉ", "PÃO", "AB", "X1", "Ñoño"),
    )
    .map(([noise, word]) => `${noise}${word.padEnd(min, "Z")}${noise.slice(0, 3)}`);

function mod11(digits: number[], firstWeight: number): number {
  let sum = 0;
  let w = firstWeight;
  for (const d of digits) {
    sum += d * w;
    w -= 1;
  }
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

export const cpfArb = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .filter((d) => new Set(d).size > 1)
  .map((d) => {
    const d1 = mod11(d, 10);
    const d2 = mod11([...d, d1], 11);
    return [...d, d1, d2].join("");
  });

/** Alphanumeric CNPJ (NT 2026.004), DVs computed here with values ASCII − 48. */
export const cnpjArb = fc
  .array(fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"), { minLength: 12, maxLength: 12 })
  .filter((c) => c.some((x) => x !== "0"))
  .map((chars) => {
    const dv = (base: string[]): string => {
      const weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2].slice(13 - base.length);
      const sum = base.reduce((s, ch, i) => s + (ch.charCodeAt(0) - 48) * weights[i]!, 0);
      const rest = sum % 11;
      return String(rest < 2 ? 0 : 11 - rest);
    };
    const d1 = dv(chars);
    return chars.join("") + d1 + dv([...chars, d1]);
  });

export const gtinArb = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 }).map((d) => {
  const sum = d.reduce((s, x, i) => s + x * (i % 2 === 0 ? 1 : 3), 0);
  return d.join("") + String((10 - (sum % 10)) % 10);
});

export interface GenItem {
  q4: bigint;
  p10: bigint;
  discountCents: bigint;
  json: Record<string, unknown>;
}

const vProdOf = (it: { q4: bigint; p10: bigint }): bigint =>
  (it.q4 * it.p10 + 500_000_000_000n) / 1_000_000_000_000n;

const toNumber = (scaled: bigint, scale: number): number => Number(scaled) / 10 ** scale;

const rateArb = fc.integer({ min: 0, max: 3000 }).map((r) => r / 100); // 0..30.00 %
const pisArb = fc.oneof(
  fc.record({
    cst: fc.constantFrom("01", "02"),
    rate: fc.integer({ min: 0, max: 1000 }).map((r) => r / 100),
  }),
  fc.record({ cst: fc.constantFrom("04", "05", "06", "07", "08", "09") }),
  fc.record({ cst: fc.constantFrom("49", "99") }, { requiredKeys: ["cst"] }),
);
const ibsCbsArb = fc.option(
  fc.oneof(
    fc.record(
      {
        cst: fc.constant("000"),
        ibsUfRate: fc.integer({ min: 0, max: 100 }).map((r) => r / 100),
        cbsRate: fc.integer({ min: 0, max: 100 }).map((r) => r / 100),
      },
      { requiredKeys: ["cst"] },
    ),
    fc.constant({ cst: "410", cClassTrib: "410001" }),
  ),
  { nil: undefined },
);

function taxArb(crt: number): fc.Arbitrary<{ tax: Record<string, unknown>; cfop: string }> {
  if (crt !== 3) {
    return fc
      .record({
        origin: fc.integer({ min: 0, max: 8 }),
        csosn: fc.constantFrom("102", "103", "300", "400", "500"),
      })
      .chain((tax) =>
        fc.record({
          tax: fc.constant(tax),
          cfop:
            tax.csosn === "500"
              ? fc.constant("5405")
              : fc.constantFrom("5101", "5102", "5103", "5104", "5115"),
        }),
      );
  }
  return fc
    .record({
      origin: fc.integer({ min: 0, max: 8 }),
      cst: fc.constantFrom("00", "20", "40", "41", "60"),
      icmsRate: rateArb,
      icmsBaseReduction: fc.integer({ min: 1, max: 9999 }).map((r) => r / 100),
      pis: pisArb,
      cofins: pisArb,
      ibsCbs: ibsCbsArb,
    })
    .chain(({ icmsRate, icmsBaseReduction, ibsCbs, ...rest }) => {
      const tax: Record<string, unknown> = { ...rest };
      if (rest.cst === "00" || rest.cst === "20") tax.icmsRate = icmsRate;
      if (rest.cst === "20") tax.icmsBaseReduction = icmsBaseReduction;
      if (ibsCbs !== undefined) tax.ibsCbs = ibsCbs;
      return fc.record({
        tax: fc.constant(tax),
        cfop:
          rest.cst === "60" ? fc.constant("5405") : fc.constantFrom("5101", "5102", "5103", "5104", "5115"),
      });
    });
}

function itemArb(crt: number): fc.Arbitrary<GenItem> {
  return fc
    .record({
      q4: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 99_999 }), weight: 3 }, // up to 9.9999, 4 decimals
        { arbitrary: fc.integer({ min: 1, max: 50 }).map((q) => q * 10_000), weight: 3 }, // whole units
        { arbitrary: fc.integer({ min: 1, max: 9_999 }).map((q) => q * 10), weight: 3 }, // 3 decimals
        { arbitrary: fc.integer({ min: 1, max: 99_999_999 }), weight: 1 }, // up to 9999.9999
      ),
      p10: fc.oneof(
        fc.integer({ min: 1, max: 100_000 }).map((c) => BigInt(c) * 100_000_000n), // cents, up to R$ 1.000
        fc.bigInt({ min: 1n, max: 99_999_999_999_999n }), // 10 decimals, up to R$ 9.999
        fc.bigInt({ min: 1n, max: 999_999_999_999_999n }), // 15 significant digits, up to R$ 99.999
      ),
      perMille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })),
      description: awkwardText(1, 20),
      code: awkwardText(1, 5),
      gtin: fc.option(gtinArb, { nil: undefined }),
      unit: fc.constantFrom("UN", "KG", "L", "CX", "PÇ"),
      taxCfop: taxArb(crt),
    })
    .map(({ q4, p10, perMille, description, code, gtin, unit, taxCfop }) => {
      const q = BigInt(q4);
      const vProd = (q * p10 + 500_000_000_000n) / 1_000_000_000_000n;
      const discountCents = (vProd * BigInt(perMille)) / 1000n;
      const json: Record<string, unknown> = {
        code,
        description,
        ncm: "21069090",
        cfop: taxCfop.cfop,
        unit,
        quantity: toNumber(q, 4),
        unitPrice: toNumber(p10, 10),
        tax: taxCfop.tax,
      };
      if (gtin !== undefined) json.gtin = gtin;
      if (discountCents > 0n || perMille === 1) json.discount = toNumber(discountCents, 2);
      return { q4: q, p10, discountCents, json };
    });
}

export interface GenSale {
  crt: 1 | 2 | 3 | 4;
  items: GenItem[];
  saleDiscountCents: bigint;
  paymentsCents: bigint[];
  sale: Record<string, unknown>;
  uf: string;
  environment: "homologacao" | "producao";
  tpEmis: 1 | 9;
  dhEmi: Date;
  nNF: number;
  alphanumeric: boolean;
}

const PAYMENT_TYPES = [
  "01",
  "02",
  "03",
  "04",
  "05",
  "10",
  "11",
  "12",
  "13",
  "15",
  "16",
  "17",
  "18",
  "19",
  "99",
];
const UFS = ["SP", "RJ", "MG", "AM", "MT", "MS", "RO", "RR", "AC", "RS", "BA", "PE", "DF"];

export const saleArb: fc.Arbitrary<GenSale> = fc
  .constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4, 3)
  .chain((crt) =>
    fc.record({
      crt: fc.constant(crt),
      items: fc.array(itemArb(crt), { minLength: 1, maxLength: 6 }),
      saleDiscountPerMille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })),
      changeCents: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 50_000n })),
      paymentSplit: fc.array(
        fc.record({
          weight: fc.integer({ min: 1, max: 100 }),
          type: fc.constantFrom(...PAYMENT_TYPES),
          xPag: awkwardText(2, 6),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      card: fc.record(
        {
          integration: fc.constantFrom(1, 2),
          cnpj: cnpjArb,
          brand: fc.constantFrom("01", "02", "99"),
          authorization: awkwardText(1, 4),
        },
        { requiredKeys: [] },
      ),
      customer: fc.option(
        fc.record({
          doc: fc.oneof(
            cpfArb.map((cpf) => ({ cpf })),
            cnpjArb.map((cnpj) => ({ cnpj })),
          ),
          name: fc.option(awkwardText(2, 7), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      additionalInfo: fc.option(awkwardText(1, 40), { nil: undefined }),
      uf: fc.constantFrom(...UFS),
      environment: fc.constantFrom<"homologacao" | "producao">("homologacao", "producao"),
      tpEmis: fc.constantFrom<1 | 9>(1, 9),
      dhEmi: fc
        .integer({ min: Date.UTC(2026, 0, 1, 4), max: Date.UTC(2026, 11, 31, 23) })
        .map((ms) => new Date(ms)),
      nNF: fc.integer({ min: 1, max: 999_999_999 }),
    }),
  )
  .map((g) => {
    const nets = g.items.map(
      (it) => (it.q4 * it.p10 + 500_000_000_000n) / 1_000_000_000_000n - it.discountCents,
    );
    const netTotal = nets.reduce((a, b) => a + b, 0n);
    const saleDiscountCents = (netTotal * BigInt(g.saleDiscountPerMille)) / 1000n;
    const vNF = netTotal - saleDiscountCents;
    const toPay = vNF + g.changeCents;
    const weightSum = g.paymentSplit.reduce((a, p) => a + p.weight, 0);
    const paymentsCents = g.paymentSplit.map((p) => (toPay * BigInt(p.weight)) / BigInt(weightSum));
    paymentsCents[0]! += toPay - paymentsCents.reduce((a, b) => a + b, 0n);
    const payments = g.paymentSplit
      .map((p, i) => {
        const payment: Record<string, unknown> = { type: p.type, amount: toNumber(paymentsCents[i]!, 2) };
        if (p.type === "99") payment.description = p.xPag;
        if (["03", "04", "17"].includes(p.type)) {
          const card = { ...g.card } as Record<string, unknown>;
          if (card.integration === 1) {
            card.cnpj ??= "06157250000116";
            card.authorization ??= "123456";
          }
          payment.card = card;
        }
        return payment;
      })
      .filter((_, i) => paymentsCents[i]! > 0n);
    const sale: Record<string, unknown> = { items: g.items.map((it) => it.json), payments };
    if (g.saleDiscountPerMille > 0) sale.discount = toNumber(saleDiscountCents, 2);
    let alphanumeric = false;
    if (g.customer !== undefined) {
      const customer: Record<string, unknown> = { ...g.customer.doc };
      if (g.customer.name !== undefined) customer.name = g.customer.name;
      sale.customer = customer;
      alphanumeric = /[A-Z]/.test(String(customer.cnpj ?? ""));
    }
    // PL_009's TCnpj is numeric only
    if (payments.some((p) => /[A-Z]/.test(String((p.card as { cnpj?: string } | undefined)?.cnpj ?? "")))) {
      alphanumeric = true;
    }
    if (g.additionalInfo !== undefined) sale.additionalInfo = g.additionalInfo;
    // [MOC-A1] W16-40 (750): above R$ 10.000,00 the consumer must be identified
    if (vNF > 1_000_000n && sale.customer === undefined) sale.customer = { cpf: "12345678909" };
    return {
      crt: g.crt,
      items: g.items,
      saleDiscountCents,
      paymentsCents: paymentsCents.filter((c) => c > 0n),
      sale,
      uf: g.uf,
      environment: g.environment,
      tpEmis: g.tpEmis,
      dhEmi: g.dhEmi,
      nNF: g.nNF,
      alphanumeric,
    };
  })
  .filter((g) => {
    const vNF = g.items.reduce((a, it) => a + vProdOf(it) - it.discountCents, 0n) - g.saleDiscountCents;
    // the NFC-e ceiling is R$ 200.000,00 ([MOC-A1] W16-30, 780)
    return vNF > 0n && vNF <= 20_000_000n;
  });
