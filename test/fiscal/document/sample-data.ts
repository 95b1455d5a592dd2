// Emitters and sales shared by the document tests.
import type { EmitterConfig } from "../../../src/config/schema.js";
import { sampleSale, testEmitter } from "../../helpers/test-config.js";

export const EMITTER_SN: EmitterConfig = {
  ...testEmitter(),
  tradeName: "QUIOSQUE TESTE",
  address: { ...testEmitter().address, phone: "1133334444" },
};

export const EMITTER_NORMAL: EmitterConfig = { ...EMITTER_SN, crt: 3, im: "12345", cnae: "4721102" };

/** Receita Federal's example of an alphanumeric CNPJ: 12.ABC.345/01DE-35. */
export const ALPHANUMERIC_CNPJ = "12ABC34501DE35";

export const SALE_SN = { ...sampleSale(), customer: { cpf: "12345678909", name: "FULANO" } };

export const SALE_NORMAL = {
  items: [
    {
      code: "2001",
      description: "PAO DE QUEIJO & CAFE <COMBO>",
      ncm: "19059090",
      cfop: "5102",
      unit: "KG",
      quantity: 1.5,
      unitPrice: 10,
      tax: {
        origin: 0,
        cst: "00",
        icmsRate: 18,
        pis: { cst: "01", rate: 1.65 },
        cofins: { cst: "01", rate: 7.6 },
      },
    },
    {
      code: "2002",
      gtin: "7891000100103",
      description: "REFRIGERANTE LATA",
      ncm: "22021000",
      cest: "0300700",
      cfop: "5405",
      unit: "UN",
      quantity: 1,
      unitPrice: 3.33,
      tax: { origin: 0, cst: "60", pis: { cst: "04" }, cofins: { cst: "04" } },
    },
    {
      code: "2003",
      description: "BISCOITO",
      ncm: "19053100",
      cfop: "5102",
      unit: "UN",
      quantity: 3,
      unitPrice: 2.99,
      tax: {
        origin: 0,
        cst: "20",
        icmsRate: 18,
        icmsBaseReduction: 33.33,
        pis: { cst: "99" },
        cofins: { cst: "99" },
        ibsCbs: { cst: "000", cClassTrib: "000001", cbsRate: 0.9, ibsUfRate: 0.1 },
      },
    },
  ],
  discount: 1,
  payments: [
    { type: "17", amount: 20 },
    { type: "01", amount: 10 },
  ],
};
