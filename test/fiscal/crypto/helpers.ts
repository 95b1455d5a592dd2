// Shared helpers for the crypto tests: the test identities and independent checks with Debian tools.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPkcs12, type SigningIdentity } from "../../../src/fiscal/certificate.js";
import { CERTS, HAS_SHARED } from "../../helpers/shared.js";

export const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "crypto");

export function identity(which: "cnpj" | "cpf" | "expired"): SigningIdentity {
  const cert = CERTS[which];
  return loadPkcs12(readFileSync(cert.path), cert.password);
}

/** The signing certificate as PEM, extracted by openssl (not by the code under test). */
export function opensslCertificatePem(which: "cnpj" | "cpf" | "expired"): string {
  const cert = CERTS[which];
  const out = execFileSync(
    "openssl",
    ["pkcs12", "-in", cert.path, "-passin", `pass:${cert.password}`, "-nokeys", "-clcerts"],
    {
      encoding: "utf8",
    },
  );
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(out)?.[0];
  if (!pem) throw new Error("openssl printed no certificate");
  return `${pem}\n`;
}

/** xmlsec1 --verify with the certificate given apart; returns true when xmlsec1 says OK. */
export function xmlsecVerifies(xml: string, idElement: string, certPem: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), "nfce-xmlsec-"));
  writeFileSync(join(dir, "doc.xml"), xml);
  writeFileSync(join(dir, "cert.pem"), certPem);
  const run = spawnSync(
    "xmlsec1",
    [
      "--verify",
      "--id-attr:Id",
      idElement,
      "--enabled-reference-uris",
      "same-doc",
      "--pubkey-cert-pem",
      join(dir, "cert.pem"),
      join(dir, "doc.xml"),
    ],
    { encoding: "utf8" },
  );
  return run.status === 0 && /^OK$/m.test(run.stderr + run.stdout);
}

export const HAS_XMLSEC = HAS_SHARED && spawnSync("xmlsec1", ["--version"]).status === 0;

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURES, name), "utf8");
}

/** Golden files: compared exactly; rewritten only when UPDATE_GOLDEN=1 (then checked independently). */
export function golden(name: string, actual: string): string {
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(join(FIXTURES, name), actual);
  return readFixture(name);
}
