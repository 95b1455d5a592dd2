// The pre-print gate (docs/gate.md): checkNfce for the pure rules, runGate adds the official XSD.
export { checkNfce } from "./check-nfce.js";
export { type GateXsdValidator, runGate } from "./run-gate.js";
export type { GateContext, GateProblem } from "./types.js";
