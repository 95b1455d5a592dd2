// Enveloped XMLDSig exactly as SEFAZ wants it (nfce-reference §3; [MOC-A1] F01/F02): inclusive C14N 1.0,
// rsa-sha1, sha1 digest, transforms enveloped + C14N, Reference URI="#<Id>", only the signing certificate
// in KeyInfo, an unprefixed Signature appended as the last child of the target's parent.
// The target's canonical form is read straight from the text (canonical-c14n.ts, one pass, no DOM); the
// SignedInfo is a fixed template that is canonical by construction. The Signature element is inserted as
// text before the parent's end tag, so every byte the builder produced stays as it was. The bytes are the
// ones xml-crypto (used here before) writes for the same input wherever its parser reads that input
// right (test/fiscal/crypto/sign-equivalence.test.ts compares them; xmlsec1 judges the rest).
import { createHash, createPrivateKey, type KeyObject, sign } from "node:crypto";
import { KioskError } from "../errors.js";
import { canonicalizeTarget } from "./canonical-c14n.js";
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
  const subject = canonicalizeTarget(xml, target, SIGNATURE_PARENT[target]);
  const signer = signerOf(id);
  const digest = createHash("sha1").update(subject.canonical, "utf8").digest("base64");
  const uri = `<Reference URI="#${subject.id}">`;
  const digestValue = `<DigestValue>${digest}</DigestValue></Reference></SignedInfo>`;
  // SignedInfo inherits xmlns from Signature; C14N writes it on SignedInfo and opens every empty element.
  const canonicalSignedInfo = CANONICAL_SIGNED_INFO_START + uri + CANONICAL_TRANSFORMS + digestValue;
  const signatureValue = sign("sha1", Buffer.from(canonicalSignedInfo, "utf8"), signer.key).toString(
    "base64",
  );
  const signature =
    `${SIGNATURE_START}${uri}${TRANSFORMS}${digestValue}<SignatureValue>${signatureValue}</SignatureValue>` +
    `<KeyInfo><X509Data><X509Certificate>${signer.certificateBase64}</X509Certificate></X509Data></KeyInfo></Signature>`;
  return xml.slice(0, subject.parentEnd) + signature + xml.slice(subject.parentEnd);
}

const DSIG_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#";
const METHODS =
  `<CanonicalizationMethod Algorithm="${SIGNATURE_ALGORITHMS.canonicalization}"/>` +
  `<SignatureMethod Algorithm="${SIGNATURE_ALGORITHMS.signature}"/>`;
const TRANSFORMS =
  "<Transforms>" +
  SIGNATURE_ALGORITHMS.transforms.map((t) => `<Transform Algorithm="${t}"/>`).join("") +
  `</Transforms><DigestMethod Algorithm="${SIGNATURE_ALGORITHMS.digest}"/>`;
const SIGNATURE_START = `<Signature xmlns="${DSIG_NAMESPACE}"><SignedInfo>${METHODS}`;
const CANONICAL_SIGNED_INFO_START = `<SignedInfo xmlns="${DSIG_NAMESPACE}">${canonicalEmptyElements(METHODS)}`;
const CANONICAL_TRANSFORMS = canonicalEmptyElements(TRANSFORMS);

/** `<X a="v"/>` -> `<X a="v"></X>` in the fixed template (C14N has no empty-element tags). */
function canonicalEmptyElements(text: string): string {
  return text.replace(/<([A-Za-z]+)([^<>]*)\/>/g, "<$1$2></$1>");
}

interface Signer {
  key: KeyObject;
  certificateBase64: string;
}

// Parsed once per identity: reading the PEM key costs more than the RSA operation itself.
const signers = new WeakMap<SigningIdentity, Signer>();

function signerOf(id: SigningIdentity): Signer {
  let signer = signers.get(id);
  if (!signer) {
    // The certificate goes into the document as it is: one line of Base64 ([nfce-reference] §3).
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(id.certificateBase64))
      throw new KioskError("KIOSK_ERR_CERT_UNREADABLE", "the signing certificate is not one line of Base64", {
        field: "certificate",
      });
    let key: KeyObject;
    try {
      key = createPrivateKey(id.privateKeyPem);
    } catch (error) {
      throw new KioskError("KIOSK_ERR_CERT_UNREADABLE", "the signing key is not a readable private key", {
        field: "certificate",
        cause: error,
      });
    }
    signer = { key, certificateBase64: id.certificateBase64 };
    signers.set(id, signer);
  }
  return signer;
}
