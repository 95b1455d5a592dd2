import { describe, expect, it } from "vitest";
import { sanitizeText } from "../../../src/fiscal/sanitize-text.js";

// XSD TString: [!-ÿ]{1}[ -ÿ]*[!-ÿ]{1}|[!-ÿ]{1}
const TSTRING = /^([!-ÿ][ -ÿ]*[!-ÿ]|[!-ÿ])$/u;

describe("sanitizeText", () => {
  it("trims and collapses every kind of whitespace", () => {
    expect(sanitizeText("  CAFE \t\n TORRADO\u00A0 500G \r\n")).toBe("CAFE TORRADO 500G");
  });

  it("removes emoji and the space they leave (docs/fiscal.md: emoji are removed)", () => {
    expect(sanitizeText("CAFE ☕ QUENTE")).toBe("CAFE QUENTE");
    expect(sanitizeText("👨‍👩‍👧 FAMILIA")).toBe("FAMILIA");
    expect(sanitizeText("🍕🍕")).toBe("");
  });

  it("keeps Latin-1 accents and composes decomposed ones (NFC)", () => {
    expect(sanitizeText("AÇÚCAR MASCAVO")).toBe("AÇÚCAR MASCAVO");
    expect(sanitizeText("PA\u0303O DE QUEIJO")).toBe("PÃO DE QUEIJO");
  });

  it("maps typographic punctuation to ASCII", () => {
    expect(sanitizeText("\u201CBOM\u201D \u2013 D\u2019AGUA\u2026")).toBe('"BOM" - D\'AGUA...');
  });

  it("removes control, C1 and zero-width characters and the soft hyphen", () => {
    expect(sanitizeText("A\u0000B\u0007C\u007FD\u0085E\u200BF\u00ADG")).toBe("ABCDEFG");
  });

  it("keeps & < > and quotes (escaping is the XML writer's job)", () => {
    expect(sanitizeText(`A & B <C> "D" 'E'`)).toBe(`A & B <C> "D" 'E'`);
  });

  it("always yields a TString or the empty string", () => {
    const samples = ["x", " \u2003x\u3000 ", "日本語 ABC", "\uD83D", "a\u0301\u0302", "€100", "™"];
    for (const s of samples) {
      const out = sanitizeText(s);
      expect(out === "" || TSTRING.test(out), JSON.stringify(out)).toBe(true);
    }
  });
});
