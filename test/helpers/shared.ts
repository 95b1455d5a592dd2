// Where the shared material lives (../shared next to the checkout, or NFCE_SHARED_DIR), and a
// visible skip when it is absent. Certificates and schemas are never copied into the repository.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const SHARED_DIR = resolve(
  process.env.NFCE_SHARED_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared"),
);
export const HAS_SHARED = existsSync(join(SHARED_DIR, "schemas"));

if (!HAS_SHARED) {
  console.warn(
    `\n*** NOTICE: shared folder not found at ${SHARED_DIR}: tests that need official schemas and test certificates are SKIPPED ***\n`,
  );
}

export const SCHEMA_DIRS = {
  PL_009_V4: join(SHARED_DIR, "schemas", "PL_009_V4"),
  PL_010_V1_30: join(SHARED_DIR, "schemas", "PL_010_V1.30"),
} as const;

export const CERTS = {
  cnpj: {
    path: join(SHARED_DIR, "fixtures/certs/cnpj_06157250000116_senha_minhasenha.pfx"),
    password: "minhasenha",
    cnpj: "06157250000116",
  },
  cpf: {
    path: join(SHARED_DIR, "fixtures/certs/cpf_90483926086_senha_minhasenha.pfx"),
    password: "minhasenha",
    cpf: "90483926086",
  },
  expired: {
    path: join(SHARED_DIR, "fixtures/certs/expired_cnpj_99999090910270_senha_associacao.pfx"),
    password: "associacao",
    cnpj: "99999090910270",
  },
} as const;
