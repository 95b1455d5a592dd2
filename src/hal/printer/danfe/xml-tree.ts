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
  children: XmlElement[];
  /** Text content: each text chunk trimmed, CDATA sections verbatim, concatenated. */
  text: string;
}

export class XmlSyntaxError extends Error {}

/** A synthetic root whose children are the document's top-level elements. */
export function parseXmlTree(xml: string): XmlElement {
  const root: XmlElement = { name: "", attributes: "", children: [], text: "" };
  const open: { element: XmlElement; qname: string }[] = [];
  let current = root;
  let at = 0;
  const fail = (why: string): never => {
    throw new XmlSyntaxError(`${why} at offset ${at}`);
  };
  while (at < xml.length) {
    const lt = xml.indexOf("<", at);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > at) current.text += decodeText(xml.slice(at, textEnd));
    if (lt === -1) break;
    at = lt;
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) {
      const gt = xml.indexOf(">", lt);
      if (gt === -1) fail("unterminated end tag");
      const qname = xml.slice(lt + 2, gt).trimEnd();
      const top = open.pop();
      if (!top || top.qname !== qname) fail(`unexpected </${qname}>`);
      current = open.length ? (open[open.length - 1] as { element: XmlElement }).element : root;
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
      at = readStartTag(xml, lt, fail, (qname, attributes, selfClosing) => {
        const colon = qname.indexOf(":");
        const element: XmlElement = {
          name: colon === -1 ? qname : qname.slice(colon + 1),
          attributes,
          children: [],
          text: "",
        };
        current.children.push(element);
        if (!selfClosing) {
          open.push({ element, qname });
          current = element;
        }
      });
    }
  }
  if (open.length) fail(`<${(open[open.length - 1] as { qname: string }).qname}> not closed`);
  return root;
}

const NAME_END = /[\s/>]/g;

function readStartTag(
  xml: string,
  lt: number,
  fail: (why: string) => never,
  onElement: (qname: string, attributes: string, selfClosing: boolean) => void,
): number {
  NAME_END.lastIndex = lt + 1;
  const nameEnd = NAME_END.exec(xml)?.index ?? -1;
  if (nameEnd <= lt + 1) fail("bad start tag");
  // Find the closing '>' outside quoted attribute values.
  let quote = 0;
  let i = nameEnd;
  for (; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) break;
    else if (c === 0x3c) fail("'<' inside a start tag");
  }
  if (i >= xml.length) fail("unterminated start tag");
  const selfClosing = xml.charCodeAt(i - 1) === 0x2f;
  onElement(xml.slice(lt + 1, nameEnd), xml.slice(nameEnd, selfClosing ? i - 1 : i), selfClosing);
  return i + 1;
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

function isNamespaceDeclaration(qname: string): boolean {
  return qname === "xmlns" || qname.startsWith("xmlns:");
}

function decodeText(raw: string): string {
  const trimmed = raw.trim();
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
