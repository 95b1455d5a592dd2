// Minimal XML writing for the NF-e: no whitespace between tags, no empty elements, default namespace.
// Text is escaped the way exclusive/inclusive C14N writes it (&, <, > and CR; quotes stay literal),
// so the stored bytes of a text node are already canonical.
//
// The document is written as Latin-1 bytes into one reused buffer and turned into a string once:
// concatenating element strings cost about 150 KB of garbage per 10-item note. Sanitised NF-e text
// is printable Latin-1; a character above U+00FF switches the writer to plain string appends.
import { formatScaled } from "../decimal.js";

/** One writer per document; see writeXml. */
export class XmlWriter {
  private length = 0;
  /** The text so far once a character above U+00FF was written; bytes are no longer used. */
  private wide: string | undefined;

  constructor(private bytes: Buffer) {}

  /** `<name>text</name>`; text is escaped. Throws on an empty value (the XSD has no empty elements). */
  el(name: string, text: string): void {
    if (text === "") throw new RangeError(`empty <${name}>`);
    this.startTag(name);
    this.escaped(text, false);
    this.endTag(name);
  }

  /** `el` or nothing when the value is absent. */
  opt(name: string, text: string | undefined): void {
    if (text !== undefined) this.el(name, text);
  }

  /** `<name>` + a non-negative safe integer in decimal + `</name>`. */
  int(name: string, value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`<${name}> ${value} is not a count`);
    this.startTag(name);
    this.digits(value, 1);
    this.endTag(name);
  }

  /**
   * `<name>` + a scaled integer as a decimal with at least `minDecimals` decimals (trailing zeros
   * trimmed down to it, like formatScaled in decimal.ts) + `</name>`.
   */
  decimal(name: string, value: bigint, scale: number, minDecimals: number): void {
    // Exact when it is a safe integer: one conversion instead of bigint arithmetic.
    const signed = Number(value);
    if (!Number.isSafeInteger(signed)) {
      this.el(name, formatScaled(value, scale, minDecimals)); // beyond any real sale
      return;
    }
    const n = Math.abs(signed);
    const unit = 10 ** scale;
    let frac = n % unit;
    let decimals = scale;
    while (decimals > minDecimals && frac % 10 === 0) {
      frac /= 10;
      decimals--;
    }
    this.startTag(name);
    if (signed < 0) this.raw("-");
    this.digits((n - (n % unit)) / unit, 1);
    if (decimals > 0) {
      this.raw(".");
      this.digits(frac, decimals);
    }
    this.endTag(name);
  }

  /** Cents as "12.50" (XSD TDec_1302: always two decimals). */
  cents(name: string, value: bigint): void {
    this.decimal(name, value, 2, 2);
  }

  /** Writes `<name>` and returns a mark for close(). */
  open(name: string): number {
    this.startTag(name);
    return this.length;
  }

  /** Writes `<name a1="v1" a2="v2">` (attribute values escaped) and returns a mark for close(). */
  openWith(name: string, a1: string, v1: string, a2?: string, v2?: string): number {
    this.raw("<");
    this.raw(name);
    this.attribute(a1, v1);
    if (a2 !== undefined && v2 !== undefined) this.attribute(a2, v2);
    this.raw(">");
    return this.length;
  }

  /** `</name>`; throws when nothing was written since open() returned `mark` (no empty groups). */
  close(name: string, mark: number): void {
    if (this.length === mark) throw new RangeError(`empty group <${name}>`);
    this.endTag(name);
  }

  /** The document written so far. */
  text(): string {
    return this.wide ?? this.bytes.toString("latin1", 0, this.length);
  }

  /** @internal writeXml keeps the (possibly grown) buffer for the next document. */
  buffer(): Buffer {
    return this.bytes;
  }

  private attribute(name: string, value: string): void {
    this.raw(" ");
    this.raw(name);
    this.raw('="');
    this.escaped(value, true);
    this.raw('"');
  }

  private startTag(name: string): void {
    this.tag(name, false);
  }

  private endTag(name: string): void {
    this.tag(name, true);
  }

  /** `<name>` or `</name>` in one pass (element names are the builder's own ASCII literals). */
  private tag(name: string, end: boolean): void {
    if (this.wide !== undefined) {
      this.raw(end ? "</" : "<");
      this.raw(name);
      this.raw(">");
      return;
    }
    this.reserve(name.length + 3);
    const bytes = this.bytes;
    let at = this.length;
    bytes[at++] = 60; // <
    if (end) bytes[at++] = 47; // /
    for (let i = 0; i < name.length; i++) bytes[at++] = name.charCodeAt(i);
    bytes[at++] = 62; // >
    this.length = at;
  }

  /** Markup the writer itself spells (names, delimiters): never escaped. */
  private raw(s: string): void {
    if (this.wide !== undefined) {
      this.wide += s;
      this.length += s.length;
      return;
    }
    this.reserve(s.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) {
        this.length = at;
        this.widen(s.slice(i));
        return;
      }
      bytes[at++] = c;
    }
    this.length = at;
  }

  /** Character data: & < > CR (and in attributes " TAB LF) become references, as C14N writes them. */
  private escaped(s: string, attribute: boolean): void {
    if (this.wide !== undefined) {
      this.raw(attribute ? escapeAttribute(s) : escapeText(s));
      return;
    }
    const references = attribute ? ATTRIBUTE_REFERENCES : TEXT_REFERENCES;
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const reference = c < 0x3f ? references[c] : undefined;
      if (reference !== undefined) {
        this.raw(reference);
        this.reserve(s.length - i);
      } else if (c > 0xff) {
        this.widen("");
        this.escaped(s.slice(i), attribute);
        return;
      } else this.bytes[this.length++] = c;
    }
  }

  /** `value` in decimal, left-padded with zeros to `width` digits. */
  private digits(value: number, width: number): void {
    let count = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) count++;
    if (count < width) count = width;
    if (this.wide !== undefined) {
      this.raw(String(value).padStart(count, "0"));
      return;
    }
    this.reserve(count);
    let rest = value;
    for (let i = this.length + count - 1; i >= this.length; i--) {
      this.bytes[i] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length += count;
  }

  private widen(rest: string): void {
    this.wide = this.bytes.toString("latin1", 0, this.length) + rest;
    this.length += rest.length;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.length + extra));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/** A buffer past this size (a note of several hundred items) is not kept between documents. */
const KEEP_LIMIT = 1 << 20;
let spare: Buffer | undefined;

/** Runs `write` on a writer over the reused buffer (a fresh one if it is in use) and returns the text. */
export function writeXml(write: (w: XmlWriter) => void): string {
  const bytes = spare ?? Buffer.allocUnsafeSlow(16 * 1024);
  spare = undefined;
  const w = new XmlWriter(bytes);
  try {
    write(w);
    return w.text();
  } finally {
    const kept = w.buffer();
    if (kept.length <= KEEP_LIMIT) spare = kept;
  }
}

const TEXT_REFERENCES: (string | undefined)[] = [];
TEXT_REFERENCES[0x26] = "&amp;";
TEXT_REFERENCES[0x3c] = "&lt;";
TEXT_REFERENCES[0x3e] = "&gt;";
TEXT_REFERENCES[0x0d] = "&#xD;";
const ATTRIBUTE_REFERENCES = TEXT_REFERENCES.slice();
ATTRIBUTE_REFERENCES[0x22] = "&quot;";
ATTRIBUTE_REFERENCES[0x09] = "&#x9;";
ATTRIBUTE_REFERENCES[0x0a] = "&#xA;";

export function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;");
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;").replace(/\t/g, "&#x9;").replace(/\n/g, "&#xA;");
}
