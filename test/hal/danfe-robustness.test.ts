// Damaged XML never crashes the receipt: either a DANFE or a coded KIOSK_ERR_INPUT_INVALID.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isKioskError } from "../../src/errors.js";
import { renderDanfe } from "../../src/hal/printer/danfe/render-danfe.js";
import { PRINTER_PROFILES } from "../../src/hal/printer/escpos/profiles.js";

const XML = readFileSync(
  join(import.meta.dirname, "..", "fixtures", "hal", "nfce", "online-authorized.xml"),
  "utf8",
);
const OPTIONS = { profile: PRINTER_PROFILES["elgin-i9"], paperWidthMm: 58 as const };

function outcome(xml: string): "ok" | "coded" | unknown {
  try {
    renderDanfe(xml, OPTIONS);
    return "ok";
  } catch (error) {
    return isKioskError(error) && error.code === "KIOSK_ERR_INPUT_INVALID" ? "coded" : error;
  }
}

describe("renderDanfe on damaged XML", () => {
  it("truncated anywhere, or with a slice cut out: a receipt or a coded error", () => {
    fc.assert(
      fc.property(fc.nat(XML.length), fc.nat(200), (at, len) => {
        expect(["ok", "coded"]).toContain(outcome(XML.slice(0, at)));
        expect(["ok", "coded"]).toContain(outcome(XML.slice(0, at) + XML.slice(at + len)));
      }),
      { numRuns: 300 },
    );
  });
});
