// Login/logout for operators (cookie for the UI, the same token as bearer for scripts).
import type { FastifyInstance } from "fastify";
import { KioskError } from "../../errors.js";
import { objectBody } from "../input.js";
import { clearSessionCookie, sessionToken, setSessionCookie } from "../session-token.js";
import type { RouteDeps } from "../web-deps.js";

export function sessionRoutes(deps: RouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post("/api/login", async (request, reply) => {
      const body = objectBody(request.body);
      const session = deps.auth.login(body["user"], body["pin"], "web");
      setSessionCookie(reply, session.token, Math.floor(deps.auth.sessionTtlMs / 1000));
      return {
        user: session.user,
        role: session.role,
        token: session.token,
        expiresAt: new Date(session.expiresAt).toISOString(),
      };
    });

    app.post("/api/logout", async (request, reply) => {
      deps.auth.logout(sessionToken(request));
      clearSessionCookie(reply);
      return reply.code(204).send();
    });

    app.get("/api/session", async (request) => {
      const session = deps.auth.session(sessionToken(request));
      if (!session) throw new KioskError("KIOSK_ERR_UNAUTHORIZED", "no operator session");
      return { user: session.user, role: session.role, expiresAt: new Date(session.expiresAt).toISOString() };
    });

    app.get("/api/ui-config", async () => ({
      receiptPreview: deps.receiptPreview === true,
      demo: deps.demo !== undefined,
      pixPaymentType: deps.pixPaymentType ?? "17",
    }));

    const demo = deps.demo;
    if (demo) {
      app.post("/api/demo/sefaz", async (request) => {
        const mode = objectBody(request.body)["mode"];
        if (mode !== "normal" && mode !== "down") {
          throw new KioskError("KIOSK_ERR_INPUT_INVALID", 'mode must be "normal" or "down"', {
            field: "mode",
          });
        }
        await demo.setSefazFault(mode);
        deps.log.info("demo: SEFAZ simulator fault set", { mode });
        return { mode };
      });
    }
  };
}
