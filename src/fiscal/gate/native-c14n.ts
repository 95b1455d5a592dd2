// Inclusive C14N 1.0 (REC-xml-c14n-20010315, no comments) of one element of the note, by libxml2:
// the digest input of infNFe and the signed bytes of SignedInfo. Independent of our signer on purpose:
// the gate exists to catch its bugs.
//
// libxml2 canonicalizes a subtree through a JS visibility callback called for every node of the whole
// document (about 0.1 µs each, 0.2 ms per 10-item note). So the usual case takes the whole document's
// canonical form, which needs no callback, and cuts the element out of it: inside the element the two
// forms are the same bytes; only the element's start tag differs, where the subset form also writes the
// default namespace it inherits. That holds when the element is unique and unprefixed, and when its
// ancestors declare no prefixed namespace and carry no xml:* attribute (inherited by the subset form);
// in every other case, and in the tests that check the shortcut, libxml2 does the subset itself.
import { type XmlDocument, XmlElement, type XmlNode } from "libxml2-wasm";
import type { LightElement } from "./light-element.js";

export type C14nMode = "auto" | "reference";

/** Collects libxml2's output into one reusable buffer (the gate runs synchronously, one note at a time). */
class ByteSink {
  length = 0;
  constructor(public buffer: Buffer) {}

  write(chunk: Uint8Array): number {
    if (this.length + chunk.byteLength > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + chunk.byteLength));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length); // chunk is a view of wasm memory: copy it now
    this.length += chunk.byteLength;
    return chunk.byteLength;
  }

  close(): boolean {
    return true;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

let scratch: Buffer = Buffer.allocUnsafe(64 * 1024);

/** The whole document's canonical form. The buffer is reused by the next call: consume it first. */
export function canonicalDocument(doc: XmlDocument): Buffer {
  const sink = new ByteSink(scratch);
  doc.canonicalize(sink);
  scratch = sink.buffer;
  return sink.bytes();
}

/**
 * The canonical form of target as the chunks to hash or verify in order. `whole` is the document's
 * canonical form from canonicalDocument (the shortcut's source); without it, or with mode "reference",
 * libxml2 canonicalizes the subset.
 */
export function canonicalElement(
  doc: XmlDocument,
  target: LightElement,
  whole: Buffer | undefined,
  mode: C14nMode = "auto",
): Buffer[] {
  if (mode === "auto" && whole) {
    const cut = canonicalCut(whole, target);
    if (cut) return cut;
  }
  const node = nativeNodeOf(doc, target);
  const sink = new ByteSink(Buffer.allocUnsafe(16 * 1024));
  doc.canonicalize(sink, { nodeSet: new Set([node]) });
  return [sink.bytes()];
}

/** The shortcut alone: target's canonical form cut from the whole one, or undefined where it does not apply. */
export function canonicalCut(whole: Buffer, target: LightElement): Buffer[] | undefined {
  const name = target.nodeName;
  if (name.includes(":")) return undefined;
  const defaultNs = inheritedDefaultNamespace(target);
  if (defaultNs === undefined || /[&<"\t\n\r]/.test(defaultNs)) return undefined;
  const span = uniqueSpan(whole, name);
  if (!span) return undefined;
  const [start, stop] = span;
  const afterName = start + 1 + name.length;
  const declared = declaration(defaultNs);
  if (whole.subarray(afterName, afterName + XMLNS_START.length).equals(XMLNS_START)) {
    // The element declares a default namespace of its own, so both forms write it.
    return whole.subarray(afterName, afterName + declared.length).equals(declared)
      ? [whole.subarray(start, stop)]
      : undefined;
  }
  return [whole.subarray(start, afterName), declared, whole.subarray(afterName, stop)];
}

const XMLNS_START = Buffer.from(' xmlns="');
let lastDeclaration: [string, Buffer] = ["", Buffer.alloc(0)];

function declaration(namespace: string): Buffer {
  if (lastDeclaration[0] !== namespace) lastDeclaration = [namespace, Buffer.from(` xmlns="${namespace}"`)];
  return lastDeclaration[1];
}

/**
 * [start, end) of the element in the canonical bytes, when its start tag and its end tag each occur
 * exactly once (a processing instruction could repeat them: C14N copies PIs as they are, while text
 * and attribute values always escape "<"). Each part of the buffer is scanned about once.
 */
function uniqueSpan(whole: Buffer, name: string): [number, number] | undefined {
  const open = `<${name}`;
  let start = -1;
  for (let at = whole.indexOf(open); at !== -1; at = whole.indexOf(open, at + open.length)) {
    const next = whole[at + open.length];
    if (next !== 0x20 && next !== 0x3e) continue; // <infNFeSupl is another element
    if (start !== -1) return undefined;
    start = at;
  }
  if (start === -1) return undefined;
  const close = `</${name}>`;
  const end = whole.indexOf(close, start);
  if (end === -1 || whole.indexOf(close, end + close.length) !== -1) return undefined;
  return [start, end + close.length];
}

/**
 * The non-empty default namespace in scope at target, when that is the only namespace declaration in
 * scope and no ancestor carries an xml:* attribute; otherwise undefined (the shortcut does not apply).
 */
function inheritedDefaultNamespace(target: LightElement): string | undefined {
  let defaultNs: string | undefined;
  for (let el: LightElement | undefined = target; el; el = el.parent) {
    const attributes = el.attributes;
    for (let i = 0; i < attributes.length; i += 2) {
      const name = attributes[i]!;
      if (name.startsWith("xmlns:") || (el !== target && name.startsWith("xml:"))) return undefined;
      if (name === "xmlns" && defaultNs === undefined) defaultNs = attributes[i + 1]!;
    }
  }
  return defaultNs === "" ? undefined : defaultNs;
}

/** The libxml2 node at the same place as target: the same element-child index at every level. */
function nativeNodeOf(doc: XmlDocument, target: LightElement): XmlNode {
  const path: number[] = [];
  for (let el = target; el.parent; el = el.parent) path.unshift(el.parent.children.indexOf(el));
  let node: XmlElement = doc.root;
  for (const index of path) {
    let seen = -1;
    let child = node.firstChild;
    while (child && !(child instanceof XmlElement && ++seen === index)) child = child.next;
    if (!child) throw new Error(`libxml2 and the gate's parser disagree about <${target.nodeName}>`);
    node = child as XmlElement;
  }
  return node;
}
