// Character data of the strict XML subset signXml reads, in its C14N 1.0 form
// (https://www.w3.org/TR/2001/REC-xml-c14n-20010315#ProcessingModel): references are decoded, line ends
// and attribute whitespace are normalized as every XML parser must (XML 1.0 §2.11, §3.3.3), and the
// result is escaped the way C14N writes text (& < > CR) and attribute values (& < " TAB LF CR).
// Characters XML 1.0 forbids and undefined entities are refused, never passed through.
import { KioskError } from "../errors.js";

const AMP = 0x26;
const LT = 0x3c;
const GT = 0x3e;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
// NEL and LS are plain characters in XML 1.0, but some parsers (xmldom, under xml-crypto and our own
// verifier) read them as line ends, as XML 1.1 does: the digest would depend on the reader. Refused.
const NEL = 0x85;
const LS = 0x2028;

/** A coded error for input that is not well-formed (or outside the supported subset), with its offset. */
export function notWellFormed(what: string, at: number): KioskError {
  return new KioskError(
    "KIOSK_ERR_INPUT_INVALID",
    `cannot sign: the XML is not well-formed: ${what} at offset ${at}`,
    {
      field: "xml",
    },
  );
}

/**
 * The canonical form of the text xml[start, end), or undefined when those characters already are
 * canonical (the builder's output: only &amp; &lt; &gt; references, no literal '>' or CR), so the caller
 * can copy them as they are. The range holds no '<' (it ends at the next tag).
 */
export function canonicalText(xml: string, start: number, end: number): string | undefined {
  let out: string | undefined;
  let copied = start;
  for (let i = start; i < end; i++) {
    const c = xml.charCodeAt(i);
    if (c >= 0x20 && c < 0xd800 && c !== AMP && c !== GT && c !== NEL && c !== LS) continue;
    let replacement: string;
    let next = i + 1;
    if (c === AMP) {
      next = referenceEnd(xml, i, end);
      const code = referenceCode(xml, i, next);
      // &amp; &lt; &gt; are what C14N writes for those characters: nothing changes.
      if (xml.charCodeAt(i + 1) !== 0x23 && (code === AMP || code === LT || code === GT)) {
        i = next - 1;
        continue;
      }
      replacement = escapeTextChar(code);
    } else if (c === GT) {
      // "]]>" is not allowed in content (XML 1.0 §2.4): a parser that refuses it would read another text.
      if (i - 2 >= start && xml.charCodeAt(i - 1) === 0x5d && xml.charCodeAt(i - 2) === 0x5d)
        throw notWellFormed("']]>' in text", i - 2);
      replacement = "&gt;";
    } else if (c === CR) {
      // A parser reads CR LF and a lone CR as one LF; the LF that follows (if any) is copied.
      replacement = xml.charCodeAt(i + 1) === LF ? "" : "\n";
    } else if (c === TAB || c === LF) {
      continue;
    } else {
      i = checkedCharEnd(xml, i, end) - 1;
      continue;
    }
    out = (out ?? "") + xml.slice(copied, i) + replacement;
    copied = next;
    i = next - 1;
  }
  return out === undefined ? undefined : out + xml.slice(copied, end);
}

/**
 * The value of the attribute whose characters (between the quotes) are xml[start, end): references
 * decoded, literal TAB, LF, CR and CR LF each read as one space (attribute-value normalization for CDATA
 * attributes, which is what a parser without a DTD applies).
 */
export function attributeValue(xml: string, start: number, end: number): string {
  let out = "";
  let copied = start;
  for (let i = start; i < end; i++) {
    const c = xml.charCodeAt(i);
    if (c >= 0x20 && c < 0xd800 && c !== AMP && c !== LT && c !== NEL && c !== LS) continue;
    let replacement: string;
    let next = i + 1;
    if (c === AMP) {
      next = referenceEnd(xml, i, end);
      replacement = String.fromCodePoint(referenceCode(xml, i, next));
    } else if (c === LT) {
      throw notWellFormed("'<' inside an attribute value", i);
    } else if (c === CR) {
      replacement = " ";
      if (xml.charCodeAt(i + 1) === LF) next++;
    } else if (c === TAB || c === LF) {
      replacement = " ";
    } else {
      i = checkedCharEnd(xml, i, end) - 1;
      continue;
    }
    out += xml.slice(copied, i) + replacement;
    copied = next;
    i = next - 1;
  }
  return copied === start ? xml.slice(start, end) : out + xml.slice(copied, end);
}

/** An attribute value as C14N writes it between double quotes. */
export function escapeAttributeValue(value: string): string {
  return ATTRIBUTE_SPECIAL.test(value)
    ? value.replace(ATTRIBUTE_SPECIAL_ALL, (ch) => ATTRIBUTE_ESCAPES[ch] ?? ch)
    : value;
}

const ATTRIBUTE_SPECIAL = /[&<"\t\n\r]/;
const ATTRIBUTE_SPECIAL_ALL = /[&<"\t\n\r]/g;
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  '"': "&quot;",
  "\t": "&#x9;",
  "\n": "&#xA;",
  "\r": "&#xD;",
};

function escapeTextChar(code: number): string {
  switch (code) {
    case AMP:
      return "&amp;";
    case LT:
      return "&lt;";
    case GT:
      return "&gt;";
    case CR:
      return "&#xD;";
    default:
      return String.fromCodePoint(code);
  }
}

/** Offset just past the ';' of the reference starting at xml[at] === '&'. */
function referenceEnd(xml: string, at: number, end: number): number {
  const semicolon = xml.indexOf(";", at + 1);
  // The longest reference accepted is &#x10FFFF; (10 characters).
  if (semicolon < 0 || semicolon >= end || semicolon - at > 10)
    throw notWellFormed("a '&' that starts no reference", at);
  return semicolon + 1;
}

/** The code point of the reference xml[at, next): the five predefined entities or a character reference. */
function referenceCode(xml: string, at: number, next: number): number {
  if (xml.charCodeAt(at + 1) !== 0x23) {
    const name = xml.slice(at + 1, next - 1);
    const code = PREDEFINED[name];
    if (code === undefined) throw notWellFormed(`the undefined entity &${name};`, at);
    return code;
  }
  const hex = xml.charCodeAt(at + 2) === 0x78;
  const digits = xml.slice(at + (hex ? 3 : 2), next - 1);
  if (!(hex ? /^[0-9A-Fa-f]{1,6}$/ : /^[0-9]{1,7}$/).test(digits))
    throw notWellFormed("a malformed character reference", at);
  const code = Number.parseInt(digits, hex ? 16 : 10);
  if (!isXmlChar(code))
    throw notWellFormed(`a reference to a character XML forbids (U+${code.toString(16)})`, at);
  return code;
}

const PREDEFINED: Readonly<Record<string, number>> = { amp: AMP, lt: LT, gt: GT, quot: 0x22, apos: 0x27 };

/** XML 1.0 Char: TAB, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF (less NEL and LS, above). */
function isXmlChar(code: number): boolean {
  if (code === NEL || code === LS) return false;
  return code >= 0x20
    ? code < 0xd800 || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
    : code === TAB || code === LF || code === CR;
}

/** For the code unit at xml[i] outside the plain range: its end when it is a character XML allows. */
function checkedCharEnd(xml: string, i: number, end: number): number {
  const c = xml.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const low = i + 1 < end ? xml.charCodeAt(i + 1) : 0;
    if (low >= 0xdc00 && low <= 0xdfff) return i + 2;
  } else if (c >= 0xe000 && c <= 0xfffd) {
    return i + 1;
  }
  throw notWellFormed(`a character XML forbids (U+${c.toString(16).padStart(4, "0")})`, i);
}
