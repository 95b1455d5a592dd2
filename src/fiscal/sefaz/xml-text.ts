// Tiny string-level XML helpers for SEFAZ messages. SEFAZ answers are flat and small; the raw
// substring of an element (protNFe, retEvento) must be kept byte for byte, which a DOM round trip
// would not guarantee.

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function stripXmlDeclaration(xml: string): string {
  return xml.replace(/^\uFEFF?\s*<\?xml[^?]*\?>\s*/, "");
}

function openTagPattern(localName: string): RegExp {
  return new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?${localName})(?=[\\s/>])`, "g");
}

/** Raw text of the first element with this local name (any prefix), from "<" to its end tag. */
export function elementRaw(xml: string, localName: string, from = 0): string | undefined {
  const span = elementSpan(xml, localName, from);
  return span === undefined ? undefined : xml.slice(span.start, span.end);
}

export function elementSpan(
  xml: string,
  localName: string,
  from = 0,
): { start: number; end: number } | undefined {
  const open = openTagPattern(localName);
  open.lastIndex = from;
  const m = open.exec(xml);
  if (!m) return undefined;
  const qname = m[1]!;
  const tagEnd = xml.indexOf(">", m.index);
  if (tagEnd < 0) return undefined;
  if (xml[tagEnd - 1] === "/") return { start: m.index, end: tagEnd + 1 };
  // Same-name nesting does not occur in SEFAZ messages; count it anyway to be safe.
  let depth = 1;
  let pos = tagEnd + 1;
  const any = new RegExp(`<(/?)${qname.replace(/[.]/g, "\\.")}(?=[\\s/>])`, "g");
  while (depth > 0) {
    any.lastIndex = pos;
    const t = any.exec(xml);
    if (!t) return undefined;
    const end = xml.indexOf(">", t.index);
    if (end < 0) return undefined;
    if (t[1] === "/") depth--;
    else if (xml[end - 1] !== "/") depth++;
    pos = end + 1;
  }
  return { start: m.index, end: pos };
}

/** Every raw element with this local name, in document order. */
export function elementsRaw(xml: string, localName: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const span = elementSpan(xml, localName, from);
    if (!span) return out;
    out.push(xml.slice(span.start, span.end));
    from = span.end;
  }
}

/** Content between the start and end tags of an element's raw text. */
export function innerOf(raw: string): string {
  const start = raw.indexOf(">") + 1;
  const end = raw.lastIndexOf("</");
  return end < start ? "" : raw.slice(start, end);
}

/** Unescaped text of the first simple element with this local name. */
export function textOf(xml: string, localName: string): string | undefined {
  const raw = elementRaw(xml, localName);
  if (raw === undefined) return undefined;
  return unescapeXml(innerOf(raw)).trim();
}

export function attributeOf(raw: string, name: string): string | undefined {
  const tagEnd = raw.indexOf(">");
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(raw.slice(0, tagEnd));
  return m ? unescapeXml(m[2] ?? m[3] ?? "") : undefined;
}

export function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(x?)([0-9a-fA-F]+);/g, (_, x: string, n: string) =>
      String.fromCodePoint(parseInt(n, x ? 16 : 10)),
    )
    .replace(/&amp;/g, "&");
}
