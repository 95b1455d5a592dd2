// SOAP 1.2 envelopes exactly as SEFAZ 4.00 expects them: no nfeCabecMsg header, the message in
// nfeDadosMsg with the service's WSDL namespace, no XML declaration inside (nfce-reference.md §5).
import { SERVICES, type ServiceName } from "./services.js";
import { elementRaw, innerOf, stripXmlDeclaration } from "./xml-text.js";

export const SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";

const OPEN =
  '<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
  `xmlns:soap12="${SOAP12_NS}"><soap12:Body>`;
const CLOSE = "</soap12:Body></soap12:Envelope>";

export function buildSoapRequest(service: ServiceName, message: string): string {
  return `${OPEN}<nfeDadosMsg xmlns="${SERVICES[service].wsdl}">${stripXmlDeclaration(message)}</nfeDadosMsg>${CLOSE}`;
}

export function buildSoapResponse(service: ServiceName, message: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>${OPEN}<nfeResultMsg xmlns="${SERVICES[service].wsdl}">${stripXmlDeclaration(message)}</nfeResultMsg>${CLOSE}`;
}

export function buildSoapFault(reason: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>${OPEN}<soap12:Fault><soap12:Code><soap12:Value>soap12:Sender</soap12:Value></soap12:Code><soap12:Reason><soap12:Text xml:lang="en">${reason.replace(/[<&]/g, " ")}</soap12:Text></soap12:Reason></soap12:Fault>${CLOSE}`;
}

export type SoapPayload =
  | { ok: true; message: string; wrapperNs: string | undefined }
  | { ok: false; reason: string };

/** The message inside nfeDadosMsg (requests) or nfeResultMsg (responses), as raw text. */
export function extractSoapPayload(envelope: string, wrapper: "nfeDadosMsg" | "nfeResultMsg"): SoapPayload {
  const body = elementRaw(envelope, "Body");
  if (body === undefined || !/<(?:[\w.-]+:)?Envelope[\s>]/.test(envelope)) {
    return { ok: false, reason: "not a SOAP envelope" };
  }
  if (!envelope.includes(SOAP12_NS)) return { ok: false, reason: "not SOAP 1.2" };
  const fault = elementRaw(body, "Fault");
  if (fault !== undefined)
    return {
      ok: false,
      reason: `SOAP fault: ${innerOf(fault)
        .replace(/<[^>]+>/g, " ")
        .trim()}`,
    };
  const wrapped =
    elementRaw(body, wrapper) ?? (wrapper === "nfeResultMsg" ? otherResultWrapper(body) : undefined);
  if (wrapped === undefined) return { ok: false, reason: `no ${wrapper} in the SOAP body` };
  if (/^<(?:[\w.-]+:)?ret[A-Z]/.test(wrapped)) return { ok: true, message: wrapped, wrapperNs: undefined };
  const ns = /xmlns="([^"]*)"/.exec(wrapped.slice(0, wrapped.indexOf(">")))?.[1];
  return { ok: true, message: innerOf(wrapped).trim(), wrapperNs: ns };
}

/** Some authorizers name the wrapper after the method (…Result) or put the ret* message right in the Body. */
function otherResultWrapper(body: string): string | undefined {
  const first = /<(?:[\w.-]+:)?Body[^>]*>\s*<((?:[\w.-]+:)?([\w.-]+))/.exec(body);
  if (!first) return undefined;
  return elementRaw(body, first[2]!);
}
