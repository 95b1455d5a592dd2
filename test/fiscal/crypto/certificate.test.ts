import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KioskError } from "../../../src/errors.js";
import { assertCertificateUsable, daysUntilExpiry, loadPkcs12 } from "../../../src/fiscal/certificate.js";
import { CERTS, HAS_SHARED } from "../../helpers/shared.js";
import { identity, opensslCertificatePem } from "./helpers.js";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof KioskError ? error.code : `not a KioskError: ${String(error)}`;
  }
  return undefined;
}

describe.skipIf(!HAS_SHARED)("loadPkcs12", () => {
  it("reads the CNPJ test certificate: key, one-line DER, holder CNPJ and validity", () => {
    const id = identity("cnpj");
    expect(id.cnpj).toBe("06157250000116");
    expect(id.cpf).toBeUndefined();
    expect(id.certificateBase64).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(id.privateKeyPem).toContain("BEGIN RSA PRIVATE KEY");
    expect(id.subject).toContain("CN=06.157.250/0001-16");
    expect(id.notBefore.toISOString()).toBe("2024-06-07T14:56:44.000Z");
    expect(id.notAfter.toISOString()).toBe("2034-06-05T14:56:44.000Z");
    // The same certificate openssl extracts with -clcerts (the key's own certificate, not another bag).
    const openssl = opensslCertificatePem("cnpj").replace(/-----[^-]+-----|\s/g, "");
    expect(id.certificateBase64).toBe(openssl);
  });

  it("reads the CPF of an e-CPF certificate (ICP-Brasil OID 2.16.76.1.3.1, CPF at chars 9-19)", () => {
    const id = identity("cpf");
    expect(id.cpf).toBe("90483926086");
    expect(id.cnpj).toBeUndefined();
  });

  it("reads the CNPJ from the subjectAltName otherName of an ICP-style certificate with a chain", () => {
    const id = identity("expired");
    expect(id.cnpj).toBe("99999090910270");
    expect(id.subject).toContain("NFe - Associacao NF-e:99999090910270");
  });

  it("a wrong password is KIOSK_ERR_CERT_PASSWORD", () => {
    expect(codeOf(() => loadPkcs12(readFileSync(CERTS.cnpj.path), "senhaerrada"))).toBe(
      "KIOSK_ERR_CERT_PASSWORD",
    );
  });

  it("garbage or a truncated file is KIOSK_ERR_CERT_UNREADABLE, never a crash", () => {
    expect(codeOf(() => loadPkcs12(Buffer.from("not a pfx at all"), "x"))).toBe("KIOSK_ERR_CERT_UNREADABLE");
    const truncated = readFileSync(CERTS.cnpj.path).subarray(0, 700);
    expect(codeOf(() => loadPkcs12(truncated, CERTS.cnpj.password))).toBe("KIOSK_ERR_CERT_UNREADABLE");
    expect(codeOf(() => loadPkcs12(new Uint8Array(), "x"))).toBe("KIOSK_ERR_CERT_UNREADABLE");
  });
});

describe.skipIf(!HAS_SHARED)("assertCertificateUsable", () => {
  const now = new Date("2026-11-22T10:00:00Z");

  it("accepts the certificate of the emitter's CNPJ base (another branch of the same company)", () => {
    const id = identity("cnpj");
    expect(() => assertCertificateUsable(id, now, { cnpj: "06157250000116" })).not.toThrow();
    expect(() => assertCertificateUsable(id, now, { cnpj: "06157250000297" })).not.toThrow();
  });

  it("the expired certificate is KIOSK_ERR_CERT_EXPIRED and the message says the date", () => {
    const id = identity("expired");
    expect(codeOf(() => assertCertificateUsable(id, now, { cnpj: "99999090910270" }))).toBe(
      "KIOSK_ERR_CERT_EXPIRED",
    );
    expect(() => assertCertificateUsable(id, now, { cnpj: "99999090910270" })).toThrow(/2010-10-02/);
  });

  it("before notBefore is KIOSK_ERR_CERT_NOT_YET_VALID (a clock far behind)", () => {
    const id = identity("cnpj");
    const early = new Date("2024-01-01T00:00:00Z");
    expect(codeOf(() => assertCertificateUsable(id, early, { cnpj: "06157250000116" }))).toBe(
      "KIOSK_ERR_CERT_NOT_YET_VALID",
    );
  });

  it("another CNPJ base is KIOSK_ERR_CERT_CNPJ_MISMATCH ([MOC-A1] F03, cStat 213) naming both", () => {
    const id = identity("cnpj");
    expect(codeOf(() => assertCertificateUsable(id, now, { cnpj: "11222333000181" }))).toBe(
      "KIOSK_ERR_CERT_CNPJ_MISMATCH",
    );
    expect(() => assertCertificateUsable(id, now, { cnpj: "11222333000181" })).toThrow(
      /06157250000116.*11222333/,
    );
  });

  it("CPF emitter: the e-CPF must hold the same CPF ([MOC-A1] F03A, cStat 227)", () => {
    const id = identity("cpf");
    expect(() => assertCertificateUsable(id, now, { cpf: "90483926086" })).not.toThrow();
    expect(codeOf(() => assertCertificateUsable(id, now, { cpf: "12345678909" }))).toBe(
      "KIOSK_ERR_CERT_CNPJ_MISMATCH",
    );
    expect(codeOf(() => assertCertificateUsable(id, now, { cnpj: "06157250000116" }))).toBe(
      "KIOSK_ERR_CERT_CNPJ_MISMATCH",
    );
  });

  it("daysUntilExpiry counts whole days and goes negative after expiry", () => {
    const id = identity("cnpj");
    expect(daysUntilExpiry(id, new Date("2034-06-04T14:56:44Z"))).toBe(1);
    expect(daysUntilExpiry(id, new Date("2034-06-05T14:56:43Z"))).toBe(0);
    expect(daysUntilExpiry(identity("expired"), now)).toBeLessThan(-5000);
  });
});
