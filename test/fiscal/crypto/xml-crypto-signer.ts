// The reference for signXml's bytes: the xml-crypto implementation signXml had before it read C14N
// straight from the text (same options, same insertion before the parent's end tag). Test-only.
import { DOMParser } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import type { SigningIdentity } from "../../../src/fiscal/certificate.js";
import { SIGNATURE_ALGORITHMS, SIGNATURE_PARENT, type SignTarget } from "../../../src/fiscal/sign-xml.js";

/** The document signed by xml-crypto, or throws (as the old signXml did) when it could not sign it. */
export function xmlCryptoSign(xml: string, target: SignTarget, id: SigningIdentity): string {
  const parentName = SIGNATURE_PARENT[target];
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") errors.push(message);
    },
  }).parseFromString(xml, "text/xml");
  if (errors.length > 0) throw new Error(`not well-formed: ${errors[0]}`);
  const targets = doc.getElementsByTagName(target);
  if (targets.length !== 1) throw new Error(`${targets.length} <${target}>`);
  if (!targets[0]!.getAttribute("Id")) throw new Error("no Id");
  if (targets[0]!.parentNode?.nodeName !== parentName) throw new Error("wrong parent");
  if (doc.getElementsByTagName("Signature").length > 0) throw new Error("already signed");

  const signer = new SignedXml({
    privateKey: id.privateKeyPem,
    publicCert: id.certificatePem,
    signatureAlgorithm: SIGNATURE_ALGORITHMS.signature,
    canonicalizationAlgorithm: SIGNATURE_ALGORITHMS.canonicalization,
    getKeyInfoContent: () =>
      `<X509Data><X509Certificate>${id.certificateBase64}</X509Certificate></X509Data>`,
  });
  signer.addReference({
    xpath: `//*[local-name(.)='${target}']`,
    transforms: [...SIGNATURE_ALGORITHMS.transforms],
    digestAlgorithm: SIGNATURE_ALGORITHMS.digest,
  });
  signer.computeSignature(xml, {
    location: { reference: `//*[local-name(.)='${parentName}']`, action: "append" },
  });
  const closing = `</${parentName}>`;
  const at = xml.indexOf(closing);
  if (at < 0 || xml.indexOf(closing, at + 1) >= 0) throw new Error(`no single ${closing}`);
  return xml.slice(0, at) + signer.getSignatureXml() + xml.slice(at);
}
