// The simulator's HTTPS server: SOAP 1.2 services under SVRS-like paths, client certificate
// requested (and required for the services), fault control and notes under /_sim.

import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { SERVICES, type ServiceName } from "../fiscal/sefaz/services.js";
import { buildSoapFault, buildSoapResponse, extractSoapPayload } from "../fiscal/sefaz/soap-envelope.js";
import { documentOfSubject } from "./client-document.js";
import { parseFault, type SimFault } from "./faults.js";
import { type SimContext, type SimServiceName, serve } from "./sim-services.js";

export const SIM_PATHS: Record<SimServiceName, string> = {
  autorizacao: "/ws/NfeAutorizacao/NFeAutorizacao4.asmx",
  retAutorizacao: "/ws/NfeRetAutorizacao/NFeRetAutorizacao4.asmx",
  status: "/ws/NfeStatusServico/NfeStatusServico4.asmx",
  consulta: "/ws/NfeConsulta/NfeConsulta4.asmx",
  inutilizacao: "/ws/nfeinutilizacao/nfeinutilizacao4.asmx",
  evento: "/ws/recepcaoevento/recepcaoevento4.asmx",
};

const SERVICE_OF: Record<SimServiceName, ServiceName> = {
  autorizacao: "NFeAutorizacao4",
  retAutorizacao: "NFeRetAutorizacao4",
  status: "NFeStatusServico4",
  consulta: "NFeConsultaProtocolo4",
  inutilizacao: "NFeInutilizacao4",
  evento: "NFeRecepcaoEvento4",
};

export interface SimServerState {
  fault: SimFault;
  notes: Record<string, unknown>[];
}

const MAX_BODY = 1024 * 1024;

export function createSimServer(
  tls: { key: string; cert: string },
  ctx: SimContext,
  state: SimServerState,
): { server: Server; held: Set<Socket>; stop: () => void } {
  const held = new Set<Socket>();
  // Slow-mode waits, cleared on close so that a long delayMs never keeps the process alive.
  const waits = new Set<NodeJS.Timeout>();
  const server = createServer(
    { key: tls.key, cert: tls.cert, requestCert: true, rejectUnauthorized: false, minVersion: "TLSv1.2" },
    (req, res) => {
      handle(req, res).catch((e: unknown) => {
        if (!res.headersSent)
          send(res, 500, "application/soap+xml; charset=utf-8", buildSoapFault(`internal: ${String(e)}`));
      });
    },
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path.startsWith("/_sim/")) return control(path, req, res);
    const name = (Object.keys(SIM_PATHS) as SimServiceName[]).find(
      (k) => SIM_PATHS[k].toLowerCase() === path.toLowerCase(),
    );
    if (state.fault.mode === "down") {
      // Reset without an answer, as a dead front end does.
      req.socket.destroy();
      return;
    }
    if (!name || req.method !== "POST") return send(res, 404, "text/plain", "not found\n");
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    if (!peer || Object.keys(peer).length === 0) {
      return send(
        res,
        403,
        "application/soap+xml; charset=utf-8",
        buildSoapFault("a client certificate is required"),
      );
    }
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, "text/plain", "too large\n");
    const payload = extractSoapPayload(body, "nfeDadosMsg");
    const service = SERVICE_OF[name];
    if (!payload.ok || payload.wrapperNs !== SERVICES[service].wsdl) {
      const reason = payload.ok ? `nfeDadosMsg namespace must be ${SERVICES[service].wsdl}` : payload.reason;
      state.notes.push({ service: name, cStat: "soap-fault", reason });
      return send(res, 500, "application/soap+xml; charset=utf-8", buildSoapFault(reason));
    }
    // The fault in force when the request arrived decides its fate, whatever comes later.
    const fault = state.fault;
    if (fault.mode === "slow") {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          waits.delete(t);
          resolve();
        }, fault.delayMs);
        waits.add(t);
      });
    }
    const subject = peer.subject
      ? Object.entries(peer.subject)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join("\n")
      : "";
    const answer = await serve(name, payload.message, ctx, {
      clientDocument: documentOfSubject(subject),
      clientValidity: { from: Date.parse(peer.valid_from), to: Date.parse(peer.valid_to) },
    });
    if (fault.mode === "timeout-after-processing") {
      // Processed and committed; the answer never comes. The socket is held until close().
      held.add(req.socket);
      req.socket.once("close", () => held.delete(req.socket));
      return;
    }
    send(res, 200, "application/soap+xml; charset=utf-8", buildSoapResponse(service, answer));
  }

  async function control(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (path === "/_sim/faults" && req.method === "POST") {
      const body = await readBody(req);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body ?? "");
      } catch {
        return send(res, 400, "application/json", JSON.stringify({ error: "body is not JSON" }));
      }
      const fault = parseFault(parsed);
      if (typeof fault === "string")
        return send(res, 400, "application/json", JSON.stringify({ error: fault }));
      state.fault = fault;
      return send(res, 200, "application/json", JSON.stringify({ fault }));
    }
    if (path === "/_sim/faults" && req.method === "GET")
      return send(res, 200, "application/json", JSON.stringify({ fault: state.fault }));
    if (path === "/_sim/notes" && req.method === "GET") {
      const notes = Object.values(ctx.store.state.notes).map((n) => ({
        chave: n.chave,
        cStat: n.cStat,
        nProt: n.nProt,
        cancelled: n.cancelled,
        events: n.events.map((e) => ({ tpEvento: e.tpEvento, nProt: e.nProt })),
      }));
      return send(
        res,
        200,
        "application/json",
        JSON.stringify({ notes, inutilized: ctx.store.state.inutilized, log: state.notes.slice(-200) }),
      );
    }
    send(res, 404, "application/json", JSON.stringify({ error: "unknown control path" }));
  }

  const stop = () => {
    for (const t of waits) clearTimeout(t);
    waits.clear();
    for (const socket of held) socket.destroy();
  };
  return { server, held, stop };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
