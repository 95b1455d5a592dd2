// Inclusive C14N 1.0 of the element to sign, read straight from the document text in one pass, with
// no DOM. The whole document is checked as it is read, and only a strict subset of XML is accepted:
// an optional XML declaration, one root element, elements, attributes, text and references; no DTD,
// comments, processing instructions or CDATA; unprefixed ASCII names; the default namespace only.
// Anything else is refused with a coded error rather than guessed at. In that subset the C14N rules
// reduce to: start and end tag for every element, attributes sorted by name (namespace declarations
// are not attributes), the default namespace written where it differs from the parent's in the output
// (on the apex: wherever it is not empty), text and attribute values escaped as C14N writes them.
// https://www.w3.org/TR/2001/REC-xml-c14n-20010315#ProcessingModel
import { KioskError } from "../errors.js";
import { attributeValue, canonicalText, escapeAttributeValue, notWellFormed } from "./canonical-text.js";

export interface SignSubject {
  /** The target element in inclusive C14N 1.0 (the enveloped transform removes nothing: no Signature). */
  canonical: string;
  /** Its Id attribute. */
  id: string;
  /** Offset of the end tag of the target's parent, where the Signature goes. */
  parentEnd: number;
}

interface Attribute {
  name: string;
  value: string;
}

interface StartTag {
  name: string;
  attributes: Attribute[];
  /** Offset just past the '>'. */
  end: number;
  selfClosing: boolean;
}

const NO_ATTRIBUTES: Attribute[] = [];

/**
 * Reads the whole document and returns the C14N form of the only element named `target`, which must
 * be a child of the only element named `parentName` and carry an Id; the document must hold no
 * Signature element yet.
 */
export function canonicalizeTarget(xml: string, target: string, parentName: string): SignSubject {
  // The open elements, as offset and length of their names in `xml` (no string per element).
  const nameStarts: number[] = [];
  const nameLengths: number[] = [];
  const namespaces: string[] = [];
  let targetCount = 0;
  let parentCount = 0;
  let parentEnd = -1;
  let id = "";
  let apexDepth = -1; // depth of the target while it is being read
  let out = ""; // the canonical form built so far, up to `copied`
  let copied = 0; // offset from which the document is copied as it is
  let canonical: string | undefined;

  let pos = prologEnd(xml);
  if (xml.charCodeAt(pos) !== LT) throw notWellFormed("no root element", pos);
  do {
    if (xml.charCodeAt(pos) !== LT) {
      let next = pos;
      for (let c = xml.charCodeAt(next); c < 0x80 ? PLAIN_TEXT[c] === 1 : isPlainAbove7f(c); )
        c = xml.charCodeAt(++next);
      if (xml.charCodeAt(next) !== LT) {
        next = xml.indexOf("<", next);
        if (next < 0) throw notWellFormed("an element that is not closed", xml.length);
        const text = canonicalText(xml, pos, next);
        if (apexDepth >= 0 && text !== undefined) {
          out += xml.slice(copied, pos) + text;
          copied = next;
        }
      }
      pos = next;
    } else if (xml.charCodeAt(pos + 1) === SLASH) {
      if (nameStarts.length === 0) throw notWellFormed("an end tag before any start tag", pos);
      const start = nameStarts.pop()!;
      const length = nameLengths.pop()!;
      if (!sameName(xml, start, pos + 2, length) || isNameChar(xml.charCodeAt(pos + 2 + length)))
        throw notWellFormed(`an end tag that does not close <${xml.slice(start, start + length)}>`, pos);
      let end = pos + 2 + length;
      end = xml.charCodeAt(end) === GT ? end + 1 : tagClose(xml, skipSpace(xml, end));
      namespaces.pop();
      if (isName(xml, start, length, parentName)) parentEnd = pos;
      if (apexDepth >= 0) {
        if (end !== pos + length + 3) {
          out += `${xml.slice(copied, pos)}</${xml.slice(start, start + length)}>`;
          copied = end;
        }
        if (nameStarts.length === apexDepth) {
          canonical = out + xml.slice(copied, end);
          apexDepth = -1;
        }
      }
      pos = end;
    } else {
      const nameEnd = scanName(xml, pos + 1);
      const length = nameEnd - pos - 1;
      const inherited = namespaces.length > 0 ? namespaces[namespaces.length - 1]! : "";
      if (isName(xml, pos + 1, length, "Signature")) throw invalid("the document is already signed");
      if (isName(xml, pos + 1, length, parentName)) parentCount++;
      const isTarget = isName(xml, pos + 1, length, target);
      if (!isTarget && xml.charCodeAt(nameEnd) === GT) {
        // <name>: no attributes, the parent's namespace, already canonical (the common case).
        nameStarts.push(pos + 1);
        nameLengths.push(length);
        namespaces.push(inherited);
        pos = nameEnd + 1;
        continue;
      }
      const tag = readStartTag(xml, pos, nameEnd);
      const declared = tag.attributes.find((a) => a.name === "xmlns");
      const namespace = declared ? checkedNamespace(declared.value, pos) : inherited;
      let rendered =
        apexDepth >= 0 && declared !== undefined && namespace !== inherited ? namespace : undefined;
      if (isTarget) {
        if (++targetCount > 1) throw invalid(`expected exactly one <${target}> to sign, found more`);
        const depth = nameStarts.length;
        if (depth === 0 || !isName(xml, nameStarts[depth - 1]!, nameLengths[depth - 1]!, parentName))
          throw invalid(`<${target}> must be a child of <${parentName}>`);
        id = targetId(tag, target);
        apexDepth = depth;
        out = "";
        copied = pos;
        rendered = namespace === "" ? undefined : namespace;
      }
      if (apexDepth >= 0 && (rendered !== undefined || tag.end !== nameEnd + 1)) {
        out += xml.slice(copied, pos) + canonicalStartTag(tag, rendered);
        if (tag.selfClosing) out += `</${tag.name}>`;
        copied = tag.end;
      }
      if (tag.selfClosing) {
        if (nameStarts.length === apexDepth) {
          canonical = out;
          apexDepth = -1;
        }
      } else {
        nameStarts.push(pos + 1);
        nameLengths.push(length);
        namespaces.push(namespace);
      }
      pos = tag.end;
    }
  } while (nameStarts.length > 0);
  if (skipSpace(xml, pos) !== xml.length) throw notWellFormed("content after the root element", pos);

  if (canonical === undefined) throw invalid(`expected exactly one <${target}> to sign, found 0`);
  if (parentCount !== 1) throw invalid(`expected exactly one <${parentName}>, found ${parentCount}`);
  return { canonical, id, parentEnd };
}

// Characters of text that C14N writes as they are: not '<', a reference, '>', CR, or a character XML
// forbids or that needs a check (surrogates, U+FFFE, U+FFFF, NEL, LS: see canonical-text.ts).
const PLAIN_TEXT = new Uint8Array(0x80).map((_, c) =>
  (c >= 0x20 || c === 0x09 || c === 0x0a) && c !== 0x3c && c !== 0x26 && c !== 0x3e ? 1 : 0,
);

function isPlainAbove7f(c: number): boolean {
  return c < 0xd800 ? c !== 0x85 && c !== 0x2028 : c >= 0xe000 && c < 0xfffe;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;

// version 1.0 only (1.1 has other character rules); any encoding name (the text is already decoded).
const XML_DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/;

/** Offset of the root element: past an optional XML declaration and white space. */
function prologEnd(xml: string): number {
  let pos = 0;
  if (xml.startsWith("<?xml")) {
    const declaration = XML_DECLARATION.exec(xml);
    if (!declaration) throw invalid("unsupported or malformed XML declaration");
    pos = declaration[0].length;
  }
  pos = skipSpace(xml, pos);
  const next = xml.charCodeAt(pos + 1);
  if (xml.charCodeAt(pos) === LT && (next === 0x21 || next === 0x3f))
    throw invalid(`a DOCTYPE, comment or processing instruction at offset ${pos} is not supported`);
  return pos;
}

function readStartTag(xml: string, at: number, nameEnd: number): StartTag {
  const name = xml.slice(at + 1, nameEnd);
  let attributes = NO_ATTRIBUTES;
  let pos = nameEnd;
  for (;;) {
    const afterSpace = skipSpace(xml, pos);
    const c = xml.charCodeAt(afterSpace);
    if (c === GT) return { name, attributes, end: afterSpace + 1, selfClosing: false };
    if (c === SLASH) return { name, attributes, end: tagClose(xml, afterSpace + 1), selfClosing: true };
    if (afterSpace === pos) throw notWellFormed(`a malformed start tag <${name}>`, pos);
    const attrEnd = scanName(xml, afterSpace);
    const attrName = xml.slice(afterSpace, attrEnd);
    const equals = skipSpace(xml, attrEnd);
    if (xml.charCodeAt(equals) !== EQUALS) throw notWellFormed(`attribute ${attrName} has no value`, equals);
    const quoteAt = skipSpace(xml, equals + 1);
    const quote = xml.charCodeAt(quoteAt);
    if (quote !== 0x22 && quote !== 0x27) throw notWellFormed(`attribute ${attrName} is not quoted`, quoteAt);
    const close = xml.indexOf(quote === 0x22 ? '"' : "'", quoteAt + 1);
    if (close < 0) throw notWellFormed(`attribute ${attrName} is not closed`, quoteAt);
    if (attrName !== "xmlns" && attrName.startsWith("xml"))
      throw invalid(`the attribute ${attrName} (reserved xml name) is not supported`);
    if (attributes === NO_ATTRIBUTES) attributes = [];
    else if (attributes.some((a) => a.name === attrName))
      throw notWellFormed(`attribute ${attrName} given twice`, afterSpace);
    attributes.push({ name: attrName, value: attributeValue(xml, quoteAt + 1, close) });
    pos = close + 1;
  }
}

/** The C14N start tag: the default namespace when it must be written, then the attributes by name. */
function canonicalStartTag(tag: StartTag, namespace: string | undefined): string {
  let text = `<${tag.name}`;
  if (namespace !== undefined) text += ` xmlns="${namespace}"`;
  const attributes = tag.attributes.filter((a) => a.name !== "xmlns");
  // Unprefixed attributes sort by local name, in code-unit order (names here are ASCII).
  attributes.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const a of attributes) text += ` ${a.name}="${escapeAttributeValue(a.value)}"`;
  return `${text}>`;
}

// C14N must fail on a relative namespace URI (REC-xml-c14n §2.1, as libxml2 does). Namespace names are
// written unescaped by C14N implementations in the wild, so allow only characters that need no escaping.
function checkedNamespace(value: string, at: number): string {
  if (value !== "" && !/^[A-Za-z][A-Za-z0-9+.-]*:[^&<>"'\s]*$/.test(value))
    throw invalid(`the namespace name at offset ${at} is not an absolute URI without & < > " ' or spaces`);
  return value;
}

function targetId(tag: StartTag, target: string): string {
  const id = tag.attributes.find((a) => a.name === "Id")?.value;
  if (!id) throw invalid(`<${target}> has no Id attribute to reference`);
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(id)) throw invalid(`<${target}> has an unsupported Id "${id}"`);
  return id;
}

/** End of an XML name starting at xml[at]: ASCII letters, digits, '_', '.', '-' (no prefixes). */
function scanName(xml: string, at: number): number {
  const first = xml.charCodeAt(at);
  if (!(isLetter(first) || first === 0x5f)) throw notWellFormed("a missing or unsupported name", at);
  let pos = at + 1;
  while (isNameChar(xml.charCodeAt(pos))) pos++;
  const stop = xml.charCodeAt(pos);
  if (stop === 0x3a) throw invalid(`a namespace prefix at offset ${at} is not supported`);
  if (stop > 0x7f) throw invalid(`a non-ASCII name at offset ${at} is not supported`);
  return pos;
}

/** Whether xml[start, start + length) is `name`. */
function isName(xml: string, start: number, length: number, name: string): boolean {
  return length === name.length && xml.startsWith(name, start);
}

/** Whether the names at offsets a and b, both `length` long, are equal. */
function sameName(xml: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (xml.charCodeAt(a + k) !== xml.charCodeAt(b + k)) return false;
  return true;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isNameChar(c: number): boolean {
  return c < 0x80 && NAME_CHARS[c] === 1;
}

const NAME_CHARS = new Uint8Array(0x80).map((_, c) =>
  isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2d ? 1 : 0,
);

function skipSpace(xml: string, at: number): number {
  let pos = at;
  for (;;) {
    const c = xml.charCodeAt(pos);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return pos;
    pos++;
  }
}

/** Offset past the '>' expected at xml[at]. */
function tagClose(xml: string, at: number): number {
  if (xml.charCodeAt(at) !== GT) throw notWellFormed("a tag that is not closed by '>'", at);
  return at + 1;
}

function invalid(message: string): KioskError {
  return new KioskError("KIOSK_ERR_INPUT_INVALID", `cannot sign: ${message}`, { field: "xml" });
}
