// The Signature's values ([MOC-A1] F02 -> 297): SHA-1 of infNFe's C14N against DigestValue, then
// RSA-SHA1 of SignedInfo's C14N against SignatureValue with the key of the KeyInfo certificate. The
// canonical forms come from libxml2 (native-c14n.ts), never from our signer's canonicalizer.
import { createHash, createVerify } from "node:crypto";
import { certificateFacts } from "./certificate-facts.js";
import { type C14nMode, canonicalDocument, canonicalElement } from "./native-c14n.js";
import type { NativeParse } from "./native-document.js";
import type { SignatureParts } from "./signature-structure.js";

/** undefined when both values hold, else the reason ("297: ..."). */
export function checkSignatureValues(
  parts: SignatureParts,
  native: NativeParse,
  mode: C14nMode = "auto",
): string | undefined {
  const doc = native.doc;
  if (!doc) return `297: cannot verify: libxml2 could not parse the document (${native.error})`;
  const whole = mode === "auto" ? canonicalDocument(doc) : undefined;
  const digest = createHash("sha1");
  for (const chunk of canonicalElement(doc, parts.infNFe, whole, mode)) digest.update(chunk);
  const computed = digest.digest("base64");
  if (computed !== parts.digestValue)
    return `297: DigestValue ${parts.digestValue} differs from the computed ${computed}`;
  const facts = certificateFacts(parts.certificateBase64);
  if ("error" in facts.key) return `297: cannot verify: ${facts.key.error}`;
  const verifier = createVerify("RSA-SHA1");
  for (const chunk of canonicalElement(doc, parts.signedInfo, whole, mode)) verifier.update(chunk);
  let ok: boolean;
  try {
    ok = verifier.verify(facts.key.publicKey, Buffer.from(parts.signatureValue, "base64"));
  } catch (error) {
    return `297: cannot verify: ${error instanceof Error ? error.message : String(error)}`;
  }
  return ok ? undefined : "297: SignatureValue does not match SignedInfo and the certificate";
}
