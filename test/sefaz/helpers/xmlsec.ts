// Signing with an independent tool: xmlsec1 (Debian) with the key and certificate extracted from
// the test PKCS#12 by openssl. Nothing from src/ takes part.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CERTS, HAS_SHARED } from "../../helpers/shared.js";

export const HAS_XMLSEC = HAS_SHARED && spawnSync("xmlsec1", ["--version"]).status === 0;

const C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
const DS = "http://www.w3.org/2000/09/xmldsig#";

function signatureTemplate(id: string): string {
  return (
    `<Signature xmlns="${DS}"><SignedInfo><CanonicalizationMethod Algorithm="${C14N}"/>` +
    `<SignatureMethod Algorithm="${DS}rsa-sha1"/><Reference URI="#${id}"><Transforms>` +
    `<Transform Algorithm="${DS}enveloped-signature"/><Transform Algorithm="${C14N}"/></Transforms>` +
    `<DigestMethod Algorithm="${DS}sha1"/><DigestValue></DigestValue></Reference></SignedInfo>` +
    `<SignatureValue></SignatureValue><KeyInfo><X509Data><X509Certificate></X509Certificate></X509Data></KeyInfo></Signature>`
  );
}

/** Signs the element named `element` (carrying Id) of xml, whose root closes with `</rootName>`. */
export function xmlsecSign(xml: string, element: string, which: "cnpj" | "cpf" = "cnpj"): string {
  const cert = CERTS[which];
  const dir = mkdtempSync(join(tmpdir(), "sefaz-xmlsec-"));
  try {
    const pass = `pass:${cert.password}`;
    const key = execFileSync("openssl", ["pkcs12", "-in", cert.path, "-passin", pass, "-nocerts", "-nodes"], {
      encoding: "utf8",
    });
    const crt = execFileSync(
      "openssl",
      ["pkcs12", "-in", cert.path, "-passin", pass, "-nokeys", "-clcerts"],
      { encoding: "utf8" },
    );
    writeFileSync(join(dir, "key.pem"), key);
    writeFileSync(join(dir, "cert.pem"), crt);
    const id = new RegExp(`<${element}[^>]*\\sId="([^"]+)"`).exec(xml)?.[1];
    if (!id) throw new Error(`no ${element} Id`);
    const rootClose = xml.lastIndexOf("</");
    writeFileSync(
      join(dir, "in.xml"),
      xml.slice(0, rootClose) + signatureTemplate(id) + xml.slice(rootClose),
    );
    const run = spawnSync(
      "xmlsec1",
      [
        "--sign",
        "--privkey-pem",
        `${join(dir, "key.pem")},${join(dir, "cert.pem")}`,
        "--id-attr:Id",
        element,
        "--output",
        join(dir, "out.xml"),
        join(dir, "in.xml"),
      ],
      { encoding: "utf8" },
    );
    if (run.status !== 0) throw new Error(`xmlsec1 failed: ${run.stderr}`);
    const out = readFileSync(join(dir, "out.xml"), "utf8")
      .replace(/^<\?xml[^>]*\?>\s*/, "")
      .trimEnd();
    // xmlsec1 wraps Base64 at 64 columns; SEFAZ wants one line (whitespace outside infNFe is not signed).
    return out.replace(
      /(<(SignatureValue|X509Certificate)>)([^<]+)(<\/\2>)/g,
      (_, open: string, _n: string, b64: string, close: string) => open + b64.replace(/\s+/g, "") + close,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
