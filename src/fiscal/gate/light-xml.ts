// A small strict XML 1.0 + Namespaces parser for the gate's rules: a read-only tree of elements,
// attributes and text, in one pass over the string. xmldom cost about 1 ms per 10-item note and built
// a full DOM the rules never needed. It refuses what is not well-formed, and any DOCTYPE: an NF-e
// has none, and without one no entity other than the five predefined ones can exist.
import { isNameChar, isNameStart, LightElement, XmlSyntaxError } from "./light-element.js";
import {
  checkAttributeNamespaces,
  declareNamespaces,
  ROOT_SCOPE,
  resolvePrefix,
  type Scope,
  splitQName,
} from "./light-namespaces.js";

export { LightElement, XmlSyntaxError } from "./light-element.js";

export interface LightDocument {
  root: LightElement;
}

/** Characters XML 1.0 does not allow anywhere, and surrogates that do not pair. */
const INVALID_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const XML_DECLARATION =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/y;
const PREDEFINED = new Map([
  ["lt", "<"],
  ["gt", ">"],
  ["amp", "&"],
  ["quot", '"'],
  ["apos", "'"],
]);
const NO_ATTRIBUTES: readonly string[] = [];

export function parseLightXml(xml: string): LightDocument {
  const bad = INVALID_CHAR.exec(xml);
  if (bad)
    throw new XmlSyntaxError(`character U+${bad[0].charCodeAt(0).toString(16)} is not allowed`, bad.index);
  return new Parser(xml).document();
}

class Parser {
  private pos = 0;
  private readonly open: LightElement[] = [];
  private readonly scopes: Scope[] = [];
  private root: LightElement | undefined;
  private readonly elements: LightElement[] = [];

  constructor(private readonly src: string) {}

  document(): LightDocument {
    const src = this.src;
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1;
    XML_DECLARATION.lastIndex = this.pos;
    if (src.startsWith("<?xml", this.pos) && isSpace(src.charCodeAt(this.pos + 5))) {
      if (!XML_DECLARATION.test(src)) this.fail("malformed XML declaration");
      this.pos = XML_DECLARATION.lastIndex;
    }
    this.misc();
    if (src.startsWith("<!DOCTYPE", this.pos)) this.fail("a DOCTYPE is not allowed in an NF-e");
    if (src.charCodeAt(this.pos) !== 60 || !isNameStart(src.charCodeAt(this.pos + 1)))
      this.fail("no root element");
    this.content();
    this.misc();
    if (this.pos < src.length) this.fail("content after the root element");
    return { root: this.root! };
  }

  private fail(message: string, at = this.pos): never {
    throw new XmlSyntaxError(message, at);
  }

  /** Whitespace, comments and processing instructions around the root element. */
  private misc(): void {
    const src = this.src;
    for (;;) {
      while (isSpace(src.charCodeAt(this.pos))) this.pos++;
      if (src.startsWith("<!--", this.pos)) this.comment();
      else if (src.startsWith("<?", this.pos)) this.processingInstruction();
      else return;
    }
  }

  /** The root element and everything in it, without recursion (depth costs no stack). */
  private content(): void {
    const src = this.src;
    const length = src.length;
    do {
      const lt = src.indexOf("<", this.pos);
      if (lt === -1) this.fail(`<${this.open[this.open.length - 1]!.nodeName}> is not closed`, length);
      if (lt > this.pos && this.open.length > 0) this.text(this.pos, lt);
      this.pos = lt;
      const next = src.charCodeAt(lt + 1);
      if (next === 47) this.endTag();
      else if (next === 33) {
        if (src.startsWith("<!--", lt)) this.comment();
        else if (src.startsWith("<![CDATA[", lt)) this.cdata();
        else this.fail("markup declarations are not allowed in content");
      } else if (next === 63) this.processingInstruction();
      else this.startTag();
    } while (this.open.length > 0);
  }

  private text(from: number, to: number): void {
    let raw = this.src.slice(from, to);
    if (raw.includes("]]>")) this.fail("']]>' in text", from + raw.indexOf("]]>"));
    if (raw.includes("\r")) raw = raw.replace(/\r\n?/g, "\n");
    this.open[this.open.length - 1]!.addText(raw.includes("&") ? this.decode(raw, from) : raw, true);
  }

  private cdata(): void {
    const start = this.pos + 9;
    const end = this.src.indexOf("]]>", start);
    if (end === -1) this.fail("CDATA section is not closed");
    if (this.open.length === 0) this.fail("CDATA outside the root element");
    const raw = this.src.slice(start, end);
    this.open[this.open.length - 1]!.addText(raw.includes("\r") ? raw.replace(/\r\n?/g, "\n") : raw, false);
    this.pos = end + 3;
  }

  private comment(): void {
    const end = this.src.indexOf("--", this.pos + 4);
    if (end === -1) this.fail("comment is not closed");
    if (this.src.charCodeAt(end + 2) !== 62) this.fail("'--' inside a comment", end);
    this.open[this.open.length - 1]?.addOther();
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    this.pos += 2;
    const target = this.name();
    if (target.toLowerCase() === "xml") this.fail("the XML declaration is only allowed at the start");
    const end = this.src.indexOf("?>", this.pos);
    if (end === -1) this.fail("processing instruction is not closed");
    if (end !== this.pos && !isSpace(this.src.charCodeAt(this.pos)))
      this.fail("malformed processing instruction");
    this.open[this.open.length - 1]?.addOther();
    this.pos = end + 2;
  }

  private startTag(): void {
    const src = this.src;
    const start = this.pos;
    if (this.root && this.open.length === 0) this.fail("a second root element");
    this.pos++;
    const qname = this.name();
    let attributes = NO_ATTRIBUTES as string[];
    let selfClosing = false;
    for (;;) {
      const spaced = this.skipSpace();
      const c = src.charCodeAt(this.pos);
      if (c === 62) {
        this.pos++;
        break;
      }
      if (c === 47 && src.charCodeAt(this.pos + 1) === 62) {
        this.pos += 2;
        selfClosing = true;
        break;
      }
      if (Number.isNaN(c)) this.fail(`<${qname}> is not closed`);
      if (!spaced) this.fail("whitespace expected before an attribute");
      const name = this.name();
      for (let i = 0; i < attributes.length; i += 2)
        if (attributes[i] === name) this.fail(`attribute ${name} repeated`);
      this.skipSpace();
      if (src.charCodeAt(this.pos) !== 61) this.fail(`'=' expected after ${name}`);
      this.pos++;
      this.skipSpace();
      if (attributes === NO_ATTRIBUTES) attributes = [];
      attributes.push(name, this.attributeValue());
    }
    const parent = this.open[this.open.length - 1];
    const parentScope = this.scopes[this.scopes.length - 1] ?? ROOT_SCOPE;
    const scope = attributes.length > 0 ? declareNamespaces(attributes, parentScope, start) : parentScope;
    const colon = qname.indexOf(":");
    let local = qname;
    let namespaceURI = scope.defaultNs;
    if (colon !== -1) {
      const [prefix, name] = splitQName(qname, start + 1);
      local = name;
      namespaceURI = resolvePrefix(scope, prefix!, start);
    }
    if (attributes.length > 0) checkAttributeNamespaces(attributes, scope, start);
    const element = new LightElement(qname, local, namespaceURI, attributes, parent, start, this.elements);
    if (parent) parent.addChild(element);
    else this.root = element;
    if (selfClosing) element.close(this.elements.length);
    else {
      this.open.push(element);
      this.scopes.push(scope);
    }
  }

  private endTag(): void {
    const src = this.src;
    const at = this.pos;
    const element = this.open.pop();
    this.scopes.pop();
    // The usual case reads no string: the end tag spells the open element's name.
    const expected = element?.nodeName ?? "";
    const after = at + 2 + expected.length;
    const same =
      element !== undefined && src.startsWith(expected, at + 2) && !isNameChar(src.charCodeAt(after));
    this.pos = same ? after : at + 2;
    const name = same ? expected : this.name();
    this.skipSpace();
    if (src.charCodeAt(this.pos) !== 62) this.fail("'>' expected in an end tag");
    this.pos++;
    if (!element) this.fail(`</${name}> without a start tag`, at);
    if (!same) this.fail(`</${name}> closes <${element.nodeName}>`, at);
    element.close(this.elements.length);
  }

  private attributeValue(): string {
    const src = this.src;
    const quote = src.charCodeAt(this.pos);
    if (quote !== 34 && quote !== 39) this.fail("attribute value must be quoted");
    const from = this.pos + 1;
    const end = src.indexOf(quote === 34 ? '"' : "'", from);
    if (end === -1) this.fail("attribute value is not closed");
    let raw = src.slice(from, end);
    if (raw.includes("<")) this.fail("'<' in an attribute value", from + raw.indexOf("<"));
    // Attribute-value normalization (XML 1.0 §3.3.3): literal line ends and tabs become spaces.
    if (/[\t\n\r]/.test(raw)) raw = raw.replace(/\r\n|[\t\n\r]/g, " ");
    this.pos = end + 1;
    return raw.includes("&") ? this.decode(raw, from) : raw;
  }

  /** The five predefined entities and character references; anything else is undeclared. */
  private decode(raw: string, offset: number): string {
    let out = "";
    let i = 0;
    for (;;) {
      const amp = raw.indexOf("&", i);
      if (amp === -1) return out + raw.slice(i);
      const semi = raw.indexOf(";", amp);
      if (semi === -1) this.fail("'&' does not start a reference", offset + amp);
      out += raw.slice(i, amp) + this.reference(raw.slice(amp + 1, semi), offset + amp);
      i = semi + 1;
    }
  }

  private reference(ref: string, at: number): string {
    const named = PREDEFINED.get(ref);
    if (named !== undefined) return named;
    const code = /^#x[0-9A-Fa-f]{1,6}$/.test(ref)
      ? Number.parseInt(ref.slice(2), 16)
      : /^#[0-9]{1,7}$/.test(ref)
        ? Number(ref.slice(1))
        : undefined;
    if (code === undefined) this.fail(`undeclared entity &${ref};`, at);
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) this.fail(`&${ref}; is not an XML character`, at);
    return String.fromCodePoint(code);
  }

  private name(): string {
    const src = this.src;
    const start = this.pos;
    if (!isNameStart(src.charCodeAt(start))) this.fail("a name was expected");
    let i = start + 1;
    while (isNameChar(src.charCodeAt(i))) i++;
    this.pos = i;
    return src.slice(start, i);
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (isSpace(this.src.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}
