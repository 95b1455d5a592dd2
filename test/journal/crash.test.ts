// kill -9 at random points: a child emits notes into a real journal as fast as it can and is killed
// many times; after each kill the journal must be intact, pass verify, never reuse a number, hold
// every receipt that reached the "printer" with the same bytes, and explain every gap.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { openJournal } from "../../src/journal/open-journal.js";
import { silentLogger } from "../../src/log.js";
import { checkJournalInvariants } from "./helpers/check-journal.js";
import { JOURNAL_SOURCES, transpileTree } from "./helpers/transpile.js";

const KILLS = 30;
let work: string;
let childScript: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "journal-crash-"));
  transpileTree(join(work, "code"), [...JOURNAL_SOURCES, "test/journal/fixtures/emitter-child.ts"]);
  childScript = join(work, "code", "test", "journal", "fixtures", "emitter-child.js");
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function startChild(dataDir: string, printerFile: string, seed: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dataDir, printerFile, String(seed)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr!.on("data", (d) => {
      err += d;
    });
    child.stdout!.once("data", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before it was ready: ${err}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("crash safety (kill -9 at random points)", () => {
  it(`keeps the journal intact across ${KILLS} kills`, async () => {
    const dataDir = join(work, "data");
    const printerFile = join(work, "printer.txt");
    let seed = 20261122;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    let last = { notes: 0, printed: 0, gaps: 0 };
    for (let i = 0; i < KILLS; i++) {
      const child = await startChild(dataDir, printerFile, next());
      await new Promise((r) => setTimeout(r, 5 + (next() % 200))); // let it run a random while
      await killHard(child);
      const now = checkJournalInvariants(dataDir, printerFile);
      expect(now.notes).toBeGreaterThanOrEqual(last.notes); // nothing committed disappears
      expect(now.printed).toBeGreaterThanOrEqual(last.printed);
      last = now;
    }
    // The run did real work: many notes, receipts and gaps went through the kills.
    expect(last.notes).toBeGreaterThan(KILLS);
    expect(last.printed).toBeGreaterThan(KILLS);
    console.info(
      `crash test: ${KILLS} kills, ${last.notes} notes, ${last.printed} receipts printed, ${last.gaps} gaps`,
    );
  }, 90_000);

  it("journal verify reads a consistent snapshot while another process emits", async () => {
    const dataDir = join(work, "data-live");
    const child = await startChild(dataDir, join(work, "printer-live.txt"), 99);
    try {
      for (let i = 0; i < 15; i++) {
        const j = openJournal({ dataDir, clock: new ManualClock("2030-01-01T00:00:00Z"), log: silentLogger });
        const r = j.verify({ full: false });
        j.close();
        expect(r.problems).toEqual([]);
        await new Promise((res) => setTimeout(res, 20));
      }
    } finally {
      await killHard(child);
    }
  });
});
