// Decides whether a scanned string is a sellable EAN-13, EAN-8 or UPC-A: right length, check
// digit (GS1 General Specifications §7.9: weights 3,1 from the right, mod 10) and an assigned GS1
// prefix. Pure; everything else is a rejection with a reason.
import { type PrefixKind, prefixOf } from "./gs1-prefixes.js";

export type Symbology = "ean13" | "ean8" | "upca";
export type ScanRejectReason =
  | "noise"
  | "too-long"
  | "bad-length"
  | "not-numeric"
  | "check-digit"
  | "gs1-prefix"
  | "not-a-product";

export type BarcodeCheck =
  | { ok: true; code: string; symbology: Symbology; issuer: string; restricted: boolean }
  | { ok: false; reason: ScanRejectReason; detail: string };

export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

const SYMBOLOGY: Record<number, Symbology> = { 8: "ean8", 12: "upca", 13: "ean13" };

export function checkBarcode(text: string): BarcodeCheck {
  if (!/^[0-9]+$/.test(text)) return { ok: false, reason: "not-numeric", detail: "not a numeric GTIN" };
  const symbology = SYMBOLOGY[text.length];
  if (!symbology)
    return {
      ok: false,
      reason: "bad-length",
      detail: `${text.length} digits (EAN-8, UPC-A or EAN-13 expected)`,
    };
  const expected = gtinCheckDigit(text.slice(0, -1));
  if (expected !== text.charCodeAt(text.length - 1) - 48) {
    return { ok: false, reason: "check-digit", detail: `check digit ${text.at(-1)}, expected ${expected}` };
  }
  const prefix = prefixFor(text, symbology);
  if (!prefix) return { ok: false, reason: "gs1-prefix", detail: "unassigned GS1 prefix" };
  if (prefix.kind === "not-a-product") return { ok: false, reason: "not-a-product", detail: prefix.issuer };
  return { ok: true, code: text, symbology, issuer: prefix.issuer, restricted: prefix.kind === "restricted" };
}

function prefixFor(code: string, symbology: Symbology): { issuer: string; kind: PrefixKind } | undefined {
  // UPC-A is an EAN-13 with a leading zero.
  if (symbology === "upca") return prefixOf(Number(`0${code.slice(0, 2)}`));
  // EAN-8 numbers starting with 0 or 2 are restricted (velocity / in-store); 977-999 reserved.
  if (symbology === "ean8") {
    if (code[0] === "0" || code[0] === "2")
      return { issuer: "restricted distribution (GTIN-8)", kind: "restricted" };
    if (Number(code.slice(0, 3)) >= 977) return undefined;
  }
  return prefixOf(Number(code.slice(0, 3)));
}
