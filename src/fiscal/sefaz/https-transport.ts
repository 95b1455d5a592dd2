// SOAP over HTTPS with the A1 as client certificate (mutual TLS). Extra CAs are added to Node's
// store, never replacing it, and verification is never disabled (nfce-reference.md §5).
import { type RequestOptions, request } from "node:https";
import { type ConnectionOptions, createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import {
  type SoapRequest,
  type SoapTransport,
  soapContentType,
  type TransportOutcome,
} from "./soap-transport.js";

export interface HttpsTransportOptions {
  privateKeyPem: string;
  certificatePem: string;
  /** Extra trusted CA certificates (PEM text), e.g. the ICP-Brasil chain or the simulator's CA. */
  extraCaPem?: string;
}

const MAX_ANSWER_BYTES = 5 * 1024 * 1024;

/** Errors that prove nothing was sent. */
const NEVER_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
]);

export function createHttpsTransport(options: HttpsTransportOptions): SoapTransport {
  const ca = options.extraCaPem ? [...rootCertificates, options.extraCaPem] : [...rootCertificates];
  // One TLS context for all requests: building it parses every root certificate (about 27 ms of CPU
  // and native memory that piled up request after request, docs/bench.md). Connections stay fresh.
  let context: SecureContext | undefined;
  return {
    send(req: SoapRequest): Promise<TransportOutcome> {
      return new Promise((resolve) => {
        let settled = false;
        // A fresh connection per request: "did it leave?" is then exactly "was TLS established?".
        let secured = false;
        const finish = (outcome: TransportOutcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(outcome);
        };
        const body = Buffer.from(req.envelope, "utf8");
        let r: ReturnType<typeof request>;
        try {
          context ??= createSecureContext({ key: options.privateKeyPem, cert: options.certificatePem, ca });
          // tls.connect takes secureContext; @types/node leaves it out of https.RequestOptions.
          const requestOptions: RequestOptions & Pick<ConnectionOptions, "secureContext"> = {
            method: "POST",
            secureContext: context,
            agent: false,
            headers: { "Content-Type": soapContentType(req.action), "Content-Length": body.length },
          };
          r = request(req.url, requestOptions);
        } catch (error) {
          // A malformed URL, or a key pair OpenSSL refuses (an MD5-signed certificate), fails here,
          // before anything could leave. Not thrown: certificate expiry is judged by the caller first.
          settled = true;
          resolve({ kind: "unreachable", reason: `cannot send to ${req.url}: ${(error as Error).message}` });
          return;
        }
        const timer = setTimeout(() => {
          const reason = `no answer within ${req.timeoutMs} ms`;
          finish(
            secured ? { kind: "unknown", reason } : { kind: "unreachable", reason: `${reason} (connecting)` },
          );
          r.destroy();
        }, req.timeoutMs);
        r.on("socket", (socket) => {
          socket.once("secureConnect", () => {
            secured = true;
          });
        });
        r.on("response", (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (c: Buffer) => {
            size += c.length;
            chunks.push(c);
            // No SEFAZ answer comes near this; a runaway body must not exhaust a 512 MB Pi.
            if (size > MAX_ANSWER_BYTES) {
              finish({ kind: "unknown", reason: `answer larger than ${MAX_ANSWER_BYTES} bytes` });
              r.destroy();
            }
          });
          res.on("end", () =>
            finish({
              kind: "response",
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          res.on("error", (e) => finish({ kind: "unknown", reason: `answer interrupted: ${e.message}` }));
        });
        r.on("error", (e: NodeJS.ErrnoException) => {
          const code = e.code ?? "";
          const reason = `${code || "error"}: ${e.message}`;
          finish(
            !secured || NEVER_SENT.has(code) ? { kind: "unreachable", reason } : { kind: "unknown", reason },
          );
        });
        r.end(body);
      });
    },
  };
}
