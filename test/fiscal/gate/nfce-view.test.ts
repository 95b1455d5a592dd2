// cents(): TDec_1302 text to integer cents, as the gate's totals and payment rules read money.
import { describe, expect, it } from "vitest";
import { cents } from "../../../src/fiscal/gate/nfce-view.js";

describe("cents", () => {
  it("reads 0, 1 or 2 decimals exactly, leading zeros included", () => {
    expect(cents("0")).toBe(0);
    expect(cents("0.00")).toBe(0);
    expect(cents("1.5")).toBe(150);
    expect(cents("12.34")).toBe(1234);
    expect(cents("0012.30")).toBe(1230);
    expect(cents("90071992547.40")).toBe(9007199254740); // exact up to 2^53 cents
    // beyond: the double nearest to whole × 100, as Number() reads the integer part
    expect(cents("999999999999999.99")).toBe(Number("999999999999999") * 100 + 99);
    expect(cents("12345678901234567890")).toBe(Number("12345678901234567890") * 100);
  });

  it("refuses what is not a plain decimal with at most 2 decimals", () => {
    for (const bad of [undefined, "", "1.", ".5", "1.234", "-1", "1e5", " 1", "1,00", "１"]) {
      expect(cents(bad)).toBeUndefined();
    }
  });
});
