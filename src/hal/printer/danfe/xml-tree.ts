// A small, strict XML reader for the DANFE: one pass over the text into elements with local names
// (prefixes dropped), raw attributes and their text. It keeps the reading rules the DANFE had with
// fast-xml-parser (text chunks trimmed and joined, CDATA kept as is, line ends as LF, the five
// predefined entities) and also decodes character references, which that parser printed literally.
// No DOCTYPE (an NF-e has none; entity declarations are not something a receipt should expand).

export interface XmlElement {
  /** Local name, without a namespace prefix. */
  name: string;
  /** The raw attribute text of the start tag (decoded on request by attributeOf). */
  attributes: string;
  children: readonly XmlElement[];
  /** Text content: each text chunk trimmed, CDATA sections verbatim, concatenated. */
  text: string;
}

export class XmlSyntaxError extends Error {}

/** Shared by every element until its first child (most elements are leaves). */
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

/**
 * A synthetic root whose children are the document's top-level elements. Elements named in `skip`
 * are kept, but their content is passed over unread and unchecked (the DANFE prints nothing from
 * the signature or the taxes of each item, which are a large share of the note's text).
 */
export function parseXmlTree(xml: string, skip?: ReadonlySet<string>): XmlElement {
  const root: XmlElement = { name: "", attributes: "", children: [], text: "" };
  const openElements: XmlElement[] = [];
  const openNames: string[] = [];
  let current = root;
  let at = 0;
  const fail = (why: string): never => {
    throw new XmlSyntaxError(`${why} at offset ${at}`);
  };
  while (at < xml.length) {
    const lt = xml.indexOf("<", at);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > at) {
      const text = decodeText(xml, at, textEnd);
      if (text) current.text += text;
    }
    if (lt === -1) break;
    at = lt;
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) {
      const gt = xml.indexOf(">", lt);
      const qname = openNames.pop();
      openElements.pop();
      if (gt === -1 || qname === undefined || !isEndTag(xml, lt + 2, gt, qname))
        fail(`unexpected ${xml.slice(lt, gt === -1 ? lt + 40 : gt + 1)}`);
      current = openElements.length ? (openElements[openElements.length - 1] as XmlElement) : root;
      at = gt + 1;
    } else if (next === 0x3f /* ? */) {
      const end = xml.indexOf("?>", lt + 2);
      if (end === -1) fail("unterminated processing instruction");
      at = end + 2;
    } else if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt + 4);
      if (end === -1) fail("unterminated comment");
      at = end + 3;
    } else if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt + 9);
      if (end === -1) fail("unterminated CDATA section");
      current.text += xml.slice(lt + 9, end).replace(/\r\n?/g, "\n");
      at = end + 3;
    } else if (next === 0x21 /* ! */) {
      fail("DOCTYPE or other declaration");
    } else {
      const nameEnd = nameEndOf(xml, lt + 1);
      const gt = tagEndOf(xml, nameEnd);
      if (nameEnd === lt + 1 || gt === -1) fail("bad start tag");
      const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
      const qname = xml.slice(lt + 1, nameEnd);
      const colon = qname.indexOf(":");
      const element: XmlElement = {
        name: colon === -1 ? qname : qname.slice(colon + 1),
        attributes: xml.slice(nameEnd, selfClosing ? gt - 1 : gt),
        children: NO_CHILDREN,
        text: "",
      };
      if (current.children === NO_CHILDREN) current.children = [element];
      else (current.children as XmlElement[]).push(element);
      at = gt + 1;
      if (selfClosing) continue;
      if (skip?.has(element.name)) {
        const end = endTagOf(xml, at, qname);
        if (end === -1) fail(`<${qname}> not closed`);
        at = end;
        continue;
      }
      openElements.push(element);
      openNames.push(qname);
      current = element;
    }
  }
  if (openNames.length) fail(`<${openNames[openNames.length - 1]}> not closed`);
  return root;
}

function nameEndOf(xml: string, from: number): number {
  let i = from;
  for (; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (c === 0x3e || c === 0x2f || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) break;
  }
  return i;
}

/** The '>' closing a start tag, outside quoted attribute values; -1 if there is none or a '<'. */
function tagEndOf(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i;
    else if (c === 0x3c) return -1;
  }
  return -1;
}

/** Just past the first `</qname>` from `from`; -1 if there is none. */
function endTagOf(xml: string, from: number, qname: string): number {
  for (let lt = xml.indexOf(`</${qname}`, from); lt !== -1; lt = xml.indexOf(`</${qname}`, lt + 2)) {
    const gt = xml.indexOf(">", lt);
    if (gt !== -1 && isEndTag(xml, lt + 2, gt, qname)) return gt + 1;
  }
  return -1;
}

/** `</qname>` with optional white space before the '>'. */
function isEndTag(xml: string, from: number, gt: number, qname: string): boolean {
  if (!xml.startsWith(qname, from)) return false;
  for (let i = from + qname.length; i < gt; i++) {
    const c = xml.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The decoded value of an attribute by local name; namespace declarations do not count. */
export function attributeOf(element: XmlElement, name: string): string | undefined {
  for (const [, qname = "", dq, sq] of element.attributes.matchAll(ATTRIBUTE)) {
    if (isNamespaceDeclaration(qname)) continue;
    const colon = qname.indexOf(":");
    if ((colon === -1 ? qname : qname.slice(colon + 1)) === name) return decodeEntities(dq ?? sq ?? "");
  }
  return undefined;
}

export function hasAttributes(element: XmlElement): boolean {
  if (element.attributes.trim() === "") return false;
  for (const [, qname = ""] of element.attributes.matchAll(ATTRIBUTE))
    if (!isNamespaceDeclaration(qname)) return true;
  return false;
}

function isSpace(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = xml.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

function isNamespaceDeclaration(qname: string): boolean {
  return qname === "xmlns" || qname.startsWith("xmlns:");
}

function decodeText(xml: string, from: number, to: number): string {
  const trimmed = isSpace(xml, from, to) ? "" : xml.slice(from, to).trim();
  if (trimmed === "") return "";
  const lf = trimmed.includes("\r") ? trimmed.replace(/\r\n?/g, "\n") : trimmed;
  return decodeEntities(lf);
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  if (!value.includes("&")) return value;
  return value.replace(ENTITY, (whole, named?: string, dec?: string, hex?: string) => {
    if (named) return NAMED[named] ?? whole;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? "", 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
