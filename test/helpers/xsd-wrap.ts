// For XSD validation only: completes an unsigned NFe with a schema-valid infNFeSupl (a QR code v3
// online URL) and a dummy Signature, so that nfe_v4.00.xsd (which requires both) can check the rest.
// The signature is not a real one: never use the result for anything but schema checks.

const DS = "http://www.w3.org/2000/09/xmldsig#";
const DUMMY_B64 = "AAAA";

export function wrapForXsd(nfeXml: string): string {
  const chave = /Id="NFe([0-9A-Z]{44})"/.exec(nfeXml)?.[1];
  if (!chave) throw new Error("wrapForXsd: no infNFe Id in the document");
  const tpAmb = /<tpAmb>([12])<\/tpAmb>/.exec(nfeXml)?.[1] ?? "2";
  // QR v3: online "p=chave|3|tpAmb"; offline adds day, vNF, dest type/id (empty) and a signature
  const offline = chave[34] === "9";
  const p = offline ? `${chave}|3|${tpAmb}|01|1.00|||${DUMMY_B64}` : `${chave}|3|${tpAmb}`;
  const supl =
    "<infNFeSupl>" +
    `<qrCode>https://qr.example.gov.br/nfce/qrcode?p=${p}</qrCode>` +
    "<urlChave>https://example.gov.br/nfce/consulta</urlChave>" +
    "</infNFeSupl>";
  const signature =
    `<Signature xmlns="${DS}"><SignedInfo>` +
    `<CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>` +
    `<SignatureMethod Algorithm="${DS}rsa-sha1"/>` +
    `<Reference URI="#NFe${chave}"><Transforms>` +
    `<Transform Algorithm="${DS}enveloped-signature"/>` +
    `<Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>` +
    `</Transforms><DigestMethod Algorithm="${DS}sha1"/><DigestValue>${DUMMY_B64}</DigestValue></Reference>` +
    `</SignedInfo><SignatureValue>${DUMMY_B64}</SignatureValue>` +
    `<KeyInfo><X509Data><X509Certificate>${DUMMY_B64}</X509Certificate></X509Data></KeyInfo></Signature>`;
  if (!nfeXml.endsWith("</NFe>")) throw new Error("wrapForXsd: the document does not end with </NFe>");
  return `<?xml version="1.0" encoding="UTF-8"?>${nfeXml.slice(0, -"</NFe>".length)}${supl}${signature}</NFe>`;
}
