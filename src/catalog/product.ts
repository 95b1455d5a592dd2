// A catalog product and the validation of one CSV row into it (pure).
export interface ProductTax {
  origin: number;
  csosn?: string;
  cst?: string;
  icmsRate?: number;
}

export interface Product {
  code: string;
  gtin: string | null;
  description: string;
  ncm: string;
  cfop: string;
  unit: string;
  /** R$ per unit (per kg for weighed items). */
  price: number;
  weighed: boolean;
  tax: ProductTax;
}

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export const CSV_COLUMNS = [
  "code",
  "gtin",
  "description",
  "ncm",
  "cfop",
  "unit",
  "price",
  "weighed",
  "origin",
  "csosn",
  "cst",
  "icmsRate",
] as const;
export const REQUIRED_COLUMNS = ["code", "description", "ncm", "cfop", "unit", "price"] as const;

/** GS1 check digit for GTIN-8/12/13/14. */
export function isValidGtin(gtin: string): boolean {
  if (!/^([0-9]{8}|[0-9]{12,14})$/.test(gtin)) return false;
  const digits = [...gtin].map(Number);
  const check = digits.pop() as number;
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** "12,50", "12.50" and "1.234,50" are all R$ 12.50 / 1234.50. */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  if (!/^[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?$|^[0-9]+([.,][0-9]+)?$/.test(t)) return null;
  const normalized = t.includes(",") ? t.replace(/\./g, "").replace(",", ".") : t;
  const n = Number(normalized);
  return Number.isFinite(n) ? n : null;
}

const YES = new Set(["1", "s", "sim", "y", "yes", "true"]);
const NO = new Set(["", "0", "n", "nao", "não", "no", "false"]);

export function rowToProduct(row: Record<string, string>, line: number): Product | RowError {
  const err = (field: string, message: string): RowError => ({ line, field, message });
  const get = (k: string) => (row[k] ?? "").trim();
  const code = get("code");
  if (!/^[A-Za-z0-9._-]{1,60}$/.test(code))
    return err("code", "código obrigatório: 1 a 60 letras, dígitos, . _ -");
  const gtin = get("gtin");
  if (gtin !== "" && !isValidGtin(gtin)) return err("gtin", `GTIN inválido: ${gtin}`);
  const description = get("description");
  if (description.length < 1 || description.length > 120)
    return err("description", "descrição obrigatória (até 120)");
  const ncm = get("ncm");
  if (!/^[0-9]{8}$/.test(ncm)) return err("ncm", "NCM deve ter 8 dígitos");
  const cfop = get("cfop");
  if (!/^5[0-9]{3}$/.test(cfop)) return err("cfop", "CFOP de NFC-e deve ter 4 dígitos e começar com 5");
  const unit = get("unit");
  if (!/^[A-Za-z0-9]{1,6}$/.test(unit)) return err("unit", "unidade: 1 a 6 letras ou dígitos");
  const price = parseDecimal(get("price"));
  if (price === null || price <= 0) return err("price", "preço deve ser um número maior que zero");
  const weighedText = get("weighed").toLowerCase();
  if (!YES.has(weighedText) && !NO.has(weighedText)) return err("weighed", "pesável: use 0 ou 1");
  const originText = get("origin") || "0";
  if (!/^[0-8]$/.test(originText)) return err("origin", "origem: um dígito de 0 a 8");
  const tax: ProductTax = { origin: Number(originText) };
  const csosn = get("csosn");
  const cst = get("cst");
  if (csosn === "" && cst === "") return err("csosn", "informe csosn (Simples Nacional) ou cst");
  if (csosn !== "") {
    if (!/^[0-9]{3}$/.test(csosn)) return err("csosn", "CSOSN deve ter 3 dígitos");
    tax.csosn = csosn;
  }
  if (cst !== "") {
    if (!/^[0-9]{2}$/.test(cst)) return err("cst", "CST deve ter 2 dígitos");
    tax.cst = cst;
    const rate = parseDecimal(get("icmsRate") || "0");
    if (rate === null || rate > 100) return err("icmsRate", "alíquota de ICMS entre 0 e 100");
    tax.icmsRate = rate;
  }
  return {
    code,
    gtin: gtin === "" ? null : gtin,
    description,
    ncm,
    cfop,
    unit: unit.toUpperCase(),
    price,
    weighed: YES.has(weighedText),
    tax,
  };
}
