// A self-signed A1-like certificate for the demo's fictitious emitter, so that `npm start` works on
// any machine (no test certificate needed). The simulator accepts any client certificate whose CNPJ
// base matches the emitter, as its contract says. Never usable against a real SEFAZ.
import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";

export function createDemoPkcs12(cnpj: string, password: string, now: Date): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3_600_000);
  cert.validity.notAfter = new Date(now.getTime() + 2 * 365 * 24 * 3_600_000);
  // ICP-Brasil style CN "NAME:CNPJ".
  const attrs = [
    { name: "commonName", value: `QUIOSQUE DEMONSTRACAO LTDA:${cnpj}` },
    { name: "organizationName", value: "nfce-kiosk demo (sem valor fiscal)" },
    { name: "countryName", value: "BR" },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: "3des" });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), "binary");
}
