// The gate as the emission uses it: the kiosk's own rules, then the official XSD when a validator is
// given ([MOC-A1] D01 -> 215/225). ok only when nothing at all was found. The note is parsed once by
// libxml2: the signature check canonicalizes that parse and a validator that can takes it too.
import type { XmlDocument } from "libxml2-wasm";
import { checkParsedNfce } from "./check-nfce.js";
import { type NativeParse, parseNative } from "./native-document.js";
import { type GateContext, type GateProblem, problem } from "./types.js";

type XsdResult = { valid: boolean; errors: string[] };

export interface GateXsdValidator {
  validate(xml: string): Promise<XsdResult>;
  /** Validates the gate's own libxml2 parse of the note, saving a second parse (CompiledXsdValidator). */
  validateDocument?(doc: XmlDocument): Promise<XsdResult>;
}

export async function runGate(
  xml: string,
  ctx: GateContext,
  xsd?: GateXsdValidator,
): Promise<{ ok: boolean; problems: GateProblem[] }> {
  const native = parseNative(xml);
  try {
    const problems = checkParsedNfce(xml, ctx, native);
    if (xsd) problems.push(...(await schemaProblems(xml, native, xsd)));
    return { ok: problems.length === 0, problems };
  } finally {
    native.doc?.dispose();
  }
}

async function schemaProblems(
  xml: string,
  native: NativeParse,
  xsd: GateXsdValidator,
): Promise<GateProblem[]> {
  try {
    // A text libxml2 could not parse goes to validate(), which reports the parse errors as before.
    const result =
      native.doc && xsd.validateDocument ? await xsd.validateDocument(native.doc) : await xsd.validate(xml);
    if (result.valid) return [];
    const errors = result.errors.length > 0 ? result.errors : ["invalid"];
    return errors.map((error) => problem("xsd", `official schema: ${error} ([MOC-A1] D01, cStat 215/225)`));
  } catch (error) {
    return [
      problem(
        "xsd",
        `the schema validation failed to run: ${error instanceof Error ? error.message : String(error)}`,
      ),
    ];
  }
}
