// The kiosk configuration the benchmark runs: the demo's (a realistic SP emitter, RSA-2048 A1,
// defaults for everything else), pointed at a temp data folder, with the gate's XSD step chosen.
import { join } from "node:path";
import { DEMO_CSC, demoCertificate, demoConfig } from "../app/demo/demo-config.js";
import { defaultSchemaDir } from "../app/schema-dir.js";
import type { ResolvedConfig } from "../config/schema.js";
import type { ServiceUrls } from "../fiscal/sefaz/endpoints.js";
import { XsdValidator } from "../xsd/xsd-validator.js";

export { DEMO_CSC };

/** Where nothing listens: an offline-only core never calls it. */
const NOWHERE = "https://127.0.0.1:9/ws";
export const NO_SIMULATOR: { urls: ServiceUrls; caFile: string } = {
  urls: {
    autorizacao: NOWHERE,
    retAutorizacao: NOWHERE,
    status: NOWHERE,
    consulta: NOWHERE,
    inutilizacao: NOWHERE,
    evento: NOWHERE,
  } as ServiceUrls,
  caFile: "/nonexistent/ca.pem",
};

export interface BenchConfigOptions {
  /** A temp folder of this run; the kiosk's data goes to <dir>/kiosk. */
  dir: string;
  /** Where the demo certificate is kept (shared by every config of one run). */
  certDir: string;
  xsd: "on" | "off";
  sim?: { urls: ServiceUrls; caFile: string };
}

/** The official schemas the gate would use, when this checkout has them. */
export function schemasDir(): string | undefined {
  const dir = defaultSchemaDir();
  return XsdValidator.available(dir) ? dir : undefined;
}

export function benchConfig(o: BenchConfigOptions): ResolvedConfig {
  const base = demoConfig({
    dataDir: o.dir,
    certificatePath: demoCertificate(o.certDir, new Date()),
    sim: o.sim ?? NO_SIMULATOR,
    port: 0,
    host: "127.0.0.1",
  });
  const dir = schemasDir();
  if (o.xsd === "on" && dir === undefined)
    throw new Error("XSD-on was asked but no official schemas were found");
  return {
    ...base,
    gate: o.xsd === "on" ? { ...base.gate, xsd: "required", schemasDir: dir } : { ...base.gate, xsd: "off" },
  } as ResolvedConfig;
}

export function kioskDataDir(config: ResolvedConfig): string {
  return config.dataDir;
}

export const JOURNAL_PATH = (config: ResolvedConfig) => join(config.dataDir, "journal.db");
