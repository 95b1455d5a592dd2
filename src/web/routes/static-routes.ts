// The touchscreen UI: a flat folder of HTML/CSS/JS modules, served as files (no build step).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { KioskError } from "../../errors.js";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
};
// Flat names only: nothing outside the folder can be named.
const FILE = /^[a-z0-9-]+\.(html|js|css|svg|png|ico)$/;

export function staticRoutes(publicDir: string) {
  return async (app: FastifyInstance): Promise<void> => {
    const serve = async (name: string) => {
      const ext = FILE.exec(name)?.[1];
      if (ext === undefined) throw new KioskError("KIOSK_ERR_NOT_FOUND", `no file ${name}`);
      try {
        return {
          body: await readFile(join(publicDir, name)),
          type: TYPES[ext] ?? "application/octet-stream",
        };
      } catch {
        throw new KioskError("KIOSK_ERR_NOT_FOUND", `no file ${name}`);
      }
    };
    app.get("/", async (_request, reply) => {
      const file = await serve("index.html");
      return reply.type(file.type).header("cache-control", "no-store").send(file.body);
    });
    app.get("/ui/:name", async (request, reply) => {
      const file = await serve((request.params as { name: string }).name);
      return reply.type(file.type).header("cache-control", "no-store").send(file.body);
    });
  };
}
