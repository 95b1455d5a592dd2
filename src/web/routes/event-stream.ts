// GET /api/events: Server-Sent Events carrying service.events (status, receipt, scan) to the UI.
import type { ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import type { KioskEvents } from "../../app/kiosk-service.js";
import type { RouteDeps } from "../web-deps.js";

const KEEPALIVE_MS = 15_000;

export function eventStreamRoutes(deps: RouteDeps) {
  const open = new Set<ServerResponse>();
  return async (app: FastifyInstance): Promise<void> => {
    // Hijacked streams are not closed by fastify: end them so close() does not wait for the browser.
    app.addHook("onClose", async () => {
      for (const res of open) res.end();
      open.clear();
    });

    app.get("/api/events", (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      open.add(res);
      const send = (event: keyof KioskEvents, data: unknown) => {
        if (!res.writableEnded && !res.destroyed)
          res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const onStatus = (s: KioskEvents["status"][0]) => send("status", s);
      const onReceipt = (r: KioskEvents["receipt"][0]) => send("receipt", r);
      const onScan = (s: KioskEvents["scan"][0]) => send("scan", s);
      deps.switch.events.on("status", onStatus);
      deps.switch.events.on("receipt", onReceipt);
      deps.switch.events.on("scan", onScan);
      const keepalive = setInterval(() => {
        if (!res.writableEnded && !res.destroyed) res.write(": keepalive\n\n");
      }, KEEPALIVE_MS);
      keepalive.unref();
      const cleanup = () => {
        clearInterval(keepalive);
        deps.switch.events.off("status", onStatus);
        deps.switch.events.off("receipt", onReceipt);
        deps.switch.events.off("scan", onScan);
        open.delete(res);
      };
      request.raw.on("close", cleanup);
      res.on("close", cleanup);
      // A browser that vanished mid-write must not raise an unhandled 'error'.
      res.on("error", cleanup);
      res.write("retry: 2000\n\n");
      send("status", deps.active().status());
    });
  };
}
