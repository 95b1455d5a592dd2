// The note parsed once by libxml2 (wasm): the signature check canonicalizes it and, when the gate has
// a compiled XSD, the schema validates the same parse. libxml2-wasm loads with a top-level await when
// this module is imported; every call after that is synchronous. Documents live in wasm memory, so
// whoever parses one disposes it (withNativeDocument does).
import { ParseOption, XmlDocument } from "libxml2-wasm";

export type NativeParse = { doc: XmlDocument; error?: undefined } | { doc?: undefined; error: string };

/**
 * The bytes are the JS string's UTF-8, whatever the declaration says (rule 402 reports a declared
 * encoding other than UTF-8); no network and no external entities, whatever the document declares.
 */
const OPTIONS = { encoding: "utf-8", option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE };

/** Reused for every note (libxml2 copies the bytes during the synchronous parse). */
let input = Buffer.allocUnsafe(64 * 1024);

export function parseNative(xml: string): NativeParse {
  try {
    // Encoding natively into a reused buffer: fromString's JS encoder cost 25 % more on a 10-item note.
    if (input.length < xml.length * 3) input = Buffer.allocUnsafe(xml.length * 3); // UTF-8: ≤ 3 bytes a code unit
    const length = input.write(xml, "utf8");
    return { doc: XmlDocument.fromBuffer(input.subarray(0, length), OPTIONS) };
  } catch (error) {
    return { error: describeLibxml2Error(error).join("; ") };
  }
}

/** Parses, runs use, and frees the wasm memory whatever happens. */
export function withNativeDocument<T>(xml: string, use: (parsed: NativeParse) => T): T {
  const parsed = parseNative(xml);
  try {
    return use(parsed);
  } finally {
    parsed.doc?.dispose();
  }
}

/** libxml2-wasm errors carry one detail per libxml2 message, with its line. */
export function describeLibxml2Error(error: unknown): string[] {
  const details = (error as { details?: Array<{ message: string; line?: number }> }).details;
  if (Array.isArray(details) && details.length > 0)
    return details.map((d) => (d.line ? `line ${d.line}: ${d.message.trim()}` : d.message.trim()));
  return [error instanceof Error ? error.message.trim() : String(error)];
}
