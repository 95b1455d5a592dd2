import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, KioskError } from "../src/errors.js";

describe("error catalogue", () => {
  const doc = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8");
  it("documents every code with its exit status", () => {
    for (const [code, exit] of Object.entries(ERROR_CODES)) {
      expect(doc, `docs/errors.md must document ${code}`).toMatch(
        new RegExp(`\\| \`${code}\` \\| ${exit} \\|`),
      );
    }
  });
  it("maps codes to the contract's exit families", () => {
    expect(new KioskError("KIOSK_ERR_SALE_INVALID", "x").exitStatus).toBe(2);
    expect(new KioskError("KIOSK_ERR_CLOCK_UNTRUSTED", "x").exitStatus).toBe(3);
    expect(new KioskError("KIOSK_ERR_INTERNAL", "x").exitStatus).toBe(1);
  });
});
