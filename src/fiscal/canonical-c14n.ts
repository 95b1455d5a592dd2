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
  const names: string[] = [];
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
      const next = xml.indexOf("<", pos);
      if (next < 0) throw notWellFormed(`<${names[names.length - 1]}> is not closed`, xml.length);
      const text = canonicalText(xml, pos, next);
      if (apexDepth >= 0 && text !== undefined) {
        out += xml.slice(copied, pos) + text;
        copied = next;
      }
      pos = next;
    } else if (xml.charCodeAt(pos + 1) === SLASH) {
      const name = names.pop();
      if (
        name === undefined ||
        !xml.startsWith(name, pos + 2) ||
        isNameChar(xml.charCodeAt(pos + 2 + name.length))
      )
        throw notWellFormed(`an end tag that does not close <${name}>`, pos);
      const end = tagClose(xml, skipSpace(xml, pos + 2 + name.length));
      namespaces.pop();
      if (name === parentName) parentEnd = pos;
      if (apexDepth >= 0) {
        if (end !== pos + name.length + 3) {
          out += xml.slice(copied, pos) + `</${name}>`;
          copied = end;
        }
        if (names.length === apexDepth) {
          canonical = out + xml.slice(copied, end);
          apexDepth = -1;
        }
      }
      pos = end;
    } else {
      const tag = readStartTag(xml, pos);
      const inherited = namespaces.length > 0 ? namespaces[namespaces.length - 1]! : "";
      const declared = tag.attributes.find((a) => a.name === "xmlns");
      const namespace = declared ? checkedNamespace(declared.value, pos) : inherited;
      if (tag.name === "Signature") throw invalid("the document is already signed");
      if (tag.name === parentName) parentCount++;
      let rendered =
        apexDepth >= 0 && declared !== undefined && namespace !== inherited ? namespace : undefined;
      if (tag.name === target) {
        if (++targetCount > 1) throw invalid(`expected exactly one <${target}> to sign, found more`);
        if (names[names.length - 1] !== parentName)
          throw invalid(`<${target}> must be a child of <${parentName}>`);
        id = targetId(tag, target);
        apexDepth = names.length;
        out = "";
        copied = pos;
        rendered = namespace === "" ? undefined : namespace;
      }
      if (apexDepth >= 0 && (rendered !== undefined || tag.end !== pos + tag.name.length + 2)) {
        out += xml.slice(copied, pos) + canonicalStartTag(tag, rendered);
        if (tag.selfClosing) out += `</${tag.name}>`;
        copied = tag.end;
      }
      if (tag.selfClosing) {
        if (names.length === apexDepth) {
          canonical = out;
          apexDepth = -1;
        }
      } else {
        names.push(tag.name);
        namespaces.push(namespace);
      }
      pos = tag.end;
    }
  } while (names.length > 0);
  if (skipSpace(xml, pos) !== xml.length) throw notWellFormed("content after the root element", pos);

  if (canonical === undefined) throw invalid(`expected exactly one <${target}> to sign, found 0`);
  if (parentCount !== 1) throw invalid(`expected exactly one <${parentName}>, found ${parentCount}`);
  return { canonical, id, parentEnd };
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

function readStartTag(xml: string, at: number): StartTag {
  const nameEnd = scanName(xml, at + 1);
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

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2d;
}

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
