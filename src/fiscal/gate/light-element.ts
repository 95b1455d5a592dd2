// The read-only element of the gate's light tree (light-xml.ts builds it), shaped like the part of the
// DOM the rules read: localName, namespaceURI, getAttribute, textContent and the child elements.

export const XML_NS = "http://www.w3.org/XML/1998/namespace";
export const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

/** Not well-formed XML (or a DOCTYPE), at an offset of the parsed text. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (offset ${offset})`);
  }
}

/** Shared by every element until its first child element (most elements are leaves). */
const NO_CHILDREN: readonly LightElement[] = Object.freeze([]);

export class LightElement {
  /** The child elements, in document order. */
  children: readonly LightElement[] = NO_CHILDREN;
  /** The element's own character data (text and CDATA), concatenated. */
  text = "";
  /** Child nodes of every kind: text runs, CDATA, comments, PIs and elements. */
  nodeCount = 0;
  /** Whether the first child node is a plain text run (not CDATA). */
  firstIsText = false;
  /** Text and elements in document order, kept only once both occur (mixed content). */
  private mixed: Array<string | LightElement> | undefined;

  constructor(
    /** The qualified name as written. */
    readonly nodeName: string,
    readonly localName: string,
    readonly namespaceURI: string | null,
    /** Name, value, name, value... in document order, namespace declarations included. */
    readonly attributes: readonly string[],
    readonly parent: LightElement | undefined,
    /** Offset of the start tag's '<' in the parsed text. */
    readonly offset: number,
    /** Every element of the document in document order; this one is at `index`, its descendants follow up to `end`. */
    readonly documentOrder: LightElement[],
  ) {
    this.index = documentOrder.push(this) - 1;
  }

  readonly index: number;
  /** One past the index of the last descendant (set when the element is closed). */
  end = 0;

  getAttribute(name: string): string | null {
    const attributes = this.attributes;
    for (let i = 0; i < attributes.length; i += 2) if (attributes[i] === name) return attributes[i + 1]!;
    return null;
  }

  /** All the character data below, in document order (no recursion: depth costs no stack). */
  get textContent(): string {
    if (this.children.length === 0) return this.text;
    let out = "";
    const stack: Array<string | LightElement> = [this];
    while (stack.length > 0) {
      const part = stack.pop()!;
      if (typeof part === "string") out += part;
      else if (part.children.length === 0) out += part.text;
      else {
        const parts = part.mixed ?? part.children; // without mixed content an element's own text is empty
        for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
      }
    }
    return out;
  }

  /** @internal parser */
  addText(text: string, plain: boolean): void {
    if (this.nodeCount === 0) this.firstIsText = plain;
    this.nodeCount++;
    if (text === "") return;
    if (this.mixed) this.mixed.push(text);
    else if (this.hasChildElement()) this.mixed = [...this.childElements(), text];
    this.text += text;
  }

  /** @internal parser */
  addChild(child: LightElement): void {
    this.nodeCount++;
    if (this.mixed) this.mixed.push(child);
    else if (this.text !== "") this.mixed = [this.text, child];
  }

  /**
   * @internal parser: the element's end tag was read. The child list is made now, at its exact
   * size, from the document order (a list grown child by child allocates about three times more).
   */
  close(end: number): void {
    this.end = end;
    if (this.hasChildElement()) this.children = this.childElements();
  }

  /** While the element is open, whatever follows it in document order is inside it. */
  private hasChildElement(): boolean {
    return this.documentOrder.length > this.index + 1;
  }

  /** The child elements read so far: each one's descendants are skipped through its `end`. */
  private childElements(): LightElement[] {
    const elements = this.documentOrder;
    const stop = this.end > 0 ? this.end : elements.length;
    let count = 0;
    for (let i = this.index + 1; i < stop; i = elements[i]!.end) count++;
    const children = new Array<LightElement>(count);
    count = 0;
    for (let i = this.index + 1; i < stop; i = elements[i]!.end) children[count++] = elements[i]!;
    return children;
  }

  /** @internal parser: a comment or processing instruction */
  addOther(): void {
    this.nodeCount++;
  }
}

/** XML 1.0 (5th ed.) NameStartChar; a high surrogate stands for the supplementary planes. */
export function isNameStart(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xd800 && c <= 0xdb7f) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

/** XML 1.0 (5th ed.) NameChar; a low surrogate continues a supplementary character. */
export function isNameChar(c: number): boolean {
  if (c < 0x80)
    return (
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 95 ||
      c === 58 ||
      c === 45 ||
      c === 46
    );
  return (
    isNameStart(c) ||
    c === 0xb7 ||
    (c >= 0x300 && c <= 0x36f) ||
    c === 0x203f ||
    c === 0x2040 ||
    (c >= 0xdc00 && c <= 0xdfff)
  );
}
