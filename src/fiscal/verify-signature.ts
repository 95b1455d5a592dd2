// Verifies an enveloped signature the way SEFAZ does ([MOC-A1] F01 -> 298 "not in the standard",
// F02 -> 297 "differs from the computed value"): the structure first (algorithms, transforms, URI,
// one certificate, placement), then the digest of the referenced element and the RSA-SHA1 value
// with the certificate carried in KeyInfo. Never throws: the answer is data.
import { createHash, verify, X509Certificate } from "node:crypto";
import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { C14nCanonicalization, findAncestorNs } from "xml-crypto";
import { KioskError } from "../errors.js";
import { SIGNATURE_ALGORITHMS, SIGNATURE_PARENT, type SignTarget } from "./sign-xml.js";

const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

export interface SignatureCheck {
  valid: boolean;
  /** Why it is not valid; starts with "298:" (structure) or "297:" (values). */
  reason?: string;
  certificateBase64?: string;
  digestValue?: string;
}

export function verifyXmlSignature(xml: string, target: SignTarget): SignatureCheck {
  let doc: Document;
  try {
    doc = parseStrict(xml);
  } catch (error) {
    return { valid: false, reason: `243: ${error instanceof Error ? error.message : String(error)}` };
  }
  const targets = doc.getElementsByTagName(target);
  if (targets.length !== 1) return fail298(`expected one <${target}>, found ${targets.length}`);
  const element = targets[0]!;
  const idValue = element.getAttribute("Id") ?? "";
  if (idValue === "") return fail298(`<${target}> has no Id`);
  const signatures = doc.getElementsByTagNameNS(DSIG_NS, "Signature");
  if (signatures.length !== 1) return fail298(`expected one Signature, found ${signatures.length}`);
  const signature = signatures[0]!;
  if (signature.prefix) return fail298("the Signature uses a namespace prefix (404)");
  if (
    signature.parentNode !== element.parentNode ||
    signature.parentNode?.nodeName !== SIGNATURE_PARENT[target]
  ) {
    return fail298(`the Signature must be a child of <${SIGNATURE_PARENT[target]}>, beside <${target}>`);
  }
  if (lastElementChild(signature.parentNode as Element) !== signature)
    return fail298("the Signature is not the last element");

  const [signedInfo, signatureValueEl, keyInfo] = elementChildren(signature);
  if (
    signedInfo?.localName !== "SignedInfo" ||
    signatureValueEl?.localName !== "SignatureValue" ||
    keyInfo?.localName !== "KeyInfo"
  ) {
    return fail298("Signature must hold SignedInfo, SignatureValue, KeyInfo in that order");
  }
  const [c14nMethod, sigMethod, reference, ...extra] = elementChildren(signedInfo);
  if (extra.length > 0 || reference?.localName !== "Reference")
    return fail298("SignedInfo must hold exactly one Reference");
  if (c14nMethod?.getAttribute("Algorithm") !== SIGNATURE_ALGORITHMS.canonicalization)
    return fail298("CanonicalizationMethod is not C14N 1.0");
  if (sigMethod?.getAttribute("Algorithm") !== SIGNATURE_ALGORITHMS.signature)
    return fail298("SignatureMethod is not rsa-sha1");
  if (reference.getAttribute("URI") !== `#${idValue}`) return fail298(`Reference URI is not #${idValue}`);
  if (countById(doc, idValue) !== 1) return fail298(`the Id ${idValue} is not unique`);
  const [transforms, digestMethod, digestValueEl] = elementChildren(reference);
  const transformAlgs = transforms ? elementChildren(transforms).map((t) => t.getAttribute("Algorithm")) : [];
  if (transformAlgs.join(" ") !== SIGNATURE_ALGORITHMS.transforms.join(" "))
    return fail298("Transforms are not enveloped-signature + C14N");
  if (digestMethod?.getAttribute("Algorithm") !== SIGNATURE_ALGORITHMS.digest)
    return fail298("DigestMethod is not sha1");
  const digestValue = digestValueEl?.textContent ?? "";
  const certificates = keyInfo.getElementsByTagNameNS(DSIG_NS, "X509Certificate");
  if (certificates.length !== 1)
    return fail298(`KeyInfo must carry exactly one X509Certificate, found ${certificates.length}`);
  const certificateBase64 = certificates[0]!.textContent ?? "";
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(certificateBase64))
    return fail298("X509Certificate is not one line of Base64");

  const found = { certificateBase64, digestValue };
  const c14n = new C14nCanonicalization();
  const canonTarget = c14n
    .process(element, {
      ancestorNamespaces: findAncestorNs(doc, `//*[local-name(.)='${target}']`),
    })
    .toString();
  const computed = createHash("sha1").update(canonTarget, "utf8").digest("base64");
  if (computed !== digestValue) {
    return {
      valid: false,
      reason: `297: DigestValue ${digestValue} differs from the computed ${computed}`,
      ...found,
    };
  }
  const canonSignedInfo = c14n
    .process(signedInfo, {
      ancestorNamespaces: findAncestorNs(doc, "//*[local-name(.)='SignedInfo']"),
    })
    .toString();
  let ok: boolean;
  try {
    const key = new X509Certificate(Buffer.from(certificateBase64, "base64")).publicKey;
    ok = verify(
      "RSA-SHA1",
      Buffer.from(canonSignedInfo, "utf8"),
      key,
      Buffer.from(signatureValueEl.textContent ?? "", "base64"),
    );
  } catch (error) {
    return {
      valid: false,
      reason: `297: cannot verify: ${error instanceof Error ? error.message : String(error)}`,
      ...found,
    };
  }
  if (!ok)
    return {
      valid: false,
      reason: "297: SignatureValue does not match SignedInfo and the certificate",
      ...found,
    };
  return { valid: true, ...found };
}

function fail298(message: string): SignatureCheck {
  return { valid: false, reason: `298: ${message}` };
}

function elementChildren(node: Element): Element[] {
  const out: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1) out.push(child as Element);
  }
  return out;
}

function lastElementChild(node: Element): Element | undefined {
  return elementChildren(node).at(-1);
}

function countById(doc: Document, id: string): number {
  let count = 0;
  const all = doc.getElementsByTagName("*");
  for (let i = 0; i < all.length; i++) if (all[i]!.getAttribute("Id") === id) count++;
  return count;
}

function parseStrict(xml: string): Document {
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
