// Item amounts in integer cents: vProd = round-half-up(qCom × vUnCom), discounts per item plus the
// sale-level discount apportioned by net value (remainder to the largest item), and vNF.
import { apportion, divRoundHalfUp, toScaled } from "../decimal.js";
import type { Sale } from "../sale.js";

export interface ItemAmounts {
  /** qCom × 10^4 */
  quantity: bigint;
  /** vUnCom × 10^10 */
  unitPrice: bigint;
  /** cents */
  vProd: bigint;
  /** cents: item discount + its share of the sale discount */
  vDesc: bigint;
}

export interface SaleAmounts {
  items: ItemAmounts[];
  vProd: bigint;
  vDesc: bigint;
  /** vProd − vDesc (rule 610 with no freight, insurance, other charges, ST or IPI) */
  vNF: bigint;
}

/** 10^(4+10) / 10^2: from quantity × unit price scale down to cents. */
const PRODUCT_TO_CENTS = 10n ** 12n;

export function computeAmounts(sale: Sale, fail: (field: string, message: string) => never): SaleAmounts {
  const lines = sale.items.map((item, i) => {
    const quantity = toScaled(item.quantity, 4) ?? fail(`items[${i}].quantity`, "is not a valid quantity");
    const unitPrice = toScaled(item.unitPrice, 10) ?? fail(`items[${i}].unitPrice`, "is not a valid price");
    const vProd = divRoundHalfUp(quantity * unitPrice, PRODUCT_TO_CENTS);
    const own =
      item.discount === undefined
        ? 0n
        : (toScaled(item.discount, 2) ?? fail(`items[${i}].discount`, "invalid"));
    if (own > vProd) fail(`items[${i}].discount`, "is greater than the item value (rejection 483)");
    return { quantity, unitPrice, vProd, own };
  });
  const saleDiscount =
    sale.discount === undefined ? 0n : (toScaled(sale.discount, 2) ?? fail("discount", "invalid"));
  const nets = lines.map((l) => l.vProd - l.own);
  const netTotal = nets.reduce((a, b) => a + b, 0n);
  if (saleDiscount > netTotal)
    fail("discount", "is greater than the value of the items after their own discounts");
  const shares = apportion(saleDiscount, nets);
  const items = lines.map((l, i) => ({
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    vProd: l.vProd,
    vDesc: l.own + shares[i]!,
  }));
  const vProd = items.reduce((a, it) => a + it.vProd, 0n);
  const vDesc = items.reduce((a, it) => a + it.vDesc, 0n);
  return { items, vProd, vDesc, vNF: vProd - vDesc };
}
