// The sale JSON of interfaces.md, validated and normalised (texts sanitised) before any document is
// built. Every refusal is KIOSK_ERR_SALE_INVALID with `field` naming the offending value, e.g.
// "items[2].quantity". parseSale is idempotent: a parsed sale parses to an equal sale.
import { computeAmounts, type SaleAmounts } from "./build/amounts.js";
import { isValidCnpj, isValidCpf, isValidGtin } from "./build/documents.js";
import { type Crt, NFCE_CFOPS, parseTax } from "./build/parse-tax.js";
import { array, decimal, integer, object, oneOf, pattern, saleError, text } from "./build/validate.js";
import { toScaled } from "./decimal.js";

/** CRT 1, 2, 4 (Simples Nacional, MEI). */
export interface SimplesNacionalTax {
  /** orig, 0..8 */
  origin: number;
  /** 102, 103, 300, 400 (ICMSSN102) or 500 (ICMSSN500). */
  csosn: "102" | "103" | "300" | "400" | "500";
}

/** PIS or COFINS of an item (CRT 3). */
export interface PisCofinsTax {
  /** 01, 02 (Aliq), 04..09 (NT), 49, 99 (Outr) */
  cst: string;
  /** percent, up to 4 decimals; required for 01/02, optional (default 0) for 49/99, absent otherwise. */
  rate?: number;
}

/** IBS/CBS of an item (CRT 3, layout PL_010, NT 2025.002). */
export interface IbsCbsTax {
  /** 000 tributação integral (gIBSCBS with rates) or 410 imunidade/não incidência (no gIBSCBS). */
  cst: "000" | "410";
  /** 6 digits; default 000001 for CST 000; required for 410. */
  cClassTrib: string;
  /** percent; defaults: 2026 rates of LC 214/2025 art. 343 (IBS UF 0.1, IBS municipal 0, CBS 0.9). */
  ibsUfRate?: number;
  ibsMunRate?: number;
  cbsRate?: number;
}

/** CRT 3 (regime normal). */
export interface RegimeNormalTax {
  origin: number;
  /** ICMS CST: 00, 20 (with base reduction), 40, 41, 50, 60. */
  cst: "00" | "20" | "40" | "41" | "50" | "60";
  /** pICMS percent, up to 4 decimals; required for 00 and 20. */
  icmsRate?: number;
  /** pRedBC percent, required for 20. */
  icmsBaseReduction?: number;
  pis: PisCofinsTax;
  cofins: PisCofinsTax;
  /** absent: CST 000, cClassTrib 000001 and the default rates. */
  ibsCbs?: IbsCbsTax;
}

export type ItemTax = SimplesNacionalTax | RegimeNormalTax;

export function isSimplesNacionalTax(tax: ItemTax): tax is SimplesNacionalTax {
  return "csosn" in tax;
}

/** Default IBS/CBS rates for 2026 (NT 2025.002 UB18-10, UB37-10; LC 214/2025 art. 343). */
export const IBS_CBS_2026_RATES = { ibsUfRate: 0.1, ibsMunRate: 0, cbsRate: 0.9 } as const;

export interface SaleItem {
  code: string;
  gtin?: string;
  description: string;
  ncm: string;
  cest?: string;
  cfop: string;
  unit: string;
  quantity: number;
  unitPrice: number;
  discount?: number;
  tax: ItemTax;
}

export interface Payment {
  /** tPag */
  type: string;
  amount: number;
  /** xPag, required for tPag 99 */
  description?: string;
  card?: {
    integration?: 1 | 2;
    cnpj?: string;
    brand?: string /* tBand */;
    authorization?: string /* cAut */;
  };
}

export interface Customer {
  cpf?: string;
  cnpj?: string;
  name?: string;
}

export interface Sale {
  items: SaleItem[];
  payments: Payment[];
  customer?: Customer;
  /** sale-level discount in R$, apportioned over the items */
  discount?: number;
  /** infCpl */
  additionalInfo?: string;
}

/** tPag of [MOC-A1] YA02 plus 20-22 of later NTs; 14 (duplicata, 857) and 90 (sem pagamento, 899) are refused for NFC-e. */
const TPAG = [
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
  "20",
  "21",
  "22",
  "99",
];
// NT 2025.001 YA04-10 (391): cards (03, 04) and PIX (17) carry the card group
const CARD_TPAG = ["03", "04", "17"];
const VALUE_LIMIT = 100_000_000_000n; // 11 integer digits (qCom, vUnCom)
const MONEY_LIMIT = 10_000_000_000_000n; // 13 integer digits (TDec_1302)
const POSITIVE_VALUE = { positive: true, limit: VALUE_LIMIT };
const MONEY = { limit: MONEY_LIMIT };
const POSITIVE_MONEY = { positive: true, limit: MONEY_LIMIT };
// Fields and patterns, made once (a literal in a function is a new array or RegExp on every call).
const SALE_KEYS = ["items", "payments", "customer", "discount", "additionalInfo"];
const ITEM_KEYS = [
  "code",
  "gtin",
  "description",
  "ncm",
  "cest",
  "cfop",
  "unit",
  "quantity",
  "unitPrice",
  "discount",
  "tax",
];
const PAYMENT_KEYS = ["type", "amount", "description", "card"];
const CARD_KEYS = ["integration", "cnpj", "brand", "authorization"];
const CUSTOMER_KEYS = ["cpf", "cnpj", "name"];
const NCM = /^(\d{8}|\d{2})$/;
const GTIN = /^(\d{8}|\d{12,14})$/;
const CEST = /^\d{7}$/;
const CNPJ = /^[0-9A-Z]{12}\d{2}$/;
const CPF = /^\d{11}$/;
const TBAND = /^\d{2}$/;

function parseItem(value: unknown, field: string, crt: Crt): SaleItem {
  const o = object(value, field, ITEM_KEYS);
  const cfop = oneOf(o.cfop, `${field}.cfop`, NFCE_CFOPS);
  const item: SaleItem = {
    code: text(o.code, `${field}.code`, 1, 60),
    description: text(o.description, `${field}.description`, 1, 120),
    ncm: pattern(o.ncm, `${field}.ncm`, NCM, "8 digits (NCM)"),
    cfop,
    unit: text(o.unit, `${field}.unit`, 1, 6),
    quantity: o.quantity as number,
    unitPrice: o.unitPrice as number,
    tax: parseTax(o.tax, `${field}.tax`, crt, cfop),
  };
  decimal(o.quantity, `${field}.quantity`, 4, POSITIVE_VALUE);
  decimal(o.unitPrice, `${field}.unitPrice`, 10, POSITIVE_VALUE);
  if (o.gtin !== undefined) {
    const gtin = pattern(o.gtin, `${field}.gtin`, GTIN, "a GTIN of 8, 12, 13 or 14 digits");
    if (!isValidGtin(gtin)) saleError(`${field}.gtin`, "has a wrong check digit (rejection 611)");
    item.gtin = gtin;
  }
  if (o.cest !== undefined) item.cest = pattern(o.cest, `${field}.cest`, CEST, "7 digits (CEST)");
  if (o.discount !== undefined) {
    decimal(o.discount, `${field}.discount`, 2, MONEY);
    item.discount = o.discount as number;
  }
  return item;
}

function parseCard(value: unknown, field: string): NonNullable<Payment["card"]> {
  const o = object(value, field, CARD_KEYS);
  const card: NonNullable<Payment["card"]> = {};
  if (o.integration !== undefined)
    card.integration = integer(o.integration, `${field}.integration`, 1, 2) as 1 | 2;
  if (o.cnpj !== undefined) {
    const cnpj = pattern(o.cnpj, `${field}.cnpj`, CNPJ, "a CNPJ of 14 characters");
    if (!isValidCnpj(cnpj)) saleError(`${field}.cnpj`, "has a wrong check digit (rejection 437)");
    card.cnpj = cnpj;
  }
  if (o.brand !== undefined) card.brand = pattern(o.brand, `${field}.brand`, TBAND, "2 digits (tBand)");
  if (o.authorization !== undefined)
    card.authorization = text(o.authorization, `${field}.authorization`, 1, 128);
  if (card.integration === 1 && (card.cnpj === undefined || card.authorization === undefined)) {
    saleError(
      field,
      "an integrated card payment (integration 1) needs cnpj and authorization (rejection 392)",
    );
  }
  return card;
}

function parsePayment(value: unknown, field: string): Payment {
  const o = object(value, field, PAYMENT_KEYS);
  if (o.type === "14" || o.type === "90") {
    saleError(
      `${field}.type`,
      `tPag ${o.type} is not accepted on an NFC-e (rejection ${o.type === "14" ? 857 : 899})`,
    );
  }
  const type = oneOf(o.type, `${field}.type`, TPAG);
  decimal(o.amount, `${field}.amount`, 2, POSITIVE_MONEY);
  const payment: Payment = { type, amount: o.amount as number };
  if (o.description !== undefined) payment.description = text(o.description, `${field}.description`, 2, 60);
  if (type === "99" && payment.description === undefined) {
    saleError(`${field}.description`, "is required for tPag 99 (xPag)");
  }
  if (o.card !== undefined) {
    if (!CARD_TPAG.includes(type)) saleError(`${field}.card`, `is only for tPag ${CARD_TPAG.join(", ")}`);
    payment.card = parseCard(o.card, `${field}.card`);
  } else if (CARD_TPAG.includes(type)) {
    payment.card = {};
  }
  return payment;
}

function parseCustomer(value: unknown): Customer {
  const o = object(value, "customer", CUSTOMER_KEYS);
  if ((o.cpf === undefined) === (o.cnpj === undefined))
    saleError("customer", "needs exactly one of cpf or cnpj");
  const customer: Customer = {};
  if (o.cpf !== undefined) {
    const cpf = pattern(o.cpf, "customer.cpf", CPF, "11 digits");
    if (!isValidCpf(cpf)) saleError("customer.cpf", "is not a valid CPF (check digits)");
    customer.cpf = cpf;
  } else {
    const cnpj = pattern(o.cnpj, "customer.cnpj", CNPJ, "a CNPJ of 14 characters");
    if (!isValidCnpj(cnpj)) saleError("customer.cnpj", "is not a valid CNPJ (check digits)");
    customer.cnpj = cnpj;
  }
  if (o.name !== undefined) customer.name = text(o.name, "customer.name", 2, 60);
  return customer;
}

/** Validates and normalises a sale for an emitter of the given CRT. */
export function parseSale(raw: unknown, crt: Crt): Sale {
  return parseSaleWithAmounts(raw, crt).sale;
}

/**
 * Sales this module returned, deep-frozen, with the CRT they were checked for and their amounts:
 * parsing one again (buildNfce does) returns it as is instead of checking it twice.
 */
const PARSED = new WeakMap<object, { crt: Crt; amounts: SaleAmounts }>();

/** parseSale, plus the item amounts its money rules computed (frozen, like the sale). */
export function parseSaleWithAmounts(raw: unknown, crt: Crt): { sale: Sale; amounts: SaleAmounts } {
  const known = typeof raw === "object" && raw !== null ? PARSED.get(raw) : undefined;
  if (known !== undefined && known.crt === crt) return { sale: raw as Sale, amounts: known.amounts };
  const o = object(raw, "", SALE_KEYS);
  const items = array(o.items, "items", 1, 990).map((item, i) => parseItem(item, `items[${i}]`, crt));
  const payments = array(o.payments, "payments", 1, 100).map((p, i) => parsePayment(p, `payments[${i}]`));
  const sale: Sale = { items, payments };
  if (o.customer !== undefined) sale.customer = parseCustomer(o.customer);
  if (o.discount !== undefined) {
    decimal(o.discount, "discount", 2, MONEY);
    sale.discount = o.discount as number;
  }
  if (o.additionalInfo !== undefined) sale.additionalInfo = text(o.additionalInfo, "additionalInfo", 1, 5000);
  const amounts = checkAmounts(sale);
  deepFreeze(sale);
  deepFreeze(amounts);
  PARSED.set(sale, { crt, amounts });
  return { sale, amounts };
}

/** Freezes a tree of plain objects and arrays (what parseSale builds). */
function deepFreeze(value: object): void {
  if (Array.isArray(value)) {
    for (const child of value) if (typeof child === "object" && child !== null) deepFreeze(child);
  } else {
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === "object" && child !== null) deepFreeze(child);
    }
  }
  Object.freeze(value);
}

/** The money rules that need the computed amounts: 483, vNF > 0, 780, 750, 865. */
function checkAmounts(sale: Sale): SaleAmounts {
  const amounts = computeAmounts(sale, (field, message) => saleError(field, message));
  if (amounts.vNF <= 0n) saleError("items", "the total of the sale (vNF) must be greater than zero");
  // [MOC-A1] W16-30: R$ 200.000,00 is the default NFC-e ceiling (780)
  if (amounts.vNF > 20_000_000n)
    saleError("items", "the total of the sale exceeds R$ 200.000,00 (rejection 780)");
  // [MOC-A1] W16-40: above R$ 10.000,00 the consumer must be identified (750)
  if (amounts.vNF > 1_000_000n && sale.customer === undefined) {
    saleError("customer", "is required when the total exceeds R$ 10.000,00 (rejection 750)");
  }
  let paid = 0n;
  for (const p of sale.payments) paid += toScaled(p.amount, 2)!;
  if (paid < amounts.vNF) {
    saleError("payments", "the payments add up to less than the total of the sale (rejection 865)");
  }
  if (paid >= MONEY_LIMIT * 100n) saleError("payments", "the payments add up to too much");
  return amounts;
}
