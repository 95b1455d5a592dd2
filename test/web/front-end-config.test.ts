import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/load-config.js";

const base = () => ({
  dataDir: "data",
  emitter: {
    cnpj: "06157250000116",
    ie: "111111111111",
    name: "EMPRESA TESTE LTDA",
    crt: 1,
    address: {
      street: "RUA TESTE",
      number: "100",
      district: "CENTRO",
      cityCode: "3550308",
      city: "SAO PAULO",
      uf: "SP",
      cep: "01001000",
    },
  },
  certificate: { path: "cert.pfx", password: "secret" },
  csc: { id: "1", token: "0123456789ABCDEF0123456789ABCDEF" },
});

describe("config frontEnd section", () => {
  it("has defaults for the UI, logins, scale labels and the console", () => {
    expect(validateConfig(base()).frontEnd).toEqual({
      weighedBarcode: "price",
      maxPinAttempts: 5,
      lockoutMinutes: 5,
      sessionIdleMinutes: 30,
      consoleIdleMinutes: 5,
      exportRoots: ["/media", "/mnt"],
    });
  });

  it("refuses unknown keys and bad values with the field", () => {
    expect(() => validateConfig({ ...base(), frontEnd: { weighedBarcod: "price" } })).toThrow(
      expect.objectContaining({ code: "KIOSK_ERR_CONFIG_INVALID", field: "frontEnd.weighedBarcod" }),
    );
    expect(() => validateConfig({ ...base(), frontEnd: { maxPinAttempts: 1 } })).toThrow(
      expect.objectContaining({ field: "frontEnd.maxPinAttempts" }),
    );
  });
});
