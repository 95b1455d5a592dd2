// The simulator's own CA and server certificate (valid for 127.0.0.1 and localhost), made once
// and kept in the data dir so that a client's caFile stays valid across restarts. Keys come from
// node:crypto (fast), certificates from node-forge.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import forge from "node-forge";
import { writeFileAtomic } from "./atomic-file.js";

export interface SimCertificates {
  caPem: string;
  caFile: string;
  serverCertPem: string;
  serverKeyPem: string;
}

function newKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

function certificate(options: {
  subjectCN: string;
  publicKeyPem: string;
  signerKeyPem: string;
  issuer?: forge.pki.Certificate;
  isCa: boolean;
  now: Date;
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(options.publicKeyPem);
  cert.serialNumber = `01${randomBytes(8).toString("hex")}`;
  cert.validity.notBefore = new Date(options.now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(options.now.getTime() + 10 * 365 * 24 * 3600_000);
  const subject = [
    { name: "commonName", value: options.subjectCN },
    { name: "organizationName", value: "nfce-kiosk sefaz-sim" },
  ];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ? options.issuer.subject.attributes : subject);
  cert.setExtensions(
    options.isCa
      ? [
          { name: "basicConstraints", cA: true, critical: true },
          { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
        ]
      : [
          { name: "basicConstraints", cA: false },
          { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
          { name: "extKeyUsage", serverAuth: true },
          {
            name: "subjectAltName",
            altNames: [
              { type: 2, value: "localhost" },
              { type: 7, ip: "127.0.0.1" },
            ],
          },
        ],
  );
  cert.sign(
    forge.pki.privateKeyFromPem(options.signerKeyPem) as forge.pki.rsa.PrivateKey,
    forge.md.sha256.create(),
  );
  return cert;
}

/** Loads the CA and server certificate from dir, creating them on first use. */
export function ensureSimCertificates(dir: string, now: Date = new Date()): SimCertificates {
  const files = {
    ca: join(dir, "ca.pem"),
    caKey: join(dir, "ca-key.pem"),
    server: join(dir, "server.pem"),
    serverKey: join(dir, "server-key.pem"),
  };
  if (Object.values(files).every((f) => existsSync(f))) {
    return {
      caPem: readFileSync(files.ca, "utf8"),
      caFile: files.ca,
      serverCertPem: readFileSync(files.server, "utf8"),
      serverKeyPem: readFileSync(files.serverKey, "utf8"),
    };
  }
  const caKeys = newKeyPair();
  const ca = certificate({
    subjectCN: "nfce-kiosk SEFAZ simulator CA",
    publicKeyPem: caKeys.publicKeyPem,
    signerKeyPem: caKeys.privateKeyPem,
    isCa: true,
    now,
  });
  const serverKeys = newKeyPair();
  const server = certificate({
    subjectCN: "localhost",
    publicKeyPem: serverKeys.publicKeyPem,
    signerKeyPem: caKeys.privateKeyPem,
    issuer: ca,
    isCa: false,
    now,
  });
  const caPem = forge.pki.certificateToPem(ca);
  const serverCertPem = forge.pki.certificateToPem(server);
  writeFileAtomic(files.caKey, caKeys.privateKeyPem, 0o600);
  writeFileAtomic(files.serverKey, serverKeys.privateKeyPem, 0o600);
  writeFileAtomic(files.server, serverCertPem);
  writeFileAtomic(files.ca, caPem);
  return { caPem, caFile: files.ca, serverCertPem, serverKeyPem: serverKeys.privateKeyPem };
}
