// The binding API of interfaces.md: sales, status, notes.
import type { FastifyInstance } from "fastify";
import { KioskError } from "../../errors.js";
import { sessionToken } from "../session-token.js";
import type { RouteDeps } from "../web-deps.js";

export function salesRoutes(deps: RouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post("/api/sales", async (request, reply) => {
      const sale = request.body;
      if (typeof sale !== "object" || sale === null || Array.isArray(sale)) {
        throw new KioskError("KIOSK_ERR_SALE_INVALID", "the sale must be a JSON object", {
          field: "sale",
          operatorMessage: "Venda inválida.",
        });
      }
      const query = request.query as Record<string, unknown>;
      const offline = query["offline"] === "1" || query["offline"] === "true";
      // The contract does not require a session for sales; when the UI has one, the note names the operator.
      const operator = deps.auth.session(sessionToken(request))?.user;
      const options: { offline?: boolean; operator?: string } = {};
      if (offline) options.offline = true;
      if (operator !== undefined) options.operator = operator;
      const result = await deps.active().emitSale(sale, options);
      return reply.code(201).send(result);
    });

    app.get("/api/status", async () => deps.active().status());

    app.get("/api/notes", async (request) => {
      const status = (request.query as Record<string, unknown>)["status"];
      if (status === undefined) return deps.active().listNotes();
      if (typeof status !== "string" || !/^[a-z-]{1,32}$/.test(status)) {
        throw new KioskError("KIOSK_ERR_INPUT_INVALID", "status must be a note status word", {
          field: "status",
        });
      }
      return deps.active().listNotes({ status });
    });
  };
}
