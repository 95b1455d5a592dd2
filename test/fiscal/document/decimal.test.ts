import { describe, expect, it } from "vitest";
import {
  apportion,
  divRoundHalfUp,
  formatCents,
  formatScaled,
  toScaled,
} from "../../../src/fiscal/decimal.js";

describe("toScaled", () => {
  it("reads what the integrator wrote, exactly", () => {
    expect(toScaled(12.5, 2)).toBe(1250n);
    expect(toScaled(0.1, 2)).toBe(10n);
    expect(toScaled(1.005, 3)).toBe(1005n); // 1.005 is not exact in binary; its shortest form is
    expect(toScaled(2, 4)).toBe(20000n);
    expect(toScaled(0, 2)).toBe(0n);
    expect(toScaled(1e-7, 10)).toBe(1000n);
    expect(toScaled(1e21, 0)).toBe(10n ** 21n);
    expect(toScaled(0.0000000001, 10)).toBe(1n);
  });

  it("refuses more decimals than allowed, negatives and non-finite numbers", () => {
    expect(toScaled(0.1 + 0.2, 4)).toBeUndefined(); // 0.30000000000000004
    expect(toScaled(1.23456, 4)).toBeUndefined();
    expect(toScaled(-1, 2)).toBeUndefined();
    expect(toScaled(Number.NaN, 2)).toBeUndefined();
    expect(toScaled(Number.POSITIVE_INFINITY, 2)).toBeUndefined();
  });

  it("equals the reading of the shortest decimal form on 60 000 random numbers (fast path included)", () => {
    // Oracle independent of toScaled: the digits of String(value), padded; exponent forms skipped.
    const oracle = (value: number, scale: number): bigint | undefined => {
      const text = String(value);
      const [whole, frac = ""] = text.split(".");
      if (frac.length > scale) return undefined;
      return BigInt(whole! + frac.padEnd(scale, "0"));
    };
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const decimals = next(13);
      const digits = `${next(100_000)}${next(100_000)}${next(1000)}`.slice(0, 1 + next(15));
      const value = Number(
        `${digits}.${String(next(2 ** 30))
          .padStart(decimals, "0")
          .slice(0, decimals)}`,
      );
      const candidates = [value, value / 7, value * 1e-3];
      for (const v of candidates) {
        if (String(v).includes("e")) continue;
        for (const scale of [2, 4, 10])
          if (toScaled(v, scale) !== oracle(v, scale)) mismatches.push(`${v} at scale ${scale}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("formatScaled / formatCents", () => {
  it("formats with a minimum of decimals (XSD TDec types)", () => {
    expect(formatCents(0n)).toBe("0.00");
    expect(formatCents(5n)).toBe("0.05");
    expect(formatCents(123456n)).toBe("1234.56");
    expect(formatScaled(20000n, 4, 4)).toBe("2.0000");
    expect(formatScaled(125000000000n, 10, 2)).toBe("12.50");
    expect(formatScaled(123456789n, 10, 2)).toBe("0.0123456789");
    expect(formatScaled(1800n * 100n, 4, 2)).toBe("18.00");
    expect(formatScaled(16500n, 4, 2)).toBe("1.65");
  });
});

describe("divRoundHalfUp", () => {
  it("rounds halves up", () => {
    expect(divRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divRoundHalfUp(15n, 10n)).toBe(2n);
    expect(divRoundHalfUp(25n, 10n)).toBe(3n); // not banker's rounding
    expect(divRoundHalfUp(0n, 7n)).toBe(0n);
  });
});

describe("apportion", () => {
  it("splits exactly, remainder to the largest weight", () => {
    // 1.00 over 15.00 and 3.33: floors 0.81 + 0.18 = 0.99, the cent left goes to 15.00
    expect(apportion(100n, [1500n, 333n])).toEqual([82n, 18n]);
    // three equal weights: 1.00 -> 0.33 each + 0.01 to the first (tie)
    expect(apportion(100n, [500n, 500n, 500n])).toEqual([34n, 33n, 33n]);
  });

  it("never gives an item more than its cap", () => {
    // everything discounted: each gets exactly its weight
    expect(apportion(1003n, [1000n, 1n, 2n])).toEqual([1000n, 1n, 2n]);
    expect(apportion(2n, [1n, 1n], [1n, 1n])).toEqual([1n, 1n]);
    expect(() => apportion(5n, [1n, 1n])).toThrow(RangeError);
  });

  it("gives zeros for a zero total or zero weights", () => {
    expect(apportion(0n, [1n, 2n])).toEqual([0n, 0n]);
    expect(apportion(5n, [0n, 0n])).toEqual([0n, 0n]);
  });
});
