// [nfce-reference] §3; [MOC-A1] F01 (298), F02 (297): enveloped XMLDSig, C14N 1.0, rsa-sha1, sha1.
import { describe, expect, it } from "vitest";
import { KioskError } from "../../../src/errors.js";
import { signXml } from "../../../src/fiscal/sign-xml.js";
import { verifyXmlSignature } from "../../../src/fiscal/verify-signature.js";
import { HAS_SHARED } from "../../helpers/shared.js";
import { golden, HAS_XMLSEC, identity, opensslCertificatePem, xmlsecVerifies } from "./helpers.js";
import { sampleNfce } from "./sample-nfce.js";

const EVENTO =
  '<evento xmlns="http://www.portalfiscal.inf.br/nfe" versao="1.00"><infEvento Id="ID1101113526110615725000011665001000000001948273619101">' +
  "<cOrgao>35</cOrgao><tpAmb>2</tpAmb><CNPJ>06157250000116</CNPJ><chNFe>35261106157250000116650010000000019482736191</chNFe>" +
  "<dhEvento>2026-11-22T07:40:00-03:00</dhEvento><tpEvento>110111</tpEvento><nSeqEvento>1</nSeqEvento><verEvento>1.00</verEvento>" +
  '<detEvento versao="1.00"><descEvento>Cancelamento</descEvento><nProt>135260000000001</nProt><xJust>CLIENTE DESISTIU DA COMPRA</xJust></detEvento>' +
  "</infEvento></evento>";
const INUT =
  '<inutNFe xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00"><infInut Id="ID35260615725000011665001000000010000000010">' +
  "<tpAmb>2</tpAmb><xServ>INUTILIZAR</xServ><cUF>35</cUF><ano>26</ano><CNPJ>06157250000116</CNPJ><mod>65</mod><serie>1</serie>" +
  "<nNFIni>10</nNFIni><nNFFin>10</nNFFin><xJust>NUMERO PULADO POR FALHA NO SISTEMA</xJust></infInut></inutNFe>";

describe.skipIf(!HAS_SHARED)("signXml", () => {
  const id = identity("cnpj");
  const sample = sampleNfce();
  const signed = signXml(sample.xml, "infNFe", id);

  it("keeps every byte of the document and appends one unprefixed Signature as the last child of NFe", () => {
    const at = signed.indexOf("<Signature");
    expect(signed.slice(0, at) + signed.slice(signed.lastIndexOf("</NFe>"))).toBe(sample.xml);
    expect(signed.slice(at)).toMatch(
      /^<Signature xmlns="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"><SignedInfo>/,
    );
    expect(signed.endsWith("</Signature></NFe>")).toBe(true);
    expect(signed).not.toMatch(/<\/?[a-z]+:/i); // no prefixes (404)
    expect(signed).not.toMatch(/>\s+</); // no whitespace between tags (588)
  });

  it("uses exactly the SEFAZ algorithms, URI and a one-line certificate", () => {
    expect(signed).toContain(
      '<CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>',
    );
    expect(signed).toContain('<SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>');
    expect(signed).toContain(`<Reference URI="#NFe${sample.chave}">`);
    expect(signed).toContain(
      '<Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>' +
        '<Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/></Transforms>',
    );
    expect(signed).toContain('<DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>');
    expect(signed).toContain(
      `<KeyInfo><X509Data><X509Certificate>${id.certificateBase64}</X509Certificate></X509Data></KeyInfo>`,
    );
    expect(signed.match(/<X509Certificate>/g)).toHaveLength(1);
  });

  it("is deterministic (RSA PKCS#1 v1.5): equal to the golden file", () => {
    expect(signed).toBe(golden("nfce-offline-signed.xml", signed));
    expect(signXml(sample.xml, "infNFe", id)).toBe(signed);
  });

  it("signs infEvento inside evento and infInut inside inutNFe", () => {
    for (const [xml, target, parent] of [
      [EVENTO, "infEvento", "evento"],
      [INUT, "infInut", "inutNFe"],
    ] as const) {
      const out = signXml(xml, target, id);
      expect(out.endsWith(`</Signature></${parent}>`)).toBe(true);
      expect(verifyXmlSignature(out, target)).toMatchObject({ valid: true });
    }
  });

  it("refuses what it cannot sign correctly, with a coded error", () => {
    const bad = [
      sample.xml.replace(/ Id="[^"]+"/, ""),
      sample.xml.replace("</NFe>", ""),
      signed,
      `<NFe>${sample.xml}</NFe>`,
    ];
    for (const xml of bad) {
      expect(() => signXml(xml, "infNFe", id)).toThrow(KioskError);
    }
  });
});

describe.skipIf(!HAS_SHARED)("verifyXmlSignature", () => {
  const id = identity("cnpj");
  const signed = signXml(sampleNfce().xml, "infNFe", id);

  it("accepts the signed document and reports the certificate and digest", () => {
    const result = verifyXmlSignature(signed, "infNFe");
    expect(result.valid).toBe(true);
    expect(result.certificateBase64).toBe(id.certificateBase64);
    expect(result.digestValue).toBe(/<DigestValue>([^<]+)</.exec(signed)?.[1]);
  });

  const tampered: Array<[string, string, RegExp]> = [
    ["a value inside infNFe", signed.replace("<vNF>29.50</vNF>", "<vNF>29.51</vNF>"), /^297/],
    ["whitespace inside infNFe", signed.replace("<ide>", "<ide>\n"), /^297/],
    [
      "the SignatureValue",
      signed.replace(/<SignatureValue>(.)/, (_m, c) => `<SignatureValue>${c === "A" ? "B" : "A"}`),
      /^297/,
    ],
    [
      "the DigestValue",
      signed.replace(/<DigestValue>(.)/, (_m, c) => `<DigestValue>${c === "A" ? "B" : "A"}`),
      /^297/,
    ],
    ["the Reference URI", signed.replace('URI="#NFe', 'URI="#NFX'), /^298/],
    ["the digest algorithm", signed.replace("xmldsig#sha1", "xmlenc#sha256"), /^298/],
    [
      "the exclusive C14N",
      signed.replace(/REC-xml-c14n-20010315"\/><SignatureMethod/, 'xml-exc-c14n#"/><SignatureMethod'),
      /^298/,
    ],
    ["a line break in the certificate", signed.replace(/(<X509Certificate>.{64})/, "$1\n"), /^298/],
    [
      "a second certificate",
      signed.replace("</X509Data>", "<X509Certificate>AAAA</X509Certificate></X509Data>"),
      /^298/,
    ],
    [
      "a ds: prefix",
      signed
        .replace("<Signature xmlns=", "<ds:Signature xmlns:ds=")
        .replace("</Signature>", "</ds:Signature>"),
      /^298/,
    ],
    ["broken XML", signed.slice(0, -10), /^243/],
  ];
  for (const [what, xml, reason] of tampered) {
    it(`rejects a change to ${what}`, () => {
      const result = verifyXmlSignature(xml, "infNFe");
      expect(result.valid).toBe(false);
      expect(result.reason).toMatch(reason);
    });
  }

  it("rejects a Signature moved inside infNFe, a duplicated Id, and a second Signature (wrapping)", () => {
    const sig = /<Signature .*<\/Signature>/.exec(signed)![0];
    const inside = signed.replace(sig, "").replace("</infNFe>", `${sig}</infNFe>`);
    expect(verifyXmlSignature(inside, "infNFe")).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^298/),
    });
    const id = /Id="(NFe\d{44})"/.exec(signed)![1]!;
    const duplicated = signed.replace("<infAdic>", `<infAdic><obsCont Id="${id}"/>`);
    expect(verifyXmlSignature(duplicated, "infNFe")).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^29[78]/),
    });
    const twice = signed.replace("</NFe>", `${sig}</NFe>`);
    expect(verifyXmlSignature(twice, "infNFe")).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^298/),
    });
  });

  it("rejects a signature made by another key than the one in KeyInfo", () => {
    // The CNPJ and CPF test certificates share one RSA key, so the other key is the expired certificate's.
    const other = signXml(sampleNfce().xml, "infNFe", identity("expired"));
    const otherCert = /<X509Certificate>([^<]+)</.exec(other)![1]!;
    const swapped = signed.replace(/<X509Certificate>[^<]+</, `<X509Certificate>${otherCert}<`);
    expect(verifyXmlSignature(swapped, "infNFe")).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^297/),
    });
  });
});

describe.skipIf(!HAS_XMLSEC)("independent check with xmlsec1 --verify", () => {
  const certPem = opensslCertificatePem("cnpj");
  const signed = signXml(sampleNfce().xml, "infNFe", identity("cnpj"));

  it("xmlsec1 accepts the golden signed NFC-e, the event and the inutilização", () => {
    expect(xmlsecVerifies(golden("nfce-offline-signed.xml", signed), "infNFe", certPem)).toBe(true);
    expect(xmlsecVerifies(signXml(EVENTO, "infEvento", identity("cnpj")), "infEvento", certPem)).toBe(true);
    expect(xmlsecVerifies(signXml(INUT, "infInut", identity("cnpj")), "infInut", certPem)).toBe(true);
  });

  it("xmlsec1 rejects the tampered copies our verifier rejects", () => {
    const copies = [
      signed.replace("<vNF>29.50</vNF>", "<vNF>29.51</vNF>"),
      signed.replace("<ide>", "<ide>\n"),
      signed.replace(/<SignatureValue>(.)/, (_m, c) => `<SignatureValue>${c === "A" ? "B" : "A"}`),
    ];
    for (const copy of copies) {
      expect(verifyXmlSignature(copy, "infNFe").valid).toBe(false);
      expect(xmlsecVerifies(copy, "infNFe", certPem)).toBe(false);
    }
  });

  it("xmlsec1 rejects the document when given another certificate", () => {
    expect(xmlsecVerifies(signed, "infNFe", opensslCertificatePem("expired"))).toBe(false);
  });
});
