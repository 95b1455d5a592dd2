// One SOAP exchange under the governor: held (blocked), sent, and the answer's deciding cStat
// taught to the governor. Transport trouble becomes unknown/unreachable, never an exception.
import type { ResolvedEndpoints } from "./endpoints.js";
import type { GovernedRequest, RequestGovernor } from "./governor.js";
import { readAnswer, readProtNFe, readRetEvento } from "./responses.js";
import type { NotSent } from "./results.js";
import { SERVICES, type ServiceName, soapActionOf } from "./services.js";
import { buildSoapRequest, extractSoapPayload } from "./soap-envelope.js";
import type { SoapTransport } from "./soap-transport.js";

export type Exchange = { ok: true; message: string } | { ok: false; notSent: NotSent };

export interface ExchangeOptions {
  transport: SoapTransport;
  endpoints: ResolvedEndpoints;
  governor?: RequestGovernor;
  timeoutMs?: number;
}

/** The cStat that decides: the note's (inside 104) or the event's (inside 128), else the lote's. */
function effectiveCStat(message: string): string | undefined {
  const top = readAnswer(message)?.cStat;
  if (top === "104") return readProtNFe(message)?.cStat ?? top;
  if (top === "128") return readRetEvento(message)?.cStat ?? top;
  return top;
}

export async function governedExchange(
  options: ExchangeOptions,
  service: ServiceName,
  message: string,
  req: GovernedRequest,
): Promise<Exchange> {
  const { governor, endpoints, transport } = options;
  const verdict = governor?.check(endpoints.authorizer, req);
  if (verdict && !verdict.allowed) {
    return {
      ok: false,
      notSent: { outcome: "blocked", reason: verdict.reason, until: new Date(verdict.until).toISOString() },
    };
  }
  const outcome = await transport.send({
    url: endpoints.urls[SERVICES[service].urlKey],
    action: soapActionOf(service),
    envelope: buildSoapRequest(service, message),
    timeoutMs: options.timeoutMs ?? 15_000,
  });
  if (outcome.kind !== "response") {
    governor?.record(endpoints.authorizer, req, undefined);
    return { ok: false, notSent: { outcome: outcome.kind, reason: outcome.reason } };
  }
  const payload = extractSoapPayload(outcome.body, "nfeResultMsg");
  if (!payload.ok) {
    governor?.record(endpoints.authorizer, req, undefined);
    // 503 comes from a front end that did not pass the request on; anything else may have been processed.
    const reason = `HTTP ${outcome.status}: ${payload.reason}`;
    return { ok: false, notSent: { outcome: outcome.status === 503 ? "unreachable" : "unknown", reason } };
  }
  governor?.record(endpoints.authorizer, req, effectiveCStat(payload.message));
  return { ok: true, message: payload.message };
}
