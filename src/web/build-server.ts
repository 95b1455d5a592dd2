// The HTTP API and the touchscreen UI, built but not listening (the composition root calls listen).
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance } from "fastify";
import { systemClock } from "../clock.js";
import { isKioskError, KioskError } from "../errors.js";
import { errorBody, fromFrameworkError, httpStatusOf } from "./http-error.js";
import { adminRoutes } from "./routes/admin-routes.js";
import { catalogRoutes } from "./routes/catalog-routes.js";
import { eventStreamRoutes } from "./routes/event-stream.js";
import { salesRoutes } from "./routes/sales-routes.js";
import { sessionRoutes } from "./routes/session-routes.js";
import { staticRoutes } from "./routes/static-routes.js";
import { userRoutes } from "./routes/user-routes.js";
import { ServiceSwitch } from "./service-switch.js";
import type { RouteDeps, WebDeps } from "./web-deps.js";

export type { WebDeps } from "./web-deps.js";

const CSV_LIMIT = 8 * 1024 * 1024;
const switches = new WeakMap<FastifyInstance, ServiceSwitch>();

/** The service switch of a server built here (drill state; tests check its listeners). */
export function serviceSwitchOf(app: FastifyInstance): ServiceSwitch {
  const sw = switches.get(app);
  if (!sw) throw new Error("not a server from buildServer");
  return sw;
}

export function buildServer(deps: WebDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  const publicDir = deps.publicDir ?? fileURLToPath(new URL("./public/", import.meta.url));

  app.addContentTypeParser(
    ["text/csv", "application/csv"],
    { parseAs: "string", bodyLimit: CSV_LIMIT },
    (_req, body, done) => done(null, body),
  );

  app.setErrorHandler((error, request, reply) => {
    const framework = error as { statusCode?: number; message: string };
    const kiosk = isKioskError(error) ? error : fromFrameworkError(framework);
    if (kiosk) {
      // Framework errors keep their precise 4xx (413 too large, 415 media type); ours follow the table.
      const status = isKioskError(error) ? httpStatusOf(kiosk) : (framework.statusCode ?? 400);
      if (status >= 500)
        deps.log.error("request failed", { url: request.url, code: kiosk.code, error: kiosk });
      return reply.code(status).send(errorBody(kiosk));
    }
    deps.log.error("unexpected error in request", { url: request.url, error: error as Error });
    return reply
      .code(500)
      .send(errorBody(new KioskError("KIOSK_ERR_INTERNAL", "internal error; see the service log")));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(errorBody(new KioskError("KIOSK_ERR_NOT_FOUND", `no route ${request.method} ${request.url}`))),
  );

  const serviceSwitch = new ServiceSwitch(deps.service, deps.clock ?? systemClock, deps.maxDrillMs);
  switches.set(app, serviceSwitch);
  const routeDeps: RouteDeps = { ...deps, switch: serviceSwitch, active: () => serviceSwitch.service };
  // Ends an expired drill even when nobody calls the API (the banner must not stay in training).
  const drillTimer = setInterval(() => serviceSwitch.tick(), 10_000);
  drillTimer.unref();
  app.addHook("onClose", async () => clearInterval(drillTimer));

  app.register(salesRoutes(routeDeps));
  app.register(sessionRoutes(routeDeps));
  app.register(adminRoutes(routeDeps));
  app.register(catalogRoutes(routeDeps));
  app.register(userRoutes(routeDeps));
  app.register(eventStreamRoutes(routeDeps));
  app.register(staticRoutes(publicDir));
  return app;
}
