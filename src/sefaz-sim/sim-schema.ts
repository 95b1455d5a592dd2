// Schema checks of the simulator with the official XSDs (libxml2 in wasm). Without a schema
// folder the check is skipped and the simulator says so in its notes. Each libxml2 run compiles
// the schema (a few hundred ms on a Pi), so the two fixed-shape queries (consStatServ, consSitNFe)
// are checked with patterns equal to their XSD, and answers for identical bytes are remembered.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { type SchemaKind, XsdValidator } from "../xsd/xsd-validator.js";

/** Resolves to undefined when valid, else the first error. */
export type SchemaCheck = (xml: string, kind: SchemaKind) => Promise<string | undefined>;

const NS = 'xmlns="http://www.portalfiscal.inf.br/nfe"';
const UF = "(1[1-7]|2[1-9]|3[1-3]|35|4[1-3]|5[0-3])";
/** leiauteConsStatServ_v4.00 / leiauteConsSitNFe_v4.00, attribute order as the client writes it. */
const FIXED_SHAPES: Partial<Record<SchemaKind, RegExp>> = {
  consStatServ: new RegExp(
    `^<consStatServ ${NS} versao="4\\.00"><tpAmb>[12]</tpAmb><cUF>${UF}</cUF><xServ>STATUS</xServ></consStatServ>$`,
  ),
  consSitNFe: new RegExp(
    `^<consSitNFe ${NS} versao="4\\.00"><tpAmb>[12]</tpAmb><xServ>CONSULTAR</xServ><chNFe>[0-9]{6}[0-9A-Z]{12}[0-9]{26}</chNFe></consSitNFe>$`,
  ),
};

/** sharedDir: the folder holding schemas/PL_010_V1.30 and schemas/PL_009_V4. */
export function createSchemaCheck(sharedDir: string | undefined): SchemaCheck {
  const dirs =
    sharedDir === undefined
      ? []
      : [join(sharedDir, "schemas", "PL_010_V1.30"), join(sharedDir, "schemas", "PL_009_V4")];
  const validators = dirs.filter((d) => XsdValidator.available(d)).map((d) => new XsdValidator(d));
  if (validators.length === 0) return async () => undefined;
  const remembered = new Map<string, string | undefined>();
  return async (xml, kind) => {
    const shape = FIXED_SHAPES[kind];
    // Other spellings of the same two queries (attribute order, prefixes) go to the XSD.
    if (shape?.test(xml)) return undefined;
    const key = createHash("sha1").update(kind).update("\0").update(xml).digest("hex");
    if (remembered.has(key)) return remembered.get(key);
    let first: string | undefined;
    let valid = false;
    // A document valid under either official package is accepted (PL_009 notes are still valid).
    for (const v of validators) {
      const r = await v.validate(xml, kind);
      if (r.valid) {
        valid = true;
        break;
      }
      first ??= r.errors[0] ?? "invalid";
    }
    const verdict = valid ? undefined : first;
    if (remembered.size >= 200) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, verdict);
    return verdict;
  };
}
