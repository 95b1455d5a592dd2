// `nfce-kiosk start`: the kiosk service (HTTP API and UI, watchdog, hardware, sync) until stopped.

import { runService } from "../../app/run-service.js";
import { createRingLogger, LogRing } from "../../console/log-ring.js";
import type { Command } from "../command.js";

export const startCommand: Command = {
  name: "start",
  summary: "run the kiosk service",
  usage: "start --config FILE",
  flags: [],
  async run(ctx) {
    const config = ctx.config();
    const ring = new LogRing(500);
    const log = createRingLogger(ring);
    const running = await runService({ config, log, logRing: ring });
    if (!ctx.json) process.stderr.write(`nfce-kiosk: serviço no ar em ${running.url}\n`);
    else ctx.output({ url: running.url });
    await new Promise<void>((resolve) =>
      ctx.signal.addEventListener("abort", () => resolve(), { once: true }),
    );
    log.info("stopping");
    await running.stop();
    return 0;
  },
};
