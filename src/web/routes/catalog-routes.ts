// Catalog lookup for the sale screen and CSV import for supervisors.
import type { FastifyInstance } from "fastify";
import { KioskError } from "../../errors.js";
import { sessionToken } from "../session-token.js";
import type { RouteDeps } from "../web-deps.js";

export function catalogRoutes(deps: RouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get("/api/catalog", async (request) => {
      const code = (request.query as Record<string, unknown>)["code"];
      if (code === undefined) return deps.catalog.list();
      if (typeof code !== "string" || code.trim() === "" || code.length > 64) {
        throw new KioskError("KIOSK_ERR_INPUT_INVALID", "code must be 1 to 64 characters", { field: "code" });
      }
      const found = deps.catalog.lookup(code);
      if (!found) {
        throw new KioskError("KIOSK_ERR_NOT_FOUND", `no product with code ${code}`, {
          field: "code",
          operatorMessage: `Produto não encontrado: ${code}`,
        });
      }
      return found;
    });

    app.post("/api/catalog/import", async (request, reply) => {
      const session = deps.auth.authorize(sessionToken(request), "catalog-import");
      if (typeof request.body !== "string") {
        throw new KioskError("KIOSK_ERR_INPUT_INVALID", "send the CSV as text/csv", { field: "csv" });
      }
      const report = deps.catalog.importCsv(request.body);
      deps.auth.audit(session.user, "web.catalog-import", {
        imported: report.imported,
        errors: report.errors.length,
      });
      if (report.errors.length > 0) {
        const first = report.errors[0]!;
        return reply.code(400).send({
          error: {
            code: "KIOSK_ERR_INPUT_INVALID",
            message: `the CSV has ${report.errors.length} bad line(s); first: line ${first.line}, ${first.field}: ${first.message}`,
            field: `line ${first.line}: ${first.field}`,
            operatorMessage: "O arquivo tem linhas com erro; nada foi importado.",
            retryable: false,
          },
          errors: report.errors,
        });
      }
      return report;
    });
  };
}
