// The A1 certificate (PKCS#12): key, certificate and the holder's CNPJ/CPF, read with node-forge.
// Pure: the pfx bytes, the password and `now` come from the caller.
import forge from "node-forge";
import { KioskError } from "../errors.js";

export interface SigningIdentity {
  privateKeyPem: string;
  certificatePem: string;
  /** DER of the signing certificate in Base64, one line (KeyInfo/X509Data/X509Certificate). */
  certificateBase64: string;
  subject: string;
  cnpj?: string;
  cpf?: string;
  notBefore: Date;
  notAfter: Date;
}

// ICP-Brasil otherName OIDs (MOC Anexo I rule E03): CNPJ of the company, and the PF data whose
// characters 9-19 are the CPF (birth date DDMMAAAA comes first).
const OID_CNPJ = "2.16.76.1.3.3";
const OID_PF_DATA = "2.16.76.1.3.1";

export function loadPkcs12(pfx: Uint8Array, password: string): SigningIdentity {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(pfx).toString("binary")));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (/MAC could not be verified|Invalid password/i.test(text)) {
      throw new KioskError("KIOSK_ERR_CERT_PASSWORD", "the certificate password is wrong", {
        field: "certificate.password",
        operatorMessage: "Senha do certificado digital incorreta.",
        cause: error,
      });
    }
    throw unreadable(`the certificate is not a readable PKCS#12 (A1) file: ${text}`, error);
  }
  const key = findPrivateKey(p12);
  if (!key) throw unreadable("the PKCS#12 file holds no private key");
  const cert = findCertificateOfKey(p12, key);
  if (!cert) throw unreadable("the PKCS#12 file holds no certificate for its private key");

  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const holder = holderDocument(cert);
  return {
    privateKeyPem: forge.pki.privateKeyToPem(key),
    certificatePem: forge.pki.certificateToPem(cert),
    certificateBase64: forge.util.encode64(der),
    subject: cert.subject.attributes
      .map((a) => `${a.shortName ?? a.name ?? a.type}=${String(a.value)}`)
      .join(", "),
    ...holder,
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
  };
}

export function assertCertificateUsable(
  id: SigningIdentity,
  now: Date,
  emitter: { cnpj?: string; cpf?: string },
): void {
  if (now.getTime() > id.notAfter.getTime()) {
    throw new KioskError(
      "KIOSK_ERR_CERT_EXPIRED",
      `the certificate expired on ${id.notAfter.toISOString()} (now ${now.toISOString()})`,
      { field: "certificate", operatorMessage: `Certificado digital vencido em ${brDate(id.notAfter)}.` },
    );
  }
  if (now.getTime() < id.notBefore.getTime()) {
    throw new KioskError(
      "KIOSK_ERR_CERT_NOT_YET_VALID",
      `the certificate is valid only from ${id.notBefore.toISOString()} (now ${now.toISOString()}); check the clock`,
      {
        field: "certificate",
        operatorMessage: `Certificado digital válido somente a partir de ${brDate(id.notBefore)}.`,
      },
    );
  }
  // [MOC-A1] F03 (213): CNPJ base (8 first characters) of the emitter = the certificate's; F03A (227): same CPF.
  if (emitter.cnpj !== undefined) {
    const base = emitter.cnpj.slice(0, 8);
    if (id.cnpj === undefined || id.cnpj.slice(0, 8) !== base) {
      throw mismatch(
        `the certificate CNPJ ${id.cnpj ?? "(none)"} has not the emitter's CNPJ base ${base} (${emitter.cnpj})`,
      );
    }
  } else if (emitter.cpf !== undefined && id.cpf !== emitter.cpf) {
    throw mismatch(`the certificate CPF ${id.cpf ?? "(none)"} differs from the emitter's CPF ${emitter.cpf}`);
  }
}

/** Holder and validity of a certificate given as one-line Base64 DER (e.g. from a Signature's KeyInfo). */
export function certificateHolder(certificateBase64: string): {
  cnpj?: string;
  cpf?: string;
  notBefore: Date;
  notAfter: Date;
} {
  try {
    const der = forge.util.decode64(certificateBase64);
    const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(der));
    return { ...holderDocument(cert), notBefore: cert.validity.notBefore, notAfter: cert.validity.notAfter };
  } catch (error) {
    throw unreadable("the certificate in the document cannot be read", error);
  }
}

/** Whole days left until notAfter (negative once expired). */
export function daysUntilExpiry(id: SigningIdentity, now: Date): number {
  return Math.floor((id.notAfter.getTime() - now.getTime()) / 86_400_000);
}

function findPrivateKey(p12: forge.pkcs12.Pkcs12Pfx): forge.pki.rsa.PrivateKey | undefined {
  for (const bagType of [forge.pki.oids.pkcs8ShroudedKeyBag!, forge.pki.oids.keyBag!]) {
    const bags = p12.getBags({ bagType })[bagType] ?? [];
    const withKey = bags.find((b) => b.key);
    if (withKey?.key) return withKey.key as forge.pki.rsa.PrivateKey;
  }
  return undefined;
}

/** The certificate whose public key matches the private key (files may carry the chain too). */
function findCertificateOfKey(
  p12: forge.pkcs12.Pkcs12Pfx,
  key: forge.pki.rsa.PrivateKey,
): forge.pki.Certificate | undefined {
  const bagType = forge.pki.oids.certBag!;
  const certs = (p12.getBags({ bagType })[bagType] ?? []).flatMap((b) => (b.cert ? [b.cert] : []));
  return certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.equals(key.n) === true && pub.e.equals(key.e);
  });
}

function holderDocument(cert: forge.pki.Certificate): { cnpj?: string; cpf?: string } {
  const fromExtensions = otherNames(cert);
  const cnpj = fromExtensions.get(OID_CNPJ)?.match(/[0-9A-Z]{14}/)?.[0];
  if (cnpj && !/^0+$/.test(cnpj)) return { cnpj };
  const pf = fromExtensions.get(OID_PF_DATA);
  const cpf = pf && /^\d{19}/.test(pf) ? pf.slice(8, 19) : undefined;
  if (cpf && !/^0+$/.test(cpf)) return { cpf };
  // Fallback on the CN: ICP-Brasil "NAME:CNPJ" / "NAME:CPF", or a formatted document.
  const cn = String(cert.subject.getField("CN")?.value ?? "");
  const digits = cn.includes(":") ? (cn.split(":").pop() ?? "") : cn.replace(/[./-]/g, "");
  if (/^\d{14}$/.test(digits)) return { cnpj: digits };
  if (/^\d{11}$/.test(digits)) return { cpf: digits };
  return {};
}

/** otherName values by OID, from subjectAltName and from extensions carried under the OID itself. */
function otherNames(cert: forge.pki.Certificate): Map<string, string> {
  const found = new Map<string, string>();
  for (const ext of cert.extensions as Array<{ id: string; value: string }>) {
    try {
      if (ext.id === "2.5.29.17") collectOtherNames(forge.asn1.fromDer(ext.value), found);
      else if (ext.id.startsWith("2.16.76.1.3."))
        found.set(ext.id, innermostString(forge.asn1.fromDer(ext.value)));
    } catch {
      // An unreadable extension only means no document from it; the CN fallback still applies.
    }
  }
  return found;
}

function collectOtherNames(seq: forge.asn1.Asn1, found: Map<string, string>): void {
  for (const name of seq.value as forge.asn1.Asn1[]) {
    // otherName is [0] { type-id OID, [0] EXPLICIT value }
    if (name.tagClass !== forge.asn1.Class.CONTEXT_SPECIFIC || name.type !== 0) continue;
    const [oid, value] = name.value as forge.asn1.Asn1[];
    if (!oid || !value) continue;
    found.set(forge.asn1.derToOid(oid.value as string), innermostString(value));
  }
}

function innermostString(node: forge.asn1.Asn1): string {
  let current = node;
  while (Array.isArray(current.value)) {
    const first = current.value[0];
    if (!first) return "";
    current = first;
  }
  return String(current.value);
}

function unreadable(message: string, cause?: unknown): KioskError {
  return new KioskError("KIOSK_ERR_CERT_UNREADABLE", message, {
    field: "certificate.path",
    operatorMessage: "Arquivo do certificado digital ilegível ou inválido.",
    cause,
  });
}

function mismatch(message: string): KioskError {
  return new KioskError("KIOSK_ERR_CERT_CNPJ_MISMATCH", message, {
    field: "certificate",
    operatorMessage: "O certificado digital não pertence ao emitente configurado.",
  });
}

function brDate(d: Date): string {
  return d.toISOString().slice(0, 10).split("-").reverse().join("/");
}
