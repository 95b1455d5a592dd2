// Read-only access to a parsed NFC-e for the gate rules: children by local name, text by path.
import type { Document, Element } from "@xmldom/xmldom";

export interface NfceView {
  /** The exact text that was checked. */
  xml: string;
  doc: Document;
  root: Element;
  infNFe: Element | undefined;
}

export function children(parent: Element | undefined, name?: string): Element[] {
  const out: Element[] = [];
  if (!parent) return out;
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (name === undefined || (node as Element).localName === name))
      out.push(node as Element);
  }
  return out;
}

/** The first element along a slash path of local names; "*" matches any child. */
export function at(parent: Element | undefined, path: string): Element | undefined {
  return all(parent, path)[0];
}

/** Every element along a slash path of local names; "*" matches any child. */
export function all(parent: Element | undefined, path: string): Element[] {
  let current = parent ? [parent] : [];
  for (const step of path.split("/")) {
    current = current.flatMap((el) => children(el, step === "*" ? undefined : step));
  }
  return current;
}

export function text(parent: Element | undefined, path: string): string | undefined {
  const el = at(parent, path);
  return el ? (el.textContent ?? "") : undefined;
}

/** Money in cents from a TDec_1302 string; undefined when absent or not a decimal. */
export function cents(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+(\.\d{1,2})?$/.test(value)) return undefined;
  const [whole, frac = ""] = value.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

export function formatCents(value: number): string {
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
