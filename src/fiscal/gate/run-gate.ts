// The gate as the emission uses it: the kiosk's own rules, then the official XSD when a validator is
// given ([MOC-A1] D01 -> 215/225). ok only when nothing at all was found.
import { checkNfce } from "./check-nfce.js";
import { type GateContext, type GateProblem, problem } from "./types.js";

export interface GateXsdValidator {
  validate(xml: string): Promise<{ valid: boolean; errors: string[] }>;
}

export async function runGate(
  xml: string,
  ctx: GateContext,
  xsd?: GateXsdValidator,
): Promise<{ ok: boolean; problems: GateProblem[] }> {
  const problems = checkNfce(xml, ctx);
  if (xsd) {
    try {
      const result = await xsd.validate(xml);
      if (!result.valid) {
        const errors = result.errors.length > 0 ? result.errors : ["invalid"];
        for (const error of errors)
          problems.push(problem("xsd", `official schema: ${error} ([MOC-A1] D01, cStat 215/225)`));
      }
    } catch (error) {
      problems.push(
        problem(
          "xsd",
          `the schema validation failed to run: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  }
  return { ok: problems.length === 0, problems };
}
