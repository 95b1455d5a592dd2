import { describe, expect, it } from "vitest";
import { KioskError } from "../../../src/errors.js";
import {
  accessKeyCheckDigit,
  buildAccessKey,
  FORBIDDEN_CNF,
  generateCNF,
  isValidCNF,
  parseAccessKey,
} from "../../../src/fiscal/access-key.js";

describe("access key check digit", () => {
  it("matches the recomputed reference vector (DV = 1)", () => {
    // nfce-reference §1, [MOC-A1] B23: mod 11, weights 2..9 from the right
    expect(accessKeyCheckDigit("3526081234567800019565001000000001948273619")).toBe(1);
  });

  it("values letters as ASCII − 48 (NT 2026.004)", () => {
    // hand computed: 'A' = 65 − 48 = 17; weight 2 -> 34 mod 11 = 1 -> DV 0
    expect(accessKeyCheckDigit(`${"0".repeat(42)}A`)).toBe(0);
    // 'A' at weight 3: 51 mod 11 = 7 -> DV 4
    expect(accessKeyCheckDigit(`${"0".repeat(41)}A0`)).toBe(4);
    // 'Z' = 42 at weight 2: 84 mod 11 = 7 -> DV 4
    expect(accessKeyCheckDigit(`${"0".repeat(42)}Z`)).toBe(4);
  });

  it("gives 0 when the rest is 0 or 1", () => {
    expect(accessKeyCheckDigit("0".repeat(43))).toBe(0); // rest 0
    // a single 6 at weight 2: 12 mod 11 = 1 -> DV 0
    expect(accessKeyCheckDigit(`${"0".repeat(42)}6`)).toBe(0);
  });

  it("refuses lower-case or short input", () => {
    expect(() => accessKeyCheckDigit("abc")).toThrow(RangeError);
    expect(() => accessKeyCheckDigit(`${"0".repeat(42)}a`)).toThrow(RangeError);
  });
});

describe("buildAccessKey / parseAccessKey", () => {
  const parts = {
    cUF: "35",
    aamm: "2608",
    cnpjCpf: "12345678000195",
    mod: "65" as const,
    serie: 1,
    nNF: 1,
    tpEmis: 9 as const,
    cNF: "48273619",
  };

  it("lays the parts out as [MOC-A1] B23 and appends the DV", () => {
    expect(buildAccessKey(parts)).toBe("35260812345678000195650010000000019482736191");
  });

  it("round-trips through parseAccessKey", () => {
    const chave = buildAccessKey({ ...parts, serie: 920, nNF: 123456789, tpEmis: 1 });
    expect(parseAccessKey(chave)).toEqual({
      ...parts,
      serie: 920,
      nNF: 123456789,
      tpEmis: 1,
      cDV: Number(chave[43]),
    });
  });

  it("carries an alphanumeric CNPJ (NT 2026.004)", () => {
    // 12.ABC.345/01DE-35 is the Receita Federal example of an alphanumeric CNPJ
    const chave = buildAccessKey({ ...parts, cnpjCpf: "12ABC34501DE35" });
    expect(chave).toMatch(/^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$/);
    expect(chave.slice(6, 20)).toBe("12ABC34501DE35");
    expect(parseAccessKey(chave).cnpjCpf).toBe("12ABC34501DE35");
  });

  it("refuses a wrong check digit, shape, model or tpEmis with KIOSK_ERR_INPUT_INVALID", () => {
    const good = buildAccessKey(parts);
    const wrongDv = good.slice(0, 43) + String((Number(good[43]) + 1) % 10);
    for (const bad of [wrongDv, good.slice(1), `${good}0`, good.replace(/^35/, "3A")]) {
      expect(() => parseAccessKey(bad)).toThrow(KioskError);
    }
    const nfe = `${good.slice(0, 20)}55${good.slice(22, 43)}`;
    expect(() => parseAccessKey(nfe + accessKeyCheckDigit(nfe))).toThrow(/model 55/);
    const epec = `${good.slice(0, 34)}4${good.slice(35, 43)}`;
    expect(() => parseAccessKey(epec + accessKeyCheckDigit(epec))).toThrow(/tpEmis 4/);
  });

  it("refuses impossible parts", () => {
    expect(() => buildAccessKey({ ...parts, aamm: "2613" })).toThrow(KioskError);
    expect(() => buildAccessKey({ ...parts, nNF: 0 })).toThrow(KioskError);
    expect(() => buildAccessKey({ ...parts, serie: 1000 })).toThrow(KioskError);
    expect(() => buildAccessKey({ ...parts, cNF: "1234567" })).toThrow(KioskError);
  });
});

describe("cNF ([MOC-A1] B03-10, NT 2019.001, rejection 897)", () => {
  const forbidden = [
    "00000000",
    "11111111",
    "22222222",
    "33333333",
    "44444444",
    "55555555",
    "66666666",
    "77777777",
    "88888888",
    "99999999",
    "12345678",
    "23456789",
    "34567890",
    "45678901",
    "56789012",
    "67890123",
    "78901234",
    "89012345",
    "90123456",
    "01234567",
  ];

  it("knows every forbidden value", () => {
    expect([...FORBIDDEN_CNF].sort()).toEqual([...forbidden].sort());
    for (const cNF of forbidden) expect(isValidCNF(cNF, 1)).toBe(false);
  });

  it("never equals nNF", () => {
    expect(isValidCNF("00000042", 42)).toBe(false);
    expect(isValidCNF("00000042", 43)).toBe(true);
  });

  it("skips forbidden draws and nNF", () => {
    // draws: 12345678 (forbidden), 00000007 (= nNF), then 48273619
    const draws = [0.12345678, 0.00000007, 0.48273619];
    expect(generateCNF(() => draws.shift()!, 7)).toBe("48273619");
  });

  it("skips every forbidden sequence", () => {
    const draws = [...forbidden.map((f) => Number(f) / 1e8), 0.5];
    expect(generateCNF(() => draws.shift()!, 1)).toBe("50000000");
  });

  it("gives up with KIOSK_ERR_INTERNAL on a broken random source", () => {
    expect(() => generateCNF(() => 0, 1)).toThrow(expect.objectContaining({ code: "KIOSK_ERR_INTERNAL" }));
    expect(() => generateCNF(() => Number.NaN, 1)).toThrow(KioskError);
  });

  it("pads small draws to 8 digits and maps the top draw to 99999999 (forbidden)", () => {
    const draws = [0.999999999, 0.00000001];
    expect(generateCNF(() => draws.shift()!, 7)).toBe("00000001");
  });
});
