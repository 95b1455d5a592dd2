// Privileged actions: each needs a session with the right role and leaves an audit record.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Action } from "../../auth/roles.js";
import { isKioskError, KioskError } from "../../errors.js";
import { CHAVE, objectBody, text } from "../input.js";
import { sessionToken } from "../session-token.js";
import type { RouteDeps } from "../web-deps.js";

export function adminRoutes(deps: RouteDeps) {
  const audited = async <T>(
    request: FastifyRequest,
    action: Action,
    detail: Record<string, unknown>,
    run: (user: string) => Promise<T> | T,
  ): Promise<T> => {
    const session = deps.auth.authorize(sessionToken(request), action);
    try {
      const result = await run(session.user);
      deps.auth.audit(session.user, `web.${action}`, { ...detail, ok: true });
      return result;
    } catch (error) {
      const code = isKioskError(error) ? error.code : "KIOSK_ERR_INTERNAL";
      deps.auth.audit(session.user, `web.${action}`, { ...detail, ok: false, code });
      throw error;
    }
  };

  const chaveParam = (request: FastifyRequest): string => {
    const chave = (request.params as Record<string, string>)["chave"] ?? "";
    if (!CHAVE.test(chave)) {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "chave must be the 44-character access key", {
        field: "chave",
      });
    }
    return chave;
  };

  return async (app: FastifyInstance): Promise<void> => {
    // Waits for the round and returns {sent, authorized, rejected, pending}; with ?wait=false it answers
    // 202 at once and the UI follows the drain through the status events.
    app.post("/api/sync", async (request, reply) => {
      if ((request.query as Record<string, unknown>)["wait"] !== "false") {
        return audited(request, "sync", {}, (user) => deps.active().syncNow(user));
      }
      const session = deps.auth.authorize(sessionToken(request), "sync");
      deps
        .active()
        .syncNow(session.user)
        .then(
          (result) => deps.auth.audit(session.user, "web.sync", { ...result, ok: true }),
          (error: unknown) => {
            const code = isKioskError(error) ? error.code : "KIOSK_ERR_INTERNAL";
            deps.auth.audit(session.user, "web.sync", { ok: false, code });
            deps.log.warn("background sync failed", { error: error as Error });
          },
        )
        // An audit sink failure here must not become an unhandled rejection (it would end the process).
        .catch((error: unknown) =>
          deps.log.error("audit of a background sync failed", { error: error as Error }),
        );
      return reply.code(202).send({ started: true });
    });

    app.post("/api/contingency", async (request) => {
      const body = objectBody(request.body);
      const action = body["action"];
      if (action !== "enter" && action !== "exit") {
        throw new KioskError("KIOSK_ERR_INPUT_INVALID", 'action must be "enter" or "exit"', {
          field: "action",
        });
      }
      // Entering: the reason becomes the contingency justification (xJust, 15-256 characters).
      const reason = text(body, "reason", { min: action === "enter" ? 15 : 3, max: 256, label: "Motivo" });
      return audited(request, "contingency", { action, reason }, (user) =>
        deps.active().setContingency(action, reason, user),
      );
    });

    // Outage drill (training): the front ends talk to a stand-in service that never touches real numbering.
    app.post("/api/drill", async (request) => {
      const action = objectBody(request.body)["action"];
      if (action !== "start" && action !== "stop") {
        throw new KioskError("KIOSK_ERR_INPUT_INVALID", 'action must be "start" or "stop"', {
          field: "action",
        });
      }
      return audited(request, "drill", { action }, () => {
        if (action === "start") deps.switch.startDrill();
        else deps.switch.stopDrill();
        return deps.active().status();
      });
    });

    app.get("/api/notes/:chave/receipt", async (request) => {
      const chave = chaveParam(request);
      return { chave, lines: deps.active().receiptLines(chave) };
    });

    app.post("/api/notes/:chave/reprint", async (request) => {
      const chave = chaveParam(request);
      return audited(request, "reprint", { chave }, (user) => deps.active().reprint(chave, user));
    });

    app.post("/api/notes/:chave/cancel", async (request) => {
      const chave = chaveParam(request);
      // [MOC-A1] 110111 xJust: 15 to 255 characters.
      const reason = text(objectBody(request.body), "reason", { min: 15, max: 255, label: "Justificativa" });
      return audited(request, "cancel", { chave, reason }, (user) =>
        deps.active().cancel(chave, reason, user),
      );
    });
  };
}
