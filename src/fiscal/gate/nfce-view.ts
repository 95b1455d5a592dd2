// Read-only access to a parsed NFC-e for the gate rules: children by local name, text by path, over
// the light tree (light-xml.ts). Paths are split once and walked depth first, in document order.
import type { LightElement } from "./light-element.js";
import type { NativeParse } from "./native-document.js";

export interface NfceView {
  /** The exact text that was checked. */
  xml: string;
  root: LightElement;
  infNFe: LightElement | undefined;
  /** The same text parsed by libxml2, for the signature's canonical forms (or why it could not be). */
  native: NativeParse;
}

export function children(parent: LightElement | undefined, name?: string): LightElement[] {
  if (!parent) return [];
  if (name === undefined) return parent.children.slice();
  return parent.children.filter((child) => child.localName === name);
}

const STEPS = new Map<string, string[]>();

function stepsOf(path: string): string[] {
  let steps = STEPS.get(path);
  if (!steps) {
    steps = path.split("/");
    if (STEPS.size < 1000) STEPS.set(path, steps); // rules use a fixed set of paths
  }
  return steps;
}

/** The first element along a slash path of local names; "*" matches any child. */
export function at(parent: LightElement | undefined, path: string): LightElement | undefined {
  return parent ? first(parent, stepsOf(path), 0) : undefined;
}

function first(el: LightElement, steps: string[], i: number): LightElement | undefined {
  if (i === steps.length) return el;
  const step = steps[i];
  for (const child of el.children) {
    if (step !== "*" && child.localName !== step) continue;
    const found = first(child, steps, i + 1);
    if (found) return found;
  }
  return undefined;
}

/** Every element along a slash path of local names; "*" matches any child. */
export function all(parent: LightElement | undefined, path: string): LightElement[] {
  const out: LightElement[] = [];
  if (parent) collect(parent, stepsOf(path), 0, out);
  return out;
}

function collect(el: LightElement, steps: string[], i: number, out: LightElement[]): void {
  if (i === steps.length) {
    out.push(el);
    return;
  }
  const step = steps[i];
  for (const child of el.children)
    if (step === "*" || child.localName === step) collect(child, steps, i + 1, out);
}

export function text(parent: LightElement | undefined, path: string): string | undefined {
  return at(parent, path)?.textContent;
}

/** Calls visit for every element below parent, in document order. */
export function forEachDescendant(parent: LightElement | undefined, visit: (el: LightElement) => void): void {
  if (!parent) return;
  const elements = parent.documentOrder;
  for (let i = parent.index + 1; i < parent.end; i++) visit(elements[i]!);
}

const MONEY = /^\d+(\.\d{1,2})?$/;

/** Money in cents from a TDec_1302 string; undefined when absent or not a decimal. */
export function cents(value: string | undefined): number | undefined {
  if (value === undefined || !MONEY.test(value)) return undefined;
  const dot = value.indexOf(".");
  const end = dot === -1 ? value.length : dot;
  let frac = 0;
  if (dot !== -1) {
    frac = (value.charCodeAt(dot + 1) - 48) * 10;
    if (dot + 2 < value.length) frac += value.charCodeAt(dot + 2) - 48;
  }
  // Up to 15 digits the integer is exact either way; longer ones keep Number()'s rounding.
  let whole = 0;
  if (end <= 15) for (let i = 0; i < end; i++) whole = whole * 10 + (value.charCodeAt(i) - 48);
  else whole = Number(value.slice(0, end));
  return whole * 100 + frac;
}

export function formatCents(value: number): string {
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
