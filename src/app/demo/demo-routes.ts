// Demo-only routes: the "cut the link" switch of `npm start`. They exist only in the demo process
// (the real kiosk has no simulator to steer) and drive the embedded simulator's fault control.
import type { FastifyInstance } from "fastify";
import { parseFault, type SimFault } from "../../sefaz-sim/faults.js";
import type { SefazSimulator } from "../../sefaz-sim/index.js";

export function registerDemoRoutes(app: FastifyInstance, sim: SefazSimulator, onChange: () => void): void {
  let current: SimFault = { mode: "normal" };
  app.get("/api/demo/sefaz", async () => ({ fault: current, simulator: sim.url }));
  app.post("/api/demo/sefaz", async (request, reply) => {
    const fault = parseFault(request.body);
    if (typeof fault === "string")
      return reply.code(400).send({ error: { code: "KIOSK_ERR_INPUT_INVALID", message: fault, field: "mode" } });
    current = fault;
    sim.setFault(fault);
    onChange();
    return { fault: current };
  });
}
