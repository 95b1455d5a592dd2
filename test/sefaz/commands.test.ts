// The two commands of this area, end to end against the simulator over TLS: `sefaz-sim` prints its
// contract object and serves until aborted; `cancel` cancels an authorized journal note (110111).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Flags, parseArgs } from "../../src/cli/args.js";
import { sefazSimCommand } from "../../src/cli/commands/sefaz-sim.js";
import { main } from "../../src/cli/main.js";
import { systemClock } from "../../src/clock.js";
import { loadConfigFile } from "../../src/config/load-config.js";
import { formatLocalDateTime } from "../../src/fiscal/datetime.js";
import { createSefazClient } from "../../src/fiscal/sefaz/create-sefaz-client.js";
import { openJournal } from "../../src/journal/open-journal.js";
import { silentLogger } from "../../src/log.js";
import type { SefazSimulator } from "../../src/sefaz-sim/index.js";
import { HAS_SHARED } from "../helpers/shared.js";
import { simTestConfig, startTestSimulator } from "../helpers/test-simulator.js";
import { finalize, identity } from "./helpers/harness.js";
import { templateNfce } from "./helpers/nfce-template.js";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe.skipIf(!HAS_SHARED)("sefaz-sim and cancel commands", () => {
  let dir: string;
  let sim: SefazSimulator;
  let configFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sefaz-cmd-"));
    sim = await startTestSimulator(dir);
    configFile = join(dir, "config.json");
    writeFileSync(configFile, JSON.stringify(simTestConfig(dir, sim)));
  });
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sefaz-sim prints {url, caFile, urls} as one JSON object and stops on abort", async () => {
    const abort = new AbortController();
    const printed: unknown[] = [];
    const flags = new Flags(
      parseArgs([
        "--port",
        "0",
        "--data",
        join(dir, "sim2"),
        "--csc",
        "000001:0123456789ABCDEF0123456789ABCDEF",
        "--json",
      ]),
    );
    const running = sefazSimCommand.run({
      positionals: [],
      flags,
      json: true,
      config: () => {
        throw new Error("not needed");
      },
      log: silentLogger,
      output: (value) => {
        printed.push(value);
        abort.abort();
      },
      signal: abort.signal,
    });
    expect(await running).toBe(0);
    expect(printed).toHaveLength(1);
    const o = printed[0] as { url: string; caFile: string; urls: Record<string, string> };
    expect(o.url).toMatch(/^https:\/\/127\.0\.0\.1:[0-9]+$/);
    expect(o.caFile).toBe(join(dir, "sim2", "ca.pem"));
    expect(Object.keys(o.urls).sort()).toEqual([
      "autorizacao",
      "consulta",
      "evento",
      "inutilizacao",
      "retAutorizacao",
      "status",
    ]);
  });

  it("sefaz-sim refuses a malformed --csc with exit 2", async () => {
    const r = await run(["sefaz-sim", "--port", "0", "--data", join(dir, "sim3"), "--csc", "abc"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--csc/);
  });

  it("cancel: 135 with the event in the journal, then refused for a cancelled or unknown note", async () => {
    const config = loadConfigFile(configFile);
    const id = identity();
    const client = createSefazClient(config, id, { clock: systemClock });
    const note = templateNfce({ dhEmi: formatLocalDateTime(new Date(), "SP"), nNF: 1 });
    const signed = finalize(note);
    const auth = await client.authorize(signed);
    expect(auth.outcome).toBe("authorized");
    if (auth.outcome !== "authorized") return;
    const journal = openJournal({ dataDir: config.dataDir, clock: systemClock, log: silentLogger });
    journal.insertNote(
      {
        chave: note.chave,
        series: 1,
        nNF: 1,
        tpEmis: 1,
        cNF: "48273619",
        dhEmi: note.dhEmi,
        vNF: note.vNF,
        xml: signed,
        qrCode: "x",
      },
      "test",
    );
    journal.transition(note.chave, "transmitting", {}, "test");
    journal.storeAuthorization(
      note.chave,
      {
        cStat: auth.cStat,
        xMotivo: auth.xMotivo,
        nProt: auth.nProt,
        dhRecbto: auth.dhRecbto,
        nfeProcXml: auth.nfeProcXml,
      },
      "test",
    );
    journal.close();

    const reason = "Cliente desistiu da compra no caixa";
    const ok = await run([
      "cancel",
      "--config",
      configFile,
      "--chave",
      note.chave,
      "--reason",
      reason,
      "--json",
    ]);
    expect(ok.err).toBe("");
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.out) as { cStat: string; nProt: string };
    expect(out.cStat).toBe("135");
    expect(out.nProt).toMatch(/^[0-9]{15}$/);
    const after = openJournal({ dataDir: config.dataDir, clock: systemClock, log: silentLogger });
    expect(after.getNote(note.chave)?.status).toBe("cancelled");
    after.close();
    expect(await client.consult(note.chave)).toMatchObject({ outcome: "cancelled" });

    const again = await run(["cancel", "--config", configFile, "--chave", note.chave, "--reason", reason]);
    expect(again.code).toBe(2);
    const unknown = await run([
      "cancel",
      "--config",
      configFile,
      "--chave",
      templateNfce({ dhEmi: note.dhEmi, nNF: 2 }).chave,
      "--reason",
      reason,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/KIOSK_ERR_NOT_FOUND/);
    const short = await run(["cancel", "--config", configFile, "--chave", note.chave, "--reason", "curto"]);
    expect(short.code).toBe(2);
  });
});

describe.skipIf(!HAS_SHARED)("sefaz-sim with a damaged data folder", () => {
  it("refuses a corrupt state file with exit 2 and leaves it untouched", async () => {
    const d = mkdtempSync(join(tmpdir(), "sefaz-bad-"));
    try {
      writeFileSync(join(d, "sefaz-sim-state.json"), "{ not json");
      const r = await run(["sefaz-sim", "--port", "0", "--data", d]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/not readable JSON/);
      expect(readFileSync(join(d, "sefaz-sim-state.json"), "utf8")).toBe("{ not json");
      writeFileSync(join(d, "file"), "x");
      const notDir = await run(["sefaz-sim", "--port", "0", "--data", join(d, "file")]);
      expect(notDir.code).toBe(2);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
