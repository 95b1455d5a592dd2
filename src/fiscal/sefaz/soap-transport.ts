// The one door to the network. The client talks to a SoapTransport; the https binding and the
// recording fake are interchangeable (style.md §7.5).

export interface SoapRequest {
  url: string;
  /** Full SOAP action URI, sent in the Content-Type (SOAP 1.2). */
  action: string;
  envelope: string;
  timeoutMs: number;
}

export type TransportOutcome =
  | { kind: "response"; status: number; body: string }
  /** The request may have reached SEFAZ (timeout or reset after it left). */
  | { kind: "unknown"; reason: string }
  /** The request cannot have reached SEFAZ (refused, DNS, handshake failed). */
  | { kind: "unreachable"; reason: string };

export interface SoapTransport {
  send(request: SoapRequest): Promise<TransportOutcome>;
}

export function soapContentType(action: string): string {
  return `application/soap+xml; charset=utf-8; action="${action}"`;
}
