// The contract's journal commands (interfaces.md), run through the real CLI entry.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { ManualClock } from "../../src/clock.js";
import { openJournal } from "../../src/journal/open-journal.js";
import { silentLogger } from "../../src/log.js";
import { rawTestConfig } from "../helpers/test-config.js";
import { fakeNfeProc, fakeNote } from "./helpers/fake-notes.js";

let dir: string;
let configPath: string;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main([...args, "--config", configPath], {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "journal-cli-"));
  configPath = join(dir, "config.json");
  writeFileSync(
    configPath,
    JSON.stringify(rawTestConfig({ certificate: { path: "cert.pfx", password: "x" } })),
  );
  const j = openJournal({
    dataDir: join(dir, "data"),
    clock: new ManualClock("2026-11-22T13:00:00Z"),
    log: silentLogger,
  });
  const a = fakeNote(1, 1, 1, { customerDoc: "12345678909" });
  j.insertNote(a, "test");
  j.transition(a.chave, "transmitting", {}, "test");
  j.storeAuthorization(
    a.chave,
    {
      cStat: "100",
      xMotivo: "ok",
      nProt: "135260000000001",
      dhRecbto: "2026-11-22T10:00:01-03:00",
      nfeProcXml: fakeNfeProc(a.xml, "135260000000001"),
    },
    "test",
  );
  j.insertNote(fakeNote(1, 2, 9), "test");
  j.insertNote(fakeNote(1, 3, 9, { dhEmi: "2026-10-31T23:59:00-03:00" }), "test");
  j.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("nfce-kiosk journal", () => {
  it("list --json prints the contract's fields, one JSON array, statuses mapped", async () => {
    const r = await cli("journal", "list", "--json");
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(rows.map((x) => [x.nNF, x.serie, x.tpEmis, x.status])).toEqual([
      [1, 1, 1, "authorized"],
      [2, 1, 9, "pending"],
      [3, 1, 9, "pending"],
    ]);
    expect(rows[0]).toMatchObject({
      cStat: "100",
      nProt: "135260000000001",
      emittedAt: "2026-11-22T10:00:00-03:00",
    });
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(["chave", "nNF", "serie", "tpEmis", "status", "cStat", "nProt", "emittedAt"]),
    );
    expect(r.out).not.toContain("12345678909");
  });

  it("list --status filters; an unknown status is exit 2", async () => {
    const r = await cli("journal", "list", "--status", "authorized", "--json");
    expect((JSON.parse(r.out) as unknown[]).length).toBe(1);
    const bad = await cli("journal", "list", "--status", "lost");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("KIOSK_ERR_INPUT_INVALID");
  });

  it("verify exits 0 when intact and 1 with the problems when tampered", async () => {
    const ok = await cli("journal", "verify", "--json");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ ok: true, problems: [] });
    const db = new Database(join(dir, "data", "journal.db"));
    db.prepare("UPDATE audit SET detail = '{}' WHERE seq = 1").run();
    db.close();
    const bad = await cli("journal", "verify", "--json");
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).problems[0].kind).toBe("audit-chain");
    const human = await cli("journal", "verify");
    expect(human.out).toContain("PROBLEMAS");
  });

  it("export --month writes the month's nfeProc and a summary; files are byte-exact", async () => {
    const out = join(dir, "export");
    const r = await cli("journal", "export", "--out", out, "--month", "2026-11", "--json");
    expect(r.code).toBe(0);
    const { files } = JSON.parse(r.out) as { files: string[] };
    expect(readdirSync(out).sort()).toEqual([
      `${fakeNote(1, 1, 1).chave}-nfeProc.xml`,
      "summary-2026-11.csv",
      "summary-2026-11.json",
    ]);
    expect(files).toHaveLength(3);
    expect(readFileSync(join(out, `${fakeNote(1, 1, 1).chave}-nfeProc.xml`), "utf8")).toBe(
      fakeNfeProc(fakeNote(1, 1, 1).xml, "135260000000001"),
    );
    const summary = JSON.parse(readFileSync(join(out, "summary-2026-11.json"), "utf8"));
    expect(summary).toMatchObject({
      month: "2026-11",
      notes: 2,
      byStatus: { authorized: 1, pending: 1 },
      authorizedTotal: "10.00",
    });
    expect(readFileSync(join(out, "summary-2026-11.csv"), "utf8").split("\n")[0]).toBe(
      "chave,nNF,serie,tpEmis,status,state,dhEmi,vNF,cStat,nProt",
    );
  });

  it("export without --out and a bad month are usage/input errors (exit 2)", async () => {
    expect((await cli("journal", "export")).code).toBe(2);
    expect((await cli("journal", "export", "--out", join(dir, "x"), "--month", "11-2026")).code).toBe(2);
    expect((await cli("journal", "frobnicate")).code).toBe(2);
  });

  it("opens a sealed journal with journal.keyFile (relative to the config) and refuses a missing key file", async () => {
    const key = randomBytes(32);
    writeFileSync(join(dir, "journal.key"), key.toString("hex"));
    const sealedDir = join(dir, "sealed");
    const j = openJournal({
      dataDir: sealedDir,
      clock: new ManualClock("2026-11-22T13:00:00Z"),
      log: silentLogger,
      dataKey: key,
    });
    j.insertNote(fakeNote(1, 1, 9), "test");
    j.close();
    const cfg = JSON.parse(readFileSync(configPath, "utf8"));
    writeFileSync(
      configPath,
      JSON.stringify({ ...cfg, dataDir: "sealed", journal: { keyFile: "journal.key" } }),
    );
    const ok = await cli("journal", "verify", "--json");
    expect([ok.code, JSON.parse(ok.out).ok]).toEqual([0, true]);
    writeFileSync(configPath, JSON.stringify({ ...cfg, dataDir: "sealed" })); // no key: sealed bytes unreadable
    const noKey = await cli("journal", "verify", "--json");
    expect(noKey.code).toBe(1);
    expect(JSON.parse(noKey.out).problems[0].message).toMatch(/no data key/);
    writeFileSync(
      configPath,
      JSON.stringify({ ...cfg, dataDir: "sealed", journal: { keyFile: "missing.key" } }),
    );
    const missing = await cli("journal", "list");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("journal.keyFile");
  });
});
