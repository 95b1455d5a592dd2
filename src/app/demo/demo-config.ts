// The demo's configuration: a fictitious emitter in SP, homologação, every device simulated, SEFAZ
// at the embedded simulator. Validated by the same schema as any other configuration.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { InitialUser } from "../../auth/auth-store.js";
import { resolveConfig, validateConfig } from "../../config/load-config.js";
import type { ResolvedConfig } from "../../config/schema.js";
import type { ServiceUrls } from "../../fiscal/sefaz/endpoints.js";
import { createDemoPkcs12 } from "./demo-certificate.js";

export const DEMO_CNPJ = "11222333000181";
/** The demo's operators (fictitious emitter, homologação): known PINs so anyone can try every role. */
export const DEMO_USERS: InitialUser[] = [
  { name: "caixa", role: "cashier", pin: "1111" },
  { name: "supervisor", role: "supervisor", pin: "2222" },
  { name: "tecnico", role: "technician", pin: "3333" },
];
export const DEMO_CSC = { id: "1", token: "DEMO0123456789ABCDEF0123456789AB" };
const DEMO_PASSWORD = "demo";

export function demoCertificate(dataDir: string, now: Date): string {
  const path = join(dataDir, "demo-a1.pfx");
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, createDemoPkcs12(DEMO_CNPJ, DEMO_PASSWORD, now), { mode: 0o600 });
  }
  return path;
}

export function demoConfig(options: {
  dataDir: string;
  certificatePath: string;
  sim: { urls: ServiceUrls; caFile: string };
  port: number;
  host: string;
}): ResolvedConfig {
  const raw = {
    environment: "homologacao",
    dataDir: join(options.dataDir, "kiosk"),
    emitter: {
      cnpj: DEMO_CNPJ,
      ie: "111111111111",
      name: "QUIOSQUE DEMONSTRACAO LTDA",
      tradeName: "QUIOSQUE DEMO",
      crt: 1,
      address: {
        street: "RUA DA DEMONSTRACAO",
        number: "100",
        district: "CENTRO",
        cityCode: "3550308",
        city: "SAO PAULO",
        uf: "SP",
        cep: "01001000",
        phone: "1133334444",
      },
    },
    certificate: { path: options.certificatePath, password: DEMO_PASSWORD },
    csc: DEMO_CSC,
    qrCodeVersion: 2,
    series: 1,
    sefaz: { urls: options.sim.urls, caFile: options.sim.caFile, timeoutMs: 5000, onlineWaitMs: 3000 },
    watchdog: {
      probeIntervalMs: 3000,
      failuresToOffline: 2,
      successesToOnline: 2,
      recoverySpanMs: 3000,
      minDwellMs: 5000,
      statusIntervalMs: 10000,
    },
    http: { host: options.host, port: options.port },
    clock: { trust: "always" },
  };
  return resolveConfig(validateConfig(raw), options.dataDir);
}

/** The demo's product catalog (CSV as the catalog import reads it; prices in R$). */
export const DEMO_CATALOG_CSV = [
  "code;gtin;description;ncm;cfop;unit;price;weighed;origin;csosn",
  "1001;7891000100103;CAFE TORRADO 500G;09012100;5102;UN;18.90;;0;102",
  "1002;7891000200209;PAO DE QUEIJO 400G;19059090;5102;UN;14.50;;0;102",
  "1003;7891000300305;AGUA MINERAL 500ML;22011000;5102;UN;3.50;;0;102",
  "1004;7891000400401;REFRIGERANTE LATA 350ML;22021000;5102;UN;6.00;;0;102",
  "1005;7891000500507;CHOCOLATE AO LEITE 90G;18063210;5102;UN;7.99;;0;102",
  "1006;7891000600603;PASTEL DE CARNE;19022000;5102;UN;9.00;;0;102",
  "2001;;QUEIJO MINAS FRESCAL KG;04061010;5102;KG;42.90;1;0;102",
].join("\n");
