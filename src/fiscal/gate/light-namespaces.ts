// Namespaces in XML 1.0 for the gate's light parser: scopes of prefix bindings, QNames resolved, and
// the constraints of §3 (no undeclared prefix, reserved xml/xmlns bindings, unique expanded names).
import { XML_NS, XMLNS_NS, XmlSyntaxError } from "./light-element.js";

/** Namespace bindings declared by one element; lookups walk to the enclosing scope. */
export interface Scope {
  defaultNs: string | null;
  prefixes: Map<string, string> | undefined;
  parent: Scope | undefined;
}

export const ROOT_SCOPE: Scope = { defaultNs: null, prefixes: new Map([["xml", XML_NS]]), parent: undefined };

/** [prefix, local name] of a QName; at most one colon, never at either end. */
export function splitQName(qname: string, at: number): [string | undefined, string] {
  const colon = qname.indexOf(":");
  if (colon === -1) return [undefined, qname];
  if (colon === 0 || colon === qname.length - 1 || qname.indexOf(":", colon + 1) !== -1)
    throw new XmlSyntaxError(`${qname} is not a qualified name`, at);
  return [qname.slice(0, colon), qname.slice(colon + 1)];
}

export function resolvePrefix(scope: Scope, prefix: string, at: number): string {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const uri = s.prefixes?.get(prefix);
    if (uri !== undefined) return uri;
  }
  throw new XmlSyntaxError(`namespace prefix ${prefix} is not declared`, at);
}

/** A new scope when the element's attributes (name, value, ...) declare namespaces, else parent. */
export function declareNamespaces(attributes: string[], parent: Scope, at: number): Scope {
  let scope: Scope | undefined;
  for (let i = 0; i < attributes.length; i += 2) {
    const name = attributes[i]!;
    const uri = attributes[i + 1]!;
    if (name !== "xmlns" && !name.startsWith("xmlns:")) continue;
    scope ??= { defaultNs: parent.defaultNs, prefixes: undefined, parent };
    if (uri === XMLNS_NS || (uri === XML_NS && name !== "xmlns:xml"))
      throw new XmlSyntaxError(`${name} may not be bound to ${uri}`, at);
    if (name === "xmlns") {
      scope.defaultNs = uri === "" ? null : uri;
      continue;
    }
    const prefix = name.slice(6);
    if (prefix === "xmlns" || (prefix === "xml" && uri !== XML_NS) || uri === "" || prefix.includes(":"))
      throw new XmlSyntaxError(`${name}="${uri}" is not a valid namespace declaration`, at);
    scope.prefixes ??= new Map();
    scope.prefixes.set(prefix, uri);
  }
  return scope ?? parent;
}

/** Prefixed attributes: bound prefixes, and no two with the same namespace and local name. */
export function checkAttributeNamespaces(attributes: string[], scope: Scope, at: number): void {
  let expanded: Set<string> | undefined;
  for (let i = 0; i < attributes.length; i += 2) {
    const name = attributes[i]!;
    if (name === "xmlns" || name.startsWith("xmlns:") || !name.includes(":")) continue;
    const [prefix, local] = splitQName(name, at);
    const key = `{${resolvePrefix(scope, prefix!, at)}}${local}`;
    expanded ??= new Set();
    if (expanded.has(key)) throw new XmlSyntaxError(`attribute ${key} repeated`, at);
    expanded.add(key);
  }
}
