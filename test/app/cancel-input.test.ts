// The reason an operator types for a cancellation becomes a valid xJust (TJust: 15-255 printable
// Latin-1 characters, one line; [MOC-A1] HP19 / leiaute do evento 110111) or a clear refusal.
import { describe, expect, it } from "vitest";
import { validateCancelInput } from "../../src/app/cancel-note.js";
import type { KioskError } from "../../src/errors.js";

const CHAVE = "35261106157250000116650010000000011000000010";

describe("validateCancelInput", () => {
  it("turns a textarea's line breaks, typographic quotes and emoji into one clean line", () => {
    expect(
      validateCancelInput(CHAVE, "  Cliente desistiu\r\nda compra \u201Cpor engano\u201D \u{1F642}\u2028 "),
    ).toBe('Cliente desistiu da compra "por engano"');
  });

  it("refuses a reason that is too short once cleaned, in Portuguese for the operator", () => {
    let error: KioskError | undefined;
    try {
      validateCancelInput(CHAVE, "erro \u{1F642}\u{1F642}\u{1F642}\u{1F642}\u{1F642}\u{1F642}");
    } catch (e) {
      error = e as KioskError;
    }
    expect(error?.code).toBe("KIOSK_ERR_INPUT_INVALID");
    expect(error?.operatorMessage).toMatch(/pelo menos 15 letras/);
  });
});
