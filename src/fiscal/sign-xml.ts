// Enveloped XMLDSig exactly as SEFAZ wants it (nfce-reference §3; [MOC-A1] F01/F02): inclusive C14N 1.0,
// rsa-sha1, sha1 digest, transforms enveloped + C14N, Reference URI="#<Id>", only the signing certificate
// in KeyInfo, an unprefixed Signature appended as the last child of the target's parent.
// xml-crypto computes the Signature element; it is then inserted as text before the parent's end tag, so
// every byte the builder produced stays as it was (nobody re-serializes the document).
import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { KioskError } from "../errors.js";
import type { SigningIdentity } from "./certificate.js";

export type SignTarget = "infNFe" | "infEvento" | "infInut";

export const SIGNATURE_ALGORITHMS = {
  canonicalization: "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
  signature: "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
  digest: "http://www.w3.org/2000/09/xmldsig#sha1",
  transforms: [
    "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
  ],
} as const;

/** The parent that carries the Signature for each signed element. */
export const SIGNATURE_PARENT: Record<SignTarget, string> = {
  infNFe: "NFe",
  infEvento: "evento",
  infInut: "inutNFe",
};

export function signXml(xml: string, target: SignTarget, id: SigningIdentity): string {
  const parentName = SIGNATURE_PARENT[target];
  const doc = parseStrict(xml);
  const targets = doc.getElementsByTagName(target);
  if (targets.length !== 1)
    throw invalid(`expected exactly one <${target}> to sign, found ${targets.length}`);
  const element = targets[0]!;
  const idValue = element.getAttribute("Id");
  if (!idValue) throw invalid(`<${target}> has no Id attribute to reference`);
  const parent = element.parentNode as Element | null;
  if (!parent || parent.nodeName !== parentName)
    throw invalid(`<${target}> must be a child of <${parentName}>`);
  if (doc.getElementsByTagName("Signature").length > 0) throw invalid("the document is already signed");

  const signer = new SignedXml({
    privateKey: id.privateKeyPem,
    publicCert: id.certificatePem,
    signatureAlgorithm: SIGNATURE_ALGORITHMS.signature,
    canonicalizationAlgorithm: SIGNATURE_ALGORITHMS.canonicalization,
    // Only the signing certificate, on one line ([nfce-reference] §3; several certificates -> 298).
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
  const signature = signer.getSignatureXml();

  const closing = `</${parentName}>`;
  const at = closingTagOffset(xml, parentName);
  if (at < 0) throw invalid(`cannot find ${closing} in the document`);
  return xml.slice(0, at) + signature + xml.slice(at);
}

/** Offset of the end tag of the only element with that name (the parent of the signed element). */
function closingTagOffset(xml: string, name: string): number {
  const closing = `</${name}>`;
  const first = xml.indexOf(closing);
  return first >= 0 && xml.indexOf(closing, first + 1) < 0 ? first : -1;
}

export function parseStrict(xml: string): Document {
  const errors: string[] = [];
  let doc: Document | undefined;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") errors.push(message);
      },
    }).parseFromString(xml, "text/xml");
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
  }
  if (!doc || errors.length > 0 || !doc.documentElement) {
    throw new KioskError(
      "KIOSK_ERR_INPUT_INVALID",
      `the XML is not well-formed: ${errors[0] ?? "no root element"}`,
      {
        field: "xml",
      },
    );
  }
  return doc;
}

function invalid(message: string): KioskError {
  return new KioskError("KIOSK_ERR_INPUT_INVALID", `cannot sign: ${message}`, { field: "xml" });
}
