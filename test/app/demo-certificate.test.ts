import { describe, expect, it } from "vitest";
import { createDemoPkcs12 } from "../../src/app/demo/demo-certificate.js";
import { assertCertificateUsable, loadPkcs12 } from "../../src/fiscal/certificate.js";

describe("demo certificate", () => {
  it("is a PKCS#12 whose CNPJ the signing code recognises, valid now and for the emitter only", () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const id = loadPkcs12(createDemoPkcs12("11222333000181", "demo", now), "demo");
    expect(id.cnpj).toBe("11222333000181");
    expect(() => assertCertificateUsable(id, now, { cnpj: "11222333000181" })).not.toThrow();
    expect(() => assertCertificateUsable(id, now, { cnpj: "06157250000116" })).toThrow(/CNPJ/);
  });
});
