// Minimal XML writing for the NF-e: no whitespace between tags, no empty elements, default namespace.
// Text is escaped the way exclusive/inclusive C14N writes it (&, <, > and CR; quotes stay literal),
// so the stored bytes of a text node are already canonical.

export function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;");
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;").replace(/\t/g, "&#x9;").replace(/\n/g, "&#xA;");
}

/** `<name>text</name>`; text is escaped. Throws on an empty value (the XSD has no empty elements). */
export function el(name: string, text: string | number): string {
  const value = String(text);
  if (value === "") throw new RangeError(`empty <${name}>`);
  return `<${name}>${escapeText(value)}</${name}>`;
}

/** `el` or nothing when the value is absent. */
export function opt(name: string, text: string | number | undefined): string {
  return text === undefined ? "" : el(name, text);
}

/** `<name attrs>children</name>` with already-built children. */
export function group(name: string, children: string, attrs: Record<string, string> = {}): string {
  if (children === "") throw new RangeError(`empty group <${name}>`);
  const attributes = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join("");
  return `<${name}${attributes}>${children}</${name}>`;
}
