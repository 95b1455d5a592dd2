// The config and sale that many tests start from: the test emitter (CNPJ 06.157.250/0001-16 in
// São Paulo), a placeholder certificate and the test CSC. Each test passes only what it is about.
import type { EmitterConfig } from "../../src/config/schema.js";

export const TEST_CSC = { id: "1", token: "0123456789ABCDEF0123456789ABCDEF" };

/** The emitter section of the config with only the required fields. */
export function testEmitter(): EmitterConfig {
  return {
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
  };
}

/** A minimal valid config file's content (fresh objects each call); top-level keys are replaced by `overrides`. */
export function rawTestConfig<T extends object = Record<never, never>>(overrides: T = {} as T) {
  return {
    dataDir: "data",
    emitter: testEmitter(),
    certificate: { path: "cert.pfx", password: "secret" },
    csc: { ...TEST_CSC },
    ...overrides,
  };
}

/** Two packs of coffee at R$ 12,50 paid with R$ 30,00 in cash (fresh objects each call). */
export function sampleSale() {
  return {
    items: [
      {
        code: "1001",
        gtin: "7891000100103",
        description: "CAFE TORRADO 500G",
        ncm: "09012100",
        cfop: "5102",
        unit: "UN",
        quantity: 2,
        unitPrice: 12.5,
        discount: 0,
        tax: { origin: 0, csosn: "102" },
      },
    ],
    payments: [{ type: "01", amount: 30 }],
  };
}

/** One item at the given price, paid exactly in cash: the sale of the sync and scenario tests. */
export function oneItemSale(priceCents = 1250, code = "1001") {
  const price = priceCents / 100;
  return {
    items: [
      {
        code,
        description: "CAFE TORRADO 500G",
        ncm: "09012100",
        cfop: "5102",
        unit: "UN",
        quantity: 1,
        unitPrice: price,
        tax: { origin: 0, csosn: "102" },
      },
    ],
    payments: [{ type: "01", amount: price }],
  };
}
