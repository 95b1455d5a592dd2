// An offline-only core on a temp folder (real journal, real certificate, simulated printer), for the
// pipeline tests: the emitter of the fiscal sample data, a manual clock, the gate without the XSD.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCore } from "../../../src/app/open-core.js";
import { ManualClock } from "../../../src/clock.js";
import { resolveConfig, validateConfig } from "../../../src/config/load-config.js";
import { printerProfile } from "../../../src/hal/printer/escpos/profiles.js";
import { SimPrinter } from "../../../src/hal/printer/printer-sim.js";
import { silentLogger } from "../../../src/log.js";
import { EMITTER_SN } from "../../fiscal/document/sample-data.js";
import { CERTS } from "../../helpers/shared.js";

/** The caller removes `dir` and closes `core`. */
export async function openOfflineCore(prefix: string, instant: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const clock = new ManualClock(instant);
  const config = resolveConfig(
    validateConfig({
      dataDir: "data",
      emitter: EMITTER_SN,
      certificate: { path: CERTS.cnpj.path, password: CERTS.cnpj.password },
      csc: { id: "1", token: "0123456789ABCDEF0123456789ABCDEF" },
      clock: { trust: "always" },
      gate: { xsd: "off" },
    }),
    dir,
  );
  const printer = new SimPrinter(printerProfile("epson-tm-t20"), clock);
  await printer.start();
  const core = openCore({ config, log: silentLogger, clock, printer, offlineOnly: true });
  return { dir, config, clock, printer, core };
}
