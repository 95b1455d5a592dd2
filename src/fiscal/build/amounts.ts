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
  const count = sale.items.length;
  const items = new Array<ItemAmounts>(count);
  /** vProd − the item's own discount: the weights of the sale discount */
  const nets = new Array<bigint>(count);
  let netTotal = 0n;
  for (let i = 0; i < count; i++) {
    const item = sale.items[i]!;
    const quantity = toScaled(item.quantity, 4) ?? fail(`items[${i}].quantity`, "is not a valid quantity");
    const unitPrice = toScaled(item.unitPrice, 10) ?? fail(`items[${i}].unitPrice`, "is not a valid price");
    const vProd = divRoundHalfUp(quantity * unitPrice, PRODUCT_TO_CENTS);
    const own =
      item.discount === undefined
        ? 0n
        : (toScaled(item.discount, 2) ?? fail(`items[${i}].discount`, "invalid"));
    if (own > vProd) fail(`items[${i}].discount`, "is greater than the item value (rejection 483)");
    items[i] = { quantity, unitPrice, vProd, vDesc: own };
    nets[i] = vProd - own;
    netTotal += vProd - own;
  }
  const saleDiscount =
    sale.discount === undefined ? 0n : (toScaled(sale.discount, 2) ?? fail("discount", "invalid"));
  if (saleDiscount > netTotal)
    fail("discount", "is greater than the value of the items after their own discounts");
  if (saleDiscount > 0n) {
    const shares = apportion(saleDiscount, nets);
    for (let i = 0; i < count; i++) items[i]!.vDesc += shares[i]!;
  }
  let vProd = 0n;
  let vDesc = 0n;
  for (const item of items) {
    vProd += item.vProd;
    vDesc += item.vDesc;
  }
  return { items, vProd, vDesc, vNF: vProd - vDesc };
}
