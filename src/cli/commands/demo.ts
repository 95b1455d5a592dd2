// `nfce-kiosk demo` (what `npm start` runs): the kiosk with every device simulated and an embedded
// SEFAZ simulator, in homologação, on a fictitious emitter. Cut the "link" from the UI's demo panel
// (or POST /api/demo/sefaz) and watch the kiosk switch to contingency and drain when it returns.
import { join, resolve } from "node:path";
import {
  DEMO_CATALOG_CSV,
  DEMO_CSC,
  DEMO_USERS,
  demoCertificate,
  demoConfig,
} from "../../app/demo/demo-config.js";
import { demoProbe } from "../../app/demo/demo-probe.js";
import { runService } from "../../app/run-service.js";
import { createRingLogger, LogRing } from "../../console/log-ring.js";
import { KioskError } from "../../errors.js";
import { startSefazSimulator } from "../../sefaz-sim/index.js";
import type { Command } from "../command.js";

export const demoCommand: Command = {
  name: "demo",
  summary: "run the service with simulated hardware and SEFAZ",
  usage: "demo [--port P] [--host H] [--data DIR]",
  flags: ["port", "host", "data"],
  async run(ctx) {
    const dataDir = resolve(ctx.flags.get("data") ?? join(process.cwd(), ".data", "demo"));
    const port = Number(ctx.flags.get("port") ?? "8080");
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new KioskError("KIOSK_ERR_USAGE", "--port must be a port number", { field: "--port" });
    const ring = new LogRing(500);
    const log = createRingLogger(ring);
    const sim = await startSefazSimulator({
      dataDir: join(dataDir, "sefaz-sim"),
      cscs: { [DEMO_CSC.id]: DEMO_CSC.token },
    });
    try {
      const config = demoConfig({
        dataDir,
        certificatePath: demoCertificate(dataDir, new Date()),
        sim,
        port,
        host: ctx.flags.get("host") ?? "127.0.0.1",
      });
      const running = await runService({
        config,
        log,
        logRing: ring,
        receiptPreview: true,
        probe: (core) => demoProbe(core, config, 2000),
        demo: { simulator: sim, catalogCsv: DEMO_CATALOG_CSV },
        initialUsers: DEMO_USERS,
      });
      const logins = DEMO_USERS.map((u) => `${u.name} / PIN ${u.pin}`).join(", ");
      const message = `nfce-kiosk demo: abra ${running.url} no navegador (SEFAZ simulada em ${sim.url})\nusuários de demonstração: ${logins}`;
      if (ctx.json) ctx.output({ url: running.url, sefaz: sim.url });
      else process.stderr.write(`${message}\n`);
      await new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r(), { once: true }));
      await running.stop();
    } finally {
      await sim.close();
    }
    return 0;
  },
};
