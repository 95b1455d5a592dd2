// finalizeNfce: sign infNFe, then infNFeSupl (qrCode, urlChave) between infNFe and Signature.
import { describe, expect, it } from "vitest";
import { finalizeNfce } from "../../../src/fiscal/finalize-nfce.js";
import { qrV2Hash } from "../../../src/fiscal/qr-code.js";
import { verifyXmlSignature } from "../../../src/fiscal/verify-signature.js";
import { XsdValidator } from "../../../src/xsd/xsd-validator.js";
import { HAS_SHARED, SCHEMA_DIRS } from "../../helpers/shared.js";
import { golden, HAS_XMLSEC, identity, opensslCertificatePem, xmlsecVerifies } from "./helpers.js";
import { type Sample, sampleNfce } from "./sample-nfce.js";

const CSC = { id: "000001", token: "0123456789ABCDEF0123456789ABCDEF" };

function finalize(
  sample: Sample,
  version: 2 | 3,
  dest?: { type: "CPF" | "CNPJ"; value: string },
  which: "cnpj" | "cpf" = "cnpj",
) {
  return finalizeNfce(sample.xml, {
    identity: identity(which),
    qrCodeVersion: version,
    csc: CSC,
    uf: "SP",
    tpAmb: sample.tpAmb,
    chave: sample.chave,
    tpEmis: sample.tpEmis,
    dayOfMonth: sample.dayOfMonth,
    vNF: sample.vNF,
    dest,
  });
}

describe.skipIf(!HAS_SHARED)("finalizeNfce", () => {
  const offline = sampleNfce({ tpEmis: 9 });
  const online = sampleNfce({ tpEmis: 1 });
  const dest = { type: "CPF", value: "12345678909" } as const;
  const withDest = sampleNfce({ tpEmis: 9, dest });
  const cpfEmitter = sampleNfce({ tpEmis: 9, emitter: { type: "CPF", value: "90483926086" } });
  const cases = {
    "v2 offline": finalize(offline, 2),
    "v2 online": finalize(online, 2),
    "v3 offline": finalize(offline, 3),
    "v3 online": finalize(online, 3),
    "v3 offline with dest": finalize(withDest, 3, dest),
    "v3 offline CPF emitter": finalize(cpfEmitter, 3, undefined, "cpf"),
  };

  it("puts infNFeSupl between infNFe and Signature and keeps the signature valid", () => {
    for (const [name, out] of Object.entries(cases)) {
      expect(out.xml, name).toContain(
        `</infNFe><infNFeSupl><qrCode>${out.qrCode}</qrCode><urlChave>${out.urlChave}</urlChave></infNFeSupl><Signature `,
      );
      expect(verifyXmlSignature(out.xml, "infNFe"), name).toMatchObject({
        valid: true,
        digestValue: out.digestValue,
      });
    }
  });

  it("v2 offline: the QR's digVal is the hex of the Signature's DigestValue and the hash recomputes", () => {
    const out = cases["v2 offline"];
    const params = out.qrCode.split("?p=")[1]!.split("|");
    expect(params[5]).toBe(Buffer.from(out.digestValue, "ascii").toString("hex"));
    expect(params[6]).toBe("1");
    expect(params[7]).toBe(qrV2Hash(params.slice(0, 7).join("|"), CSC.token));
    expect(out.urlChave).toBe("https://www.homologacao.nfce.fazenda.sp.gov.br/NFCeConsultaPublica");
  });

  it("is deterministic: the v3 offline note equals its golden file", () => {
    expect(cases["v3 offline"].xml).toBe(golden("nfce-offline-v3-final.xml", cases["v3 offline"].xml));
  });

  it("every variant validates against the official PL_009_V4 and PL_010_V1.30 schemas", async () => {
    const xmls = Object.values(cases).map((c) => c.xml);
    for (const dir of [SCHEMA_DIRS.PL_009_V4, SCHEMA_DIRS.PL_010_V1_30]) {
      const results = await new XsdValidator(dir).validateMany(xmls, "nfe");
      for (const [i, r] of results.entries()) {
        expect(r, `${dir} #${i}: ${r.errors.join("; ")}`).toMatchObject({ valid: true });
      }
    }
  });

  it("refuses a chave that is not the document's", () => {
    expect(() => finalizeNfce(offline.xml, { ...baseOpts(offline), chave: online.chave })).toThrow(/Id/);
  });

  it.skipIf(!HAS_XMLSEC)("xmlsec1 accepts the final documents (infNFeSupl is outside the digest)", () => {
    const pem = opensslCertificatePem("cnpj");
    for (const out of Object.values(cases)) expect(xmlsecVerifies(out.xml, "infNFe", pem)).toBe(true);
  });
});

function baseOpts(sample: Sample) {
  return {
    identity: identity("cnpj"),
    qrCodeVersion: 2 as const,
    csc: CSC,
    uf: "SP",
    tpAmb: sample.tpAmb,
    chave: sample.chave,
    tpEmis: sample.tpEmis,
    dayOfMonth: sample.dayOfMonth,
    vNF: sample.vNF,
  };
}
