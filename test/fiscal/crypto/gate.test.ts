// The pre-print gate: a clean note passes; one seeded defect per rule is caught with its rule number.
import { describe, expect, it } from "vitest";
import { checkNfce, type GateContext } from "../../../src/fiscal/gate/index.js";
import { HAS_SHARED } from "../../helpers/shared.js";
import { type FinalOptions, finalNote, NOW } from "./gate-helpers.js";
import { CTX, dest, SEEDS } from "./gate-seeds.js";

const rulesOf = (xml: string, ctx: GateContext = CTX) => checkNfce(xml, ctx).map((p) => p.rule);

const CLEAN: Record<string, FinalOptions> = {
  "v2 offline": {},
  "v2 online": { tpEmis: 1 },
  "v3 offline": { version: 3 },
  "v3 online": { version: 3, tpEmis: 1 },
  "v3 offline with CPF dest": { version: 3, dest },
  "v2 offline with dest": { dest },
  "production v2 online": { tpAmb: 1, tpEmis: 1 },
};

describe.skipIf(!HAS_SHARED)("checkNfce on clean notes", () => {
  for (const [name, options] of Object.entries(CLEAN)) {
    it(`finds nothing in a correct ${name} note`, () => {
      expect(checkNfce(finalNote(options), CTX)).toEqual([]);
    });
  }

  it("finds nothing in a v3 offline note of a CPF emitter (series 920)", () => {
    const xml = finalNote({ version: 3, emitter: { type: "CPF", value: "90483926086" } });
    expect(checkNfce(xml, { now: NOW, expectedEmitter: { cpf: "90483926086" } })).toEqual([]);
  });
});

describe.skipIf(!HAS_SHARED)("checkNfce catches one seeded defect per rule", () => {
  for (const [name, rule, make, ctx] of SEEDS) {
    it(`${name} -> ${rule}`, () => {
      const problems = checkNfce(make(), ctx ?? CTX);
      expect(problems.map((p) => p.rule)).toContain(rule);
      const mine = problems.find((p) => p.rule === rule)!;
      expect(mine.message.length).toBeGreaterThan(10);
    });
  }

  it("the limit and municipality seeds fire exactly their own rule", () => {
    for (const [name, rule, make, ctx] of SEEDS.filter(([, r]) => ["271", "750", "780"].includes(r))) {
      expect(rulesOf(make(), ctx ?? CTX), name).toEqual([rule]);
    }
  });

  it("seeds made before signing do not break the signature (the seeded rule is what fires)", () => {
    const resigned = SEEDS.filter(
      ([, rule]) => !["243", "297", "298", "404", "516", "402", "225"].includes(rule),
    );
    for (const [name, , make, ctx] of resigned) {
      const rules = rulesOf(make(), ctx ?? CTX);
      expect(rules, name).not.toContain("297");
      expect(rules, name).not.toContain("298");
    }
  });
});
