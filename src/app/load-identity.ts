// Reads the A1 certificate named by the configuration (the only file I/O of signing).
import { readFileSync } from "node:fs";
import type { ResolvedConfig } from "../config/schema.js";
import { KioskError } from "../errors.js";
import { loadPkcs12, type SigningIdentity } from "../fiscal/certificate.js";

export function loadIdentity(config: ResolvedConfig): SigningIdentity {
  let pfx: Buffer;
  try {
    pfx = readFileSync(config.certificate.path);
  } catch (err) {
    throw new KioskError(
      "KIOSK_ERR_CERT_UNREADABLE",
      `cannot read the certificate file "${config.certificate.path}": ${(err as Error).message}`,
      {
        field: "certificate.path",
        operatorMessage: "Certificado digital não encontrado: chame o suporte técnico.",
      },
    );
  }
  return loadPkcs12(pfx, config.certificate.password);
}
