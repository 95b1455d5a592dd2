// Scale labels (EAN-13 with prefix 2, "uso interno"). Layout supported, as Toledo/Filizola scales
// print it by default in Brazil:  2 CCCCC VVVVVV D
//   2       prefix (in-store, variable measure)
//   CCCCC   product code in the catalog (5 digits, zero-padded)
//   VVVVVV  total price in centavos (mode "price", the default) or weight in grams (mode "weight")
//   D       EAN-13 check digit
import { isValidGtin } from "./product.js";

export type WeighedMode = "price" | "weight";

export interface WeighedLabel {
  code: string;
  /** Centavos (mode price) or grams (mode weight). */
  value: number;
}

export function parseWeighedLabel(barcode: string): WeighedLabel | null {
  if (!/^2[0-9]{12}$/.test(barcode) || !isValidGtin(barcode)) return null;
  return { code: barcode.slice(1, 6), value: Number(barcode.slice(6, 12)) };
}

/** Quantity (kg, 4 decimals as the sale accepts) for a label of a product sold at `pricePerKg`. */
export function weighedQuantity(label: WeighedLabel, mode: WeighedMode, pricePerKg: number): number {
  if (mode === "weight") return label.value / 1000;
  return Math.round((label.value / 100 / pricePerKg) * 10_000) / 10_000;
}
