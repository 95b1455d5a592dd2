// `nfce-kiosk sync --json` end to end (interfaces.md): prints {sent, authorized, rejected, pending},
// exit 0 even with rejections, exit 1 when SEFAZ cannot be reached at all. Real clock here: the
// command runs on the system clock, like on the device.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCore } from "../../../src/app/open-core.js";
import { main } from "../../../src/cli/main.js";
import { loadConfigFile } from "../../../src/config/load-config.js";
import { silentLogger } from "../../../src/log.js";
import type { SefazSimulator } from "../../../src/sefaz-sim/index.js";
import { HAS_SHARED } from "../../helpers/shared.js";
import { startTestSimulator } from "../../helpers/test-simulator.js";
import { configObject, sale } from "./helpers/sync-harness.js";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe.skipIf(!HAS_SHARED)("sync command", () => {
  let dir: string;
  let sim: SefazSimulator;
  let configFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sync-cmd-"));
    sim = await startTestSimulator(dir);
    configFile = join(dir, "config.json");
    writeFileSync(configFile, JSON.stringify(configObject(dir, sim)));
  });
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function emitOffline(priceCents: number): Promise<string> {
    const core = openCore({ config: loadConfigFile(configFile), log: silentLogger });
    try {
      return (await core.pipeline.emit(sale(priceCents), { offline: true })).chave;
    } finally {
      core.close();
    }
  }

  it("exit 1 with the notes kept pending when SEFAZ cannot be reached", async () => {
    await emitOffline(3100);
    sim.setFault({ mode: "down" });
    const r = await run(["sync", "--config", configFile, "--json"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("SEFAZ could not be reached");
    const list = await run(["journal", "list", "--config", configFile, "--json"]);
    expect(JSON.parse(list.out).map((n: { status: string }) => n.status)).toEqual(["pending"]);
  });

  it("transmits the pending notes and prints the contract object; a rejection is reported with exit 0", async () => {
    sim.setFault({ mode: "normal" });
    const ok = await run(["sync", "--config", configFile, "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ sent: 1, authorized: 1, rejected: 0, pending: 0 });

    const chave = await emitOffline(3200);
    sim.setFault({ mode: "reject", cStat: 213 });
    const rejected = await run(["sync", "--config", configFile, "--json"]);
    sim.setFault({ mode: "normal" });
    expect(rejected.code).toBe(0);
    const out = JSON.parse(rejected.out);
    expect(out).toMatchObject({ sent: 1, authorized: 0, rejected: 1, pending: 0 });
    expect(out.held).toEqual([{ key: chave, reason: expect.stringContaining("certificado digital") }]);
    const verify = await run(["journal", "verify", "--config", configFile, "--json"]);
    expect(JSON.parse(verify.out)).toEqual({ ok: true, problems: [] });
  });
});
