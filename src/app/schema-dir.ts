// Where the official XSDs for the pre-print gate are: gate.schemasDir, else the copy installed with
// the app, else the shared folder of a development checkout (NFCE_SHARED_DIR or ../shared next to the
// package). Absent: rules-only gate.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ResolvedConfig } from "../config/schema.js";
import { KioskError } from "../errors.js";
import { CompiledXsdValidator } from "../xsd/compiled-xsd-validator.js";

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Installed with the app (the image puts schemas/ next to dist/), else a development checkout's shared folder. */
export function defaultSchemaDir(env: NodeJS.ProcessEnv = process.env): string {
  const installed = join(PACKAGE_ROOT, "schemas", "PL_010_V1.30");
  if (CompiledXsdValidator.available(installed)) return installed;
  const shared = env.NFCE_SHARED_DIR ?? join(PACKAGE_ROOT, "..", "shared");
  return join(shared, "schemas", "PL_010_V1.30");
}

/**
 * The gate's XSD validator per config.gate, or undefined when the gate runs on its own rules. The
 * schema is compiled once, not per sale (docs/bench.md: 0.3 ms instead of 100-200 ms a validation).
 */
export function gateValidator(config: ResolvedConfig): CompiledXsdValidator | undefined {
  if (config.gate.xsd === "off") return undefined;
  const dir = config.gate.schemasDir ?? defaultSchemaDir();
  if (CompiledXsdValidator.available(dir)) return new CompiledXsdValidator(dir);
  if (config.gate.xsd === "required")
    throw new KioskError(
      "KIOSK_ERR_CONFIG_INVALID",
      `gate.xsd is "required" but no official schemas were found in ${dir}`,
      {
        field: "gate.schemasDir",
      },
    );
  return undefined;
}
