// The Signature's structure as SEFAZ requires it ([MOC-A1] F01 -> 298): the algorithms, the transforms,
// the Reference to the unique Id, one certificate, and its place as the last child of NFe beside infNFe.
// Data checks on the light tree; the values (digest, RSA) are checked by signature-values.ts.
import type { LightElement } from "./light-element.js";
import { forEachDescendant } from "./nfce-view.js";

export const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
/** Written here again, not imported from the signer: the gate checks the signer. */
export const EXPECTED_ALGORITHMS = {
  canonicalization: "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
  signature: "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
  digest: "http://www.w3.org/2000/09/xmldsig#sha1",
  transforms:
    "http://www.w3.org/2000/09/xmldsig#enveloped-signature http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
};

export interface SignatureParts {
  infNFe: LightElement;
  signedInfo: LightElement;
  digestValue: string;
  signatureValue: string;
  certificateBase64: string;
}

/** The parts to verify, or why the structure is refused ("298: ..."). */
export function readSignature(root: LightElement): SignatureParts | { reason: string } {
  const targets: LightElement[] = [];
  const signatures: LightElement[] = [];
  const ids = new Map<string, number>();
  const count = (el: LightElement) => {
    if (el.nodeName === "infNFe") targets.push(el);
    if (el.localName === "Signature" && el.namespaceURI === DSIG_NS) signatures.push(el);
    const id = el.getAttribute("Id");
    if (id !== null) ids.set(id, (ids.get(id) ?? 0) + 1);
  };
  count(root);
  forEachDescendant(root, count);
  if (targets.length !== 1) return fail(`expected one <infNFe>, found ${targets.length}`);
  const infNFe = targets[0]!;
  const id = infNFe.getAttribute("Id") ?? "";
  if (id === "") return fail("<infNFe> has no Id");
  if (signatures.length !== 1) return fail(`expected one Signature, found ${signatures.length}`);
  const signature = signatures[0]!;
  if (signature.nodeName !== "Signature") return fail("the Signature uses a namespace prefix (404)");
  const parent = signature.parent;
  if (parent !== infNFe.parent || parent?.nodeName !== "NFe")
    return fail("the Signature must be a child of <NFe>, beside <infNFe>");
  if (parent.children.at(-1) !== signature) return fail("the Signature is not the last element");

  const [signedInfo, signatureValue, keyInfo] = signature.children;
  if (
    signedInfo?.localName !== "SignedInfo" ||
    signatureValue?.localName !== "SignatureValue" ||
    keyInfo?.localName !== "KeyInfo"
  )
    return fail("Signature must hold SignedInfo, SignatureValue, KeyInfo in that order");
  const [c14nMethod, signatureMethod, reference, ...extra] = signedInfo.children;
  if (extra.length > 0 || reference?.localName !== "Reference")
    return fail("SignedInfo must hold exactly one Reference");
  if (
    c14nMethod?.localName !== "CanonicalizationMethod" ||
    c14nMethod.getAttribute("Algorithm") !== EXPECTED_ALGORITHMS.canonicalization
  )
    return fail("CanonicalizationMethod is not C14N 1.0");
  if (
    signatureMethod?.localName !== "SignatureMethod" ||
    signatureMethod.getAttribute("Algorithm") !== EXPECTED_ALGORITHMS.signature
  )
    return fail("SignatureMethod is not rsa-sha1");
  if (reference.getAttribute("URI") !== `#${id}`) return fail(`Reference URI is not #${id}`);
  if (ids.get(id) !== 1) return fail(`the Id ${id} is not unique`);
  const [transforms, digestMethod, digestValue] = reference.children;
  const algorithms =
    transforms?.localName === "Transforms"
      ? transforms.children.map((t) => (t.localName === "Transform" ? t.getAttribute("Algorithm") : "?"))
      : [];
  if (algorithms.join(" ") !== EXPECTED_ALGORITHMS.transforms)
    return fail("Transforms are not enveloped-signature + C14N");
  if (
    digestMethod?.localName !== "DigestMethod" ||
    digestMethod.getAttribute("Algorithm") !== EXPECTED_ALGORITHMS.digest
  )
    return fail("DigestMethod is not sha1");
  if (digestValue?.localName !== "DigestValue") return fail("Reference has no DigestValue");
  const certificates: LightElement[] = [];
  forEachDescendant(keyInfo, (el) => {
    if (el.localName === "X509Certificate" && el.namespaceURI === DSIG_NS) certificates.push(el);
  });
  if (certificates.length !== 1)
    return fail(`KeyInfo must carry exactly one X509Certificate, found ${certificates.length}`);
  const certificateBase64 = certificates[0]!.textContent;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(certificateBase64))
    return fail("X509Certificate is not one line of Base64");
  return {
    infNFe,
    signedInfo,
    digestValue: digestValue.textContent,
    signatureValue: signatureValue.textContent,
    certificateBase64,
  };
}

function fail(message: string): { reason: string } {
  return { reason: `298: ${message}` };
}
