// What the gate reads from the certificate in KeyInfo (holder, validity, public key, whether a
// self-signed one still verifies itself), kept per certificate text: a kiosk signs every note with the
// same certificate, and parsing it (node-forge, X509Certificate) cost more than the rules themselves.
import { type KeyObject, X509Certificate } from "node:crypto";
import { certificateHolder } from "../certificate.js";

export interface CertificateFacts {
  /** undefined when the certificate cannot be read. */
  holder: ReturnType<typeof certificateHolder> | undefined;
  /** The public key, or the reason there is none. */
  key: { publicKey: KeyObject } | { error: string };
  /** False for a self-signed certificate whose own signature fails (or one that cannot be read). */
  selfSignatureHolds: boolean;
}

const MAX_ENTRIES = 8;
const cache = new Map<string, CertificateFacts>();

export function certificateFacts(certificateBase64: string): CertificateFacts {
  let facts = cache.get(certificateBase64);
  if (facts) {
    cache.delete(certificateBase64); // most recently used goes last
  } else {
    facts = readFacts(certificateBase64);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  cache.set(certificateBase64, facts);
  return facts;
}

function readFacts(certificateBase64: string): CertificateFacts {
  let holder: CertificateFacts["holder"];
  try {
    holder = certificateHolder(certificateBase64);
  } catch {
    holder = undefined;
  }
  try {
    const cert = new X509Certificate(Buffer.from(certificateBase64, "base64"));
    return {
      holder,
      key: { publicKey: cert.publicKey },
      selfSignatureHolds: cert.subject !== cert.issuer || cert.verify(cert.publicKey),
    };
  } catch (error) {
    return {
      holder,
      key: { error: error instanceof Error ? error.message : String(error) },
      selfSignatureHolds: false,
    };
  }
}
