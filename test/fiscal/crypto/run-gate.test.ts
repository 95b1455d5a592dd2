// runGate = the kiosk's own rules + the official XSD; and the gate never passes a broken document.
import { describe, expect, it } from "vitest";
import { checkNfce, runGate } from "../../../src/fiscal/gate/index.js";
import { XsdValidator } from "../../../src/xsd/xsd-validator.js";
import { HAS_SHARED, SCHEMA_DIRS } from "../../helpers/shared.js";
import { finalNote, GATE_CSC, NOW, swap } from "./gate-helpers.js";
import { identity } from "./helpers.js";

const CTX = { csc: GATE_CSC, expectedEmitter: { cnpj: "06157250000116" }, now: NOW };

describe.skipIf(!HAS_SHARED)("runGate", () => {
  const validator = new XsdValidator(SCHEMA_DIRS.PL_010_V1_30);
  const xsd = { validate: (xml: string) => validator.validate(xml, "nfe") };

  it("passes clean v2 and v3 notes with the official schema", async () => {
    for (const version of [2, 3] as const) {
      expect(await runGate(finalNote({ version }), CTX, xsd)).toEqual({ ok: true, problems: [] });
    }
  });

  it("reports what only the schema sees as rule 'xsd' (natOp missing, re-signed)", async () => {
    const xml = finalNote({ mutate: (x) => swap(x, "<natOp>VENDA</natOp>", "") });
    expect(checkNfce(xml, CTX)).toEqual([]); // none of the kiosk's own rules looks at natOp
    const result = await runGate(xml, CTX, xsd);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.rule)).toEqual(["xsd"]);
    expect(result.problems[0]!.message).toMatch(/natOp|mod/);
  });

  it("a validator that fails to run is a problem, not a pass", async () => {
    const broken = { validate: async () => Promise.reject(new Error("wasm out of memory")) };
    const result = await runGate(finalNote(), CTX, broken);
    expect(result).toMatchObject({ ok: false, problems: [{ rule: "xsd" }] });
  });

  it("without a validator it is checkNfce alone", async () => {
    const xml = finalNote({ mutate: (x) => swap(x, "<vTroco>0.50</vTroco>", "<vTroco>0.40</vTroco>") });
    const result = await runGate(xml, CTX);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(checkNfce(xml, CTX));
  });
});

describe.skipIf(!HAS_SHARED)("the gate never passes a broken document", () => {
  it("changing any digit anywhere in a final note (every 3rd digit, v2 and v3) is always caught", () => {
    // With the kiosk's certificate given, even a change inside KeyInfo (not covered by the digest) is caught.
    const ctx = { ...CTX, certificateBase64: identity("cnpj").certificateBase64 };
    for (const version of [2, 3] as const) {
      const xml = finalNote({ version });
      expect(checkNfce(xml, ctx)).toEqual([]);
      const digits = [...xml.matchAll(/\d/g)].map((m) => m.index!);
      let checked = 0;
      for (let i = version; i < digits.length; i += 3) {
        const at = digits[i]!;
        const changed = xml.slice(0, at) + String((Number(xml[at]) + 1) % 10) + xml.slice(at + 1);
        const problems = checkNfce(changed, ctx);
        expect(problems.length, `digit at ${at}: …${xml.slice(at - 30, at + 10)}…`).toBeGreaterThan(0);
        checked++;
      }
      expect(checked).toBeGreaterThan(250);
    }
  });

  it("truncating the note at any tag boundary is always caught", () => {
    const xml = finalNote({ version: 3 });
    const cuts = [...xml.matchAll(/</g)].map((m) => m.index!).filter((_, i) => i % 5 === 0);
    for (const cut of cuts) expect(checkNfce(xml.slice(0, cut), CTX).length).toBeGreaterThan(0);
  });
});

describe.skipIf(!HAS_SHARED)("the certificate in KeyInfo", () => {
  const cert = identity("cnpj").certificateBase64;
  const signed = finalNote();
  const inKeyInfo = /<X509Certificate>([^<]+)</.exec(signed)![1]!;
  // "SpedNfe" -> "SpedNfX" in both issuer and subject: still self-issued, same public key, so the XML
  // signature still verifies; only the certificate's own signature breaks.
  const altered = Buffer.from(
    Buffer.from(inKeyInfo, "base64").toString("latin1").replaceAll("SpedNfe", "SpedNfX"),
    "latin1",
  ).toString("base64");

  it("a self-signed certificate altered in KeyInfo fails its own signature -> 290", () => {
    expect(altered).not.toBe(inKeyInfo);
    const rules = checkNfce(signed.replace(inKeyInfo, altered), CTX).map((p) => p.rule);
    expect(rules).toEqual(["290"]);
  });

  it("KeyInfo must carry exactly the kiosk's certificate when it is given -> 290", () => {
    expect(checkNfce(signed, { ...CTX, certificateBase64: cert })).toEqual([]);
    const other = identity("cpf").certificateBase64; // same key, another certificate
    const rules = checkNfce(signed, { ...CTX, certificateBase64: other }).map((p) => p.rule);
    expect(rules).toContain("290");
  });
});
