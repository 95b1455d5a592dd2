// User management for supervisors: list, add operators, change a PIN (anyone may change their own).
import type { FastifyInstance } from "fastify";
import { isRole } from "../../auth/roles.js";
import { KioskError } from "../../errors.js";
import { objectBody } from "../input.js";
import { sessionToken } from "../session-token.js";
import type { RouteDeps } from "../web-deps.js";

export function userRoutes(deps: RouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get("/api/users", async (request) => {
      deps.auth.authorize(sessionToken(request), "users");
      return deps.auth.listUsers();
    });

    app.post("/api/users", async (request, reply) => {
      const session = deps.auth.authorize(sessionToken(request), "users");
      const body = objectBody(request.body);
      const { user, role, pin } = body;
      if (!isRole(role)) {
        throw new KioskError("KIOSK_ERR_INPUT_INVALID", "role must be cashier, supervisor or technician", {
          field: "role",
          operatorMessage: "Escolha o perfil.",
        });
      }
      deps.auth.addUser(String(user ?? ""), role, String(pin ?? ""), session.user);
      return reply.code(201).send({ user, role });
    });

    app.post("/api/users/:name/pin", async (request, reply) => {
      const name = (request.params as { name: string }).name;
      const token = sessionToken(request);
      const own = deps.auth.session(token);
      // Changing one's own PIN needs only a session; anyone else's needs the "users" permission.
      const session = own?.user === name ? own : deps.auth.authorize(token, "users");
      deps.auth.changePin(name, String(objectBody(request.body)["pin"] ?? ""), session.user);
      return reply.code(204).send();
    });
  };
}
