// A catalog product and the validation of one CSV row into it (pure).
/** The item `tax` of the sale JSON (src/fiscal/sale.ts): csosn for CRT 1/2/4, cst + PIS/COFINS for CRT 3. */
export interface ProductTax {
  origin: number;
  csosn?: string;
  cst?: string;
  icmsRate?: number;
  icmsBaseReduction?: number;
  pis?: { cst: string; rate?: number };
  cofins?: { cst: string; rate?: number };
  ibsCbs?: { cst: string; cClassTrib: string };
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
  "icmsBaseReduction",
  "pisCst",
  "pisRate",
  "cofinsCst",
  "cofinsRate",
  "ibsCbsCst",
  "cClassTrib",
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
  if (csosn !== "" && cst !== "") return err("cst", "informe csosn ou cst, não os dois");
  if (csosn !== "") {
    if (!/^[0-9]{3}$/.test(csosn)) return err("csosn", "CSOSN deve ter 3 dígitos");
    tax.csosn = csosn;
  }
  if (cst !== "") {
    const regime = regimeNormalTax(get, line, cst);
    if ("message" in regime) return regime;
    Object.assign(tax, regime);
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

/** CRT 3 columns: ICMS CST and rates, PIS/COFINS CST and rates, optional IBS/CBS classification. */
type RegimeNormalFields = Omit<ProductTax, "origin" | "csosn">;

function regimeNormalTax(
  get: (k: string) => string,
  line: number,
  cst: string,
): RegimeNormalFields | RowError {
  const err = (field: string, message: string): RowError => ({ line, field, message });
  if (!/^[0-9]{2}$/.test(cst)) return err("cst", "CST deve ter 2 dígitos");
  const percent = (field: string): number | undefined | RowError => {
    if (get(field) === "") return undefined;
    const v = parseDecimal(get(field));
    return v === null || v > 100 ? err(field, `${field}: percentual entre 0 e 100`) : v;
  };
  const tax: RegimeNormalFields = { cst };
  for (const field of ["icmsRate", "icmsBaseReduction"] as const) {
    const v = percent(field);
    if (typeof v === "object") return v;
    if (v !== undefined) tax[field] = v;
  }
  for (const group of ["pis", "cofins"] as const) {
    const groupCst = get(`${group}Cst`);
    if (!/^[0-9]{2}$/.test(groupCst))
      return err(`${group}Cst`, `${group.toUpperCase()}: CST de 2 dígitos obrigatório com cst`);
    const rate = percent(`${group}Rate`);
    if (typeof rate === "object") return rate;
    tax[group] = rate === undefined ? { cst: groupCst } : { cst: groupCst, rate };
  }
  const ibsCbsCst = get("ibsCbsCst");
  if (ibsCbsCst !== "") {
    const cClassTrib = get("cClassTrib");
    if (!/^[0-9]{3}$/.test(ibsCbsCst)) return err("ibsCbsCst", "CST do IBS/CBS deve ter 3 dígitos");
    if (!/^[0-9]{6}$/.test(cClassTrib)) return err("cClassTrib", "cClassTrib deve ter 6 dígitos");
    tax.ibsCbs = { cst: ibsCbsCst, cClassTrib };
  }
  return tax;
}
