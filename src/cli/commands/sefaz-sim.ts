// `nfce-kiosk sefaz-sim --port P --data DIR [--csc ID:TOKEN]... [--shared DIR]`: runs the SEFAZ
// simulator until SIGINT/SIGTERM. Prints {url, caFile, urls} (interfaces.md).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KioskError } from "../../errors.js";
import { startSefazSimulator } from "../../sefaz-sim/index.js";
import type { Command } from "../command.js";

function parseCsc(value: string): [string, string] {
  const m = /^([0-9]{1,6}):([0-9A-Za-z-]{16,36})$/.exec(value);
  if (!m) {
    throw new KioskError(
      "KIOSK_ERR_USAGE",
      `--csc must be ID:TOKEN (id 1-6 digits, token 16-36 characters), got "${value}"`,
      {
        field: "--csc",
      },
    );
  }
  return [m[1]!.replace(/^0+(?=\d)/, ""), m[2]!];
}

/** ../shared beside the checkout (as the tests find it), unless NFCE_SHARED_DIR or --shared says otherwise. */
function defaultSharedDir(): string | undefined {
  const fromEnv = process.env.NFCE_SHARED_DIR;
  if (fromEnv) return fromEnv;
  const beside = fileURLToPath(new URL("../../../../shared", import.meta.url));
  return existsSync(beside) ? beside : undefined;
}

export const sefazSimCommand: Command = {
  name: "sefaz-sim",
  summary: "run the SEFAZ simulator (HTTPS, client certificate required)",
  usage: "sefaz-sim --port P --data DIR [--csc ID:TOKEN]... [--shared DIR] [--json]",
  flags: ["port", "data", "csc", "shared"],
  async run(ctx) {
    const portText = ctx.flags.require("port");
    const port = Number(portText);
    if (!/^[0-9]{1,5}$/.test(portText) || port > 65535) {
      throw new KioskError("KIOSK_ERR_USAGE", `--port must be 0-65535, got "${portText}"`, {
        field: "--port",
      });
    }
    const dataDir = resolve(ctx.flags.require("data"));
    const cscs = Object.fromEntries(ctx.flags.all("csc").map(parseCsc));
    const sharedFlag = ctx.flags.get("shared");
    const sharedDir = sharedFlag !== undefined ? resolve(sharedFlag) : defaultSharedDir();
    let sim: Awaited<ReturnType<typeof startSefazSimulator>>;
    try {
      sim = await startSefazSimulator({ dataDir, port, cscs, ...(sharedDir ? { sharedDir } : {}) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (
        code === "EADDRINUSE" ||
        (code === "EACCES" && (error as { syscall?: string }).syscall === "listen")
      ) {
        throw new KioskError("KIOSK_ERR_USAGE", `cannot listen on port ${port}: ${code}`, {
          field: "--port",
        });
      }
      if (code === "EACCES" || code === "EROFS" || code === "ENOTDIR" || code === "EEXIST") {
        throw new KioskError("KIOSK_ERR_USAGE", `cannot use ${dataDir} as the data folder: ${code}`, {
          field: "--data",
        });
      }
      throw error;
    }
    if (!sharedDir)
      ctx.log.warn("no schema folder: the simulator skips the XSD checks (set NFCE_SHARED_DIR or --shared)");
    ctx.output(
      { url: sim.url, caFile: sim.caFile, urls: sim.urls },
      `Simulador SEFAZ em ${sim.url}\nCA: ${sim.caFile}\nControle de falhas: POST ${sim.url}/_sim/faults`,
    );
    await new Promise<void>((done) => {
      if (ctx.signal.aborted) done();
      else ctx.signal.addEventListener("abort", () => done(), { once: true });
    });
    await sim.close();
    return 0;
  },
};
