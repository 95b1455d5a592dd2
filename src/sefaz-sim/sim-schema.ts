// Schema checks of the simulator with the official XSDs (libxml2 in wasm). Without a schema
// folder the check is skipped and the simulator says so in its notes.
import { join } from "node:path";
import { type SchemaKind, XsdValidator } from "../xsd/xsd-validator.js";

/** Resolves to undefined when valid, else the first error. */
export type SchemaCheck = (xml: string, kind: SchemaKind) => Promise<string | undefined>;

/** sharedDir: the folder holding schemas/PL_010_V1.30 and schemas/PL_009_V4. */
export function createSchemaCheck(sharedDir: string | undefined): SchemaCheck {
  const dirs =
    sharedDir === undefined
      ? []
      : [join(sharedDir, "schemas", "PL_010_V1.30"), join(sharedDir, "schemas", "PL_009_V4")];
  const validators = dirs.filter((d) => XsdValidator.available(d)).map((d) => new XsdValidator(d));
  if (validators.length === 0) return async () => undefined;
  return async (xml, kind) => {
    let first: string | undefined;
    // A document valid under either official package is accepted (PL_009 notes are still valid).
    for (const v of validators) {
      const r = await v.validate(xml, kind);
      if (r.valid) return undefined;
      first ??= r.errors[0] ?? "invalid";
    }
    return first;
  };
}
