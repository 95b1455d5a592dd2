import { createVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KioskError } from "../../../src/errors.js";
import qrUrls from "../../../src/fiscal/data/qr-urls.json" with { type: "json" };
import {
  buildQrCode,
  digestValueHex,
  normalizeCscId,
  qrBaseUrl,
  qrV2Hash,
  urlChave,
} from "../../../src/fiscal/qr-code.js";
import { HAS_SHARED } from "../../helpers/shared.js";
import { identity, opensslCertificatePem } from "./helpers.js";

// The manual's CSC: its text says "CODIGO-CSC-..." but every worked string uses "SEU-CODIGO-CSC-...".
const MANUAL_CSC = { id: "000001", token: "SEU-CODIGO-CSC-CONTRIBUINTE-36-CARACTERES" };
const UFS = "AC AL AP AM BA CE DF ES GO MA MG MS MT PA PB PE PI PR RJ RN RO RR RS SC SE SP TO".split(" ");

describe("QR code v2 — official vectors of [MAN6] §4.3.6", () => {
  it("online: hash DC6AE2C2B9A992BE59679AC365E29922DE6B7511 ([MAN6] §4.3.6.1)", () => {
    expect(qrV2Hash("28170800156225000131650110000151341562040824|2|1|1", MANUAL_CSC.token)).toBe(
      "DC6AE2C2B9A992BE59679AC365E29922DE6B7511",
    );
    const url = buildQrCode({
      chave: "28170800156225000131650110000151341562040824",
      tpAmb: 1,
      tpEmis: 1,
      version: 2,
      uf: "SE",
      csc: MANUAL_CSC,
      dayOfMonth: "02",
      vNF: "60.90",
    });
    expect(url).toBe(
      "http://www.nfce.se.gov.br/nfce/qrcode?p=28170800156225000131650110000151341562040824|2|1|1|DC6AE2C2B9A992BE59679AC365E29922DE6B7511",
    );
  });

  it("offline: digVal hex and hash 4615A93BB0D7C4E780F8D30EE77EDD5BA55C7D66 ([MAN6] §4.3.6.2)", () => {
    expect(digestValueHex("yzGYhUx1/XYYzksWB+fPR3Qc50c=")).toBe(
      "797a4759685578312f5859597a6b7357422b6650523351633530633d",
    );
    const url = buildQrCode({
      chave: "28170800156225000131650110000151349562040824",
      tpAmb: 1,
      tpEmis: 9,
      version: 2,
      uf: "SE",
      csc: MANUAL_CSC,
      dayOfMonth: "02",
      vNF: "60.90",
      digestValue: "yzGYhUx1/XYYzksWB+fPR3Qc50c=",
    });
    expect(url.split("?p=")[1]).toBe(
      "28170800156225000131650110000151349562040824|2|1|02|60.90|797a4759685578312f5859597a6b7357422b6650523351633530633d|1|4615A93BB0D7C4E780F8D30EE77EDD5BA55C7D66",
    );
  });

  it("idCSC goes without non-significant zeros and must be 1-6 digits", () => {
    expect(normalizeCscId("000001")).toBe("1");
    expect(normalizeCscId("120")).toBe("120");
    expect(normalizeCscId("0")).toBe("0");
    expect(() => normalizeCscId("1234567")).toThrow(KioskError);
    expect(() => normalizeCscId("A1")).toThrow(KioskError);
  });

  it("refuses to build v2 without the CSC, or offline without the DigestValue", () => {
    const base = {
      chave: "3".repeat(44),
      tpAmb: 2,
      version: 2,
      uf: "SP",
      dayOfMonth: "22",
      vNF: "1.00",
    } as const;
    expect(() => buildQrCode({ ...base, tpEmis: 1 })).toThrow(/CSC/);
    expect(() => buildQrCode({ ...base, tpEmis: 9, csc: MANUAL_CSC })).toThrow(/DigestValue/);
    expect(() => buildQrCode({ ...base, tpEmis: 9, csc: MANUAL_CSC, digestValue: "x", vNF: "1.5" })).toThrow(
      /vNF/,
    );
    expect(() =>
      buildQrCode({ ...base, tpEmis: 9, csc: MANUAL_CSC, digestValue: "x", dayOfMonth: "2" }),
    ).toThrow(/day/);
  });
});

describe.skipIf(!HAS_SHARED)("QR code v3 ([MAN6] §4.4, [NT2025.001] §04)", () => {
  const chave9 = "35261106157250000116650010000000019482736191";
  it("online is chave|3|tpAmb and nothing else", () => {
    const url = buildQrCode({
      chave: chave9,
      tpAmb: 2,
      tpEmis: 1,
      version: 3,
      uf: "SP",
      dayOfMonth: "22",
      vNF: "29.50",
    });
    expect(url).toBe(`https://www.homologacao.nfce.fazenda.sp.gov.br/qrcode?p=${chave9}|3|2`);
  });

  it("offline without dest keeps the empty separators and signs params 1-7 (verified by node:crypto with openssl's cert)", () => {
    const url = buildQrCode({
      chave: chave9,
      tpAmb: 2,
      tpEmis: 9,
      version: 3,
      uf: "SP",
      dayOfMonth: "22",
      vNF: "29.50",
      identity: identity("cnpj"),
    });
    const p = url.split("?p=")[1]!;
    const signedPart = `${chave9}|3|2|22|29.50||`;
    expect(p.startsWith(`${signedPart}|`)).toBe(true);
    const signature = p.slice(signedPart.length + 1);
    expect(signature).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const ok = createVerify("RSA-SHA1")
      .update(signedPart, "utf8")
      .verify(opensslCertificatePem("cnpj"), signature, "base64");
    expect(ok).toBe(true);
    // A changed value no longer verifies (what SEFAZ answers with 583).
    const bad = createVerify("RSA-SHA1").update(signedPart.replace("29.50", "29.51"), "utf8");
    expect(bad.verify(opensslCertificatePem("cnpj"), signature, "base64")).toBe(false);
  });

  it("offline with a CPF dest: tpIdDest 2 and the digits; CNPJ dest: 1", () => {
    const common = {
      chave: chave9,
      tpAmb: 2,
      tpEmis: 9,
      version: 3,
      uf: "SP",
      dayOfMonth: "22",
      vNF: "29.50",
      identity: identity("cpf"),
    } as const;
    const cpf = buildQrCode({ ...common, dest: { type: "CPF", value: "12345678909" } });
    expect(cpf).toContain(`${chave9}|3|2|22|29.50|2|12345678909|`);
    const cnpj = buildQrCode({ ...common, dest: { type: "CNPJ", value: "11222333000181" } });
    expect(cnpj).toContain("|29.50|1|11222333000181|");
    const signature = cpf.split("|").at(-1)!;
    const ok = createVerify("RSA-SHA1")
      .update(`${chave9}|3|2|22|29.50|2|12345678909`)
      .verify(opensslCertificatePem("cpf"), signature, "base64");
    expect(ok).toBe(true);
  });

  it("offline with an alphanumeric dest CNPJ is refused: the official qrCode pattern takes digits only", () => {
    expect(() =>
      buildQrCode({
        chave: chave9,
        tpAmb: 2,
        tpEmis: 9,
        version: 3,
        uf: "SP",
        dayOfMonth: "22",
        vNF: "29.50",
        identity: identity("cnpj"),
        dest: { type: "CNPJ", value: "12ABC34501DE35" },
      }),
    ).toThrow(/alphanumeric/);
  });

  it("offline without the certificate is refused", () => {
    expect(() =>
      buildQrCode({
        chave: chave9,
        tpAmb: 2,
        tpEmis: 9,
        version: 3,
        uf: "SP",
        dayOfMonth: "22",
        vNF: "29.50",
      }),
    ).toThrow(/certificate/);
  });
});

describe("per-UF addresses (data/qr-urls.json, [nfce-reference] §4.3)", () => {
  it("has a QR address and a urlChave for all 27 UFs in both environments, in the XSD's shapes", () => {
    for (const uf of UFS) {
      for (const tpAmb of [1, 2] as const) {
        expect(qrBaseUrl(uf, tpAmb)).toMatch(/^https?:\/\/[^\s?]+$/);
        const chave = urlChave(uf, tpAmb);
        expect(chave.length).toBeGreaterThanOrEqual(21); // ZX03 urlChave 21-85
        expect(chave.length).toBeLessThanOrEqual(85);
      }
    }
    expect(Object.keys(qrUrls.qrCode).sort()).toEqual([...UFS].sort());
    expect(Object.keys(qrUrls.urlChave).sort()).toEqual([...UFS].sort());
  });

  it("knows SP's two environments and takes a lower-case UF; an unknown UF is a coded error", () => {
    expect(qrBaseUrl("SP", 1)).toBe("https://www.nfce.fazenda.sp.gov.br/qrcode");
    expect(qrBaseUrl("sp", 2)).toBe("https://www.homologacao.nfce.fazenda.sp.gov.br/qrcode");
    expect(urlChave("MG", 2)).toBe("https://hportalsped.fazenda.mg.gov.br/portalnfce");
    expect(() => qrBaseUrl("XX", 1)).toThrow(KioskError);
  });
});
