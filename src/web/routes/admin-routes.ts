// Privileged actions: each needs a session with the right role and leaves an audit record.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { parseCorrections } from "../../app/sync/fiscal-edit.js";
import type { Action } from "../../auth/roles.js";
import { isKioskError, KioskError } from "../../errors.js";
import { CHAVE, objectBody, text } from "../input.js";
import { sessionToken } from "../session-token.js";
import type { RouteDeps } from "../web-deps.js";

/** A held note's access key, or a held range to void ("inut:serie:ini-fin"). */
const HELD_KEY = /^(?:[0-9]{6}[0-9A-Z]{14}[0-9]{24}|inut:\d{1,3}:\d{1,9}-\d{1,9})$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function adminRoutes(deps: RouteDeps) {
  const audited = async <T>(
    request: FastifyRequest,
    action: Action,
    detail: Record<string, unknown>,
    run: (user: string) => Promise<T> | T,
    auditName: string = action,
  ): Promise<T> => {
    const session = deps.auth.authorize(sessionToken(request), action);
    try {
      const result = await run(session.user);
      deps.auth.audit(session.user, `web.${auditName}`, { ...detail, ok: true });
      return result;
    } catch (error) {
      const code = isKioskError(error) ? error.code : "KIOSK_ERR_INTERNAL";
      deps.auth.audit(session.user, `web.${auditName}`, { ...detail, ok: false, code });
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

    // Notes (and ranges to void) the sync engine holds for an operator, with the reason in Portuguese.
    app.get("/api/held", async (request) => {
      deps.auth.authorize(sessionToken(request), "panel");
      return deps.active().heldNotes();
    });

    // "Corrigir e reemitir": the cause was fixed (certificate, configuration); the note goes back to
    // the queue with its key unchanged and the next round sends it.
    app.post("/api/held/release", async (request) => {
      const chave = text(objectBody(request.body), "chave", {
        min: 8,
        max: 64,
        pattern: HELD_KEY,
        label: "Chave",
      });
      return audited(
        request,
        "panel",
        { chave },
        (user) => {
          deps.active().releaseHeld(chave, user);
          return { released: chave };
        },
        "release-held",
      );
    });

    // "Corrigir itens": a held offline note's items as sold, then their tax classification corrected
    // (NCM, CEST, CFOP, tax); the note is rebuilt with the same key and queued (app/held-correction.ts).
    app.get("/api/held/:chave/items", async (request) => {
      deps.auth.authorize(sessionToken(request), "panel");
      return deps.active().heldItems(chaveParam(request));
    });

    app.post("/api/held/correct", async (request) => {
      const body = objectBody(request.body);
      const chave = text(body, "chave", { min: 44, max: 44, pattern: CHAVE, label: "Chave" });
      const corrections = parseCorrections(body["items"]);
      return audited(
        request,
        "panel",
        { chave, corrections },
        async (user) => ({ chave, changes: await deps.active().correctHeld(chave, corrections, user) }),
        "correct-held",
      );
    });

    // "Exportar para o contador": the journal export into a folder on a mounted USB stick.
    app.post("/api/export", async (request) => {
      const body = objectBody(request.body);
      const dir = text(body, "dir", { min: 2, max: 512, label: "Pasta" });
      const month =
        body["month"] === undefined || body["month"] === null || body["month"] === ""
          ? undefined
          : text(body, "month", { min: 7, max: 7, pattern: MONTH, label: "Mês" });
      return audited(
        request,
        "panel",
        { dir, month: month ?? null },
        (user) => deps.active().exportAccountant(month, dir, user),
        "export",
      );
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
