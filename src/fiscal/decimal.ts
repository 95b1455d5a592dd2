// Exact decimal arithmetic for fiscal values. Money, quantities and rates are scaled integers
// (bigint): cents (scale 2), quantities (scale 4), unit prices (scale 10), rates (scale 4).
// Floating point never decides a value that ends up in the document (toScaled's fast path only
// returns a result it has proven equal to the decimal reading).

/**
 * The exact scaled integer of a JSON number with at most `scale` decimals, or undefined when the
 * number is not finite, negative, or has more decimals than allowed. Reads the shortest
 * round-trip representation (`String(n)`), which is what the integrator wrote.
 */
export function toScaled(value: number, scale: number): bigint | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return undefined;
  const unit = 10 ** scale;
  const product = value * unit;
  // Below 2^51 the product is within 1/4 of the one integer k whose k / 10^scale can read back as
  // `value`, and the division is exact-rounded: k / unit === value iff String(value) has at most
  // `scale` decimals (and then it is k × 10^-scale). No string, no regex for every real amount.
  if (product <= FAST_LIMIT && scale <= 15) {
    const k = Math.round(product);
    return k / unit === value ? BigInt(k) : undefined;
  }
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) return undefined;
  const intPart = match[1]!;
  const fracPart = match[2] ?? "";
  const exponent = Number(match[3] ?? "0");
  // digits × 10^(exponent − fracLength)
  let digits = (intPart + fracPart).replace(/^0+(?=\d)/, "");
  let decimals = fracPart.length - exponent;
  while (decimals > 0 && digits.endsWith("0") && digits.length > 1) {
    digits = digits.slice(0, -1);
    decimals -= 1;
  }
  if (digits === "0") return 0n;
  if (decimals > scale) return undefined;
  return BigInt(digits) * 10n ** BigInt(scale - decimals);
}

const FAST_LIMIT = 2 ** 51;

/** Scaled integer -> decimal string with at least `minDecimals` decimals (trailing zeros trimmed down to it). */
export function formatScaled(value: bigint, scale: number, minDecimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const text = abs.toString().padStart(scale + 1, "0");
  const intPart = text.slice(0, text.length - scale);
  let frac = text.slice(text.length - scale);
  while (frac.length > minDecimals && frac.endsWith("0")) frac = frac.slice(0, -1);
  return (negative ? "-" : "") + intPart + (frac.length > 0 ? `.${frac}` : "");
}

/** Cents -> "12.50" (XSD TDec_1302: always two decimals). */
export function formatCents(cents: bigint): string {
  return formatScaled(cents, 2, 2);
}

/** n / d rounded half up, for n >= 0 and d > 0. */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/**
 * Splits `total` over the weights in proportion, in whole units, so that the parts add up to
 * `total` exactly. Each part is the floor of its share; the cents left over go to the largest
 * weight first (the first one on a tie), never past its cap (a discount never exceeds the item).
 */
export function apportion(
  total: bigint,
  weights: readonly bigint[],
  caps: readonly bigint[] = weights,
): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n || sum === 0n) return weights.map(() => 0n);
  const parts = weights.map((w) => (total * w) / sum);
  let left = total - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ w, i }))
    .sort((a, b) => (a.w === b.w ? a.i - b.i : a.w > b.w ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    const room = caps[i]! - parts[i]!;
    // min() by hand: Math.min does not take bigint.
    const add = room < left ? room : left;
    if (add > 0n) {
      parts[i] = parts[i]! + add;
      left -= add;
    }
  }
  if (left !== 0n) throw new RangeError("apportion: total exceeds the sum of caps");
  return parts;
}
