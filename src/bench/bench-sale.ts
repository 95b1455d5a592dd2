// Sales of a given size for the benchmark (pure): n distinct items, paid in cash with change.
import { DEMO_CATALOG_CSV } from "../app/demo/demo-config.js";

interface CatalogRow {
  code: string;
  gtin: string;
  description: string;
  ncm: string;
  cfop: string;
  unit: string;
  priceCents: number;
}

const ROWS: CatalogRow[] = DEMO_CATALOG_CSV.split("\n")
  .slice(1)
  .map((line) => line.split(";"))
  .filter((f) => f[7] !== "1") // weighed items need a scale label
  .map(([code, gtin, description, ncm, cfop, unit, price]) => ({
    code: code!,
    gtin: gtin!,
    description: description!,
    ncm: ncm!,
    cfop: cfop!,
    unit: unit!,
    priceCents: Math.round(Number(price) * 100),
  }));

/** A sale of `itemCount` lines cycling through the demo catalog; codes are unique per line. */
export function benchSale(itemCount: number): Record<string, unknown> {
  if (!Number.isInteger(itemCount) || itemCount < 1)
    throw new Error(`itemCount ${itemCount} must be a positive integer`);
  let totalCents = 0;
  const items = Array.from({ length: itemCount }, (_, i) => {
    const row = ROWS[i % ROWS.length]!;
    const quantity = 1 + (i % 3);
    totalCents += row.priceCents * quantity;
    return {
      code: `${row.code}-${i + 1}`,
      ...(row.gtin ? { gtin: row.gtin } : {}),
      description: row.description,
      ncm: row.ncm,
      cfop: row.cfop,
      unit: row.unit,
      quantity,
      unitPrice: row.priceCents / 100,
      tax: { origin: 0, csosn: "102" },
    };
  });
  // Cash rounded up to the next R$ 10: the change (vTroco) is computed by the kiosk.
  const paid = Math.ceil(totalCents / 1000) * 10;
  return { items, payments: [{ type: "01", amount: paid }] };
}
