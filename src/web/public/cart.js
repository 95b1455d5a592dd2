// The sale being built (pure): items, totals, change, and the sale JSON of interfaces.md.
export const PAYMENT_NAMES = {
  "01": "Dinheiro",
  17: "PIX",
  20: "PIX",
  "03": "Cartão de crédito",
  "04": "Cartão de débito",
};

const round2 = (v) => Math.round(v * 100) / 100;

export function lineTotal(item) {
  return round2(item.quantity * item.product.price);
}

export function cartTotal(items) {
  return round2(items.reduce((acc, item) => acc + lineTotal(item), 0));
}

/** Cash: what the customer handed over minus the total; null when it does not cover it. */
export function changeDue(total, received) {
  if (received === null || received + 0.001 < total) return null;
  return round2(received - total);
}

export function addItem(items, product, quantity) {
  // Same product, not weighed: one line with the summed quantity (what the receipt shows).
  const same = items.findIndex((i) => i.product.code === product.code && !product.weighed);
  if (same >= 0) {
    const next = items.slice();
    next[same] = { ...items[same], quantity: items[same].quantity + quantity };
    return next;
  }
  return [...items, { product, quantity }];
}

export function removeItem(items, index) {
  return items.filter((_, i) => i !== index);
}

/**
 * What is still to pay once the parts already taken (split payment: PIX 20,00 then the rest in cash)
 * are subtracted; zero or less when the parts cover the total.
 */
export function remainingDue(total, parts) {
  return round2(parts.reduce((acc, part) => acc - part.amount, total)) || 0; // never -0
}

/** A part must leave something for the last payment, which closes the sale (and gives change). */
export function partAllowed(amount, remaining) {
  return amount !== null && amount > 0 && round2(amount) === amount && amount < remaining;
}

/** payment: the last one, paying what remains (cash: as received, the change is computed). */
export function buildSale(items, payment, cpf, parts = []) {
  const remaining = remainingDue(cartTotal(items), parts);
  const sale = {
    items: items.map(({ product, quantity }) => ({
      code: product.code,
      ...(product.gtin ? { gtin: product.gtin } : {}),
      description: product.description,
      ncm: product.ncm,
      cfop: product.cfop,
      unit: product.unit,
      quantity,
      unitPrice: product.price,
      discount: 0,
      tax: product.tax,
    })),
    payments: [
      ...parts.map((part) => ({ type: part.type, amount: part.amount })),
      { type: payment.type, amount: payment.type === "01" ? payment.received : remaining },
    ],
  };
  if (cpf) sale.customer = { cpf };
  return sale;
}
