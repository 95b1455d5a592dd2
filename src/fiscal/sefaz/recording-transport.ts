// A recording fake of SoapTransport: keeps every request and answers with what the test scripts.

import type { ServiceName } from "./services.js";
import { buildSoapResponse } from "./soap-envelope.js";
import type { SoapRequest, SoapTransport, TransportOutcome } from "./soap-transport.js";

export type Responder = (request: SoapRequest) => TransportOutcome | Promise<TransportOutcome>;

export class RecordingTransport implements SoapTransport {
  readonly requests: SoapRequest[] = [];
  private readonly queue: TransportOutcome[] = [];

  constructor(private readonly fallback?: Responder) {}

  /** Queue the next outcome (first in, first out); the fallback answers when the queue is empty. */
  enqueue(outcome: TransportOutcome): this {
    this.queue.push(outcome);
    return this;
  }

  /** Queue a 200 answer wrapping this SEFAZ message in the service's SOAP envelope. */
  enqueueMessage(service: ServiceName, message: string): this {
    return this.enqueue({ kind: "response", status: 200, body: buildSoapResponse(service, message) });
  }

  async send(request: SoapRequest): Promise<TransportOutcome> {
    this.requests.push(request);
    const next = this.queue.shift();
    if (next) return next;
    if (this.fallback) return this.fallback(request);
    return { kind: "unreachable", reason: "recording transport: nothing scripted" };
  }
}
