// The CNPJ or CPF a certificate belongs to. ICP-Brasil puts it in the CN ("NAME:CNPJ") and in an
// otherName; the public test certificates carry it formatted in the CN ("06.157.250/0001-16").
import { X509Certificate } from "node:crypto";

export function documentOfSubject(subjectText: string): string | undefined {
  const cn = /CN=([^\n,]+)/.exec(subjectText)?.[1] ?? subjectText;
  const compact = cn.replace(/[.\-/]/g, "");
  return (
    /(?<![0-9])[0-9]{14}(?![0-9])/.exec(compact)?.[0] ??
    // NT 2026.004 alphanumeric CNPJ, standing alone (after ":" in ICP-Brasil names).
    /(?<![0-9A-Za-z])[0-9A-Z]{12}[0-9]{2}(?![0-9A-Za-z])/.exec(compact)?.[0] ??
    /(?<![0-9])[0-9]{11}(?![0-9])/.exec(compact)?.[0]
  );
}

/** Document of a DER certificate given in Base64 (the signature's X509Certificate). */
export function documentOfCertificate(base64Der: string): string | undefined {
  try {
    return documentOfSubject(new X509Certificate(Buffer.from(base64Der, "base64")).subject);
  } catch {
    return undefined;
  }
}

/** Same holder for SEFAZ: the CNPJ base (8 first characters), or the whole CPF. */
export function sameHolder(certificateDocument: string | undefined, emitter: string): boolean {
  if (certificateDocument === undefined) return false;
  if (emitter.length === 11 || certificateDocument.length === 11) return certificateDocument === emitter;
  return certificateDocument.slice(0, 8) === emitter.slice(0, 8);
}
