// Smoke test of `npm run bench -- --quick --json` on a tiny run: the documented shape (docs/bench.md)
// on stdout as exactly one JSON object, every note of the drain authorized, the large journal of the
// asked size. No timing is asserted: timings belong to the benchmark, not to the test suite.
// It runs the compiled benchmark (dist/, built by `npm test`'s pretest), because the benchmark's
// child processes are plain `node dist/bench/*.js`.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, "..", "..", "dist", "bench", "run-bench.js");
const cache = mkdtempSync(join(tmpdir(), "bench-smoke-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe.skipIf(!existsSync(SCRIPT))("npm run bench -- --quick --json", () => {
  it("prints one JSON object with every documented figure", { timeout: 180_000 }, async () => {
    const args = [
      "--quick",
      "--json",
      "--runs",
      "2",
      "--drain-notes",
      "3",
      "--journal-notes",
      "25",
      "--cache-dir",
      cache,
    ];
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, ...args], { maxBuffer: 1 << 22 });
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(stderr).toContain("bench: emission");
    const r = JSON.parse(lines[0]!);

    expect(r.quick).toBe(true);
    expect(r.machine.cores).toBeGreaterThan(0);
    expect(r.machine.node).toBe(process.version);
    const checkSales = (sales: Array<Record<string, number>>) => {
      expect(sales.map((s) => s.items)).toEqual([1, 10, 100]);
      for (const s of sales) {
        expect(s.runs).toBe(2);
        expect(s.p50Ms).toBeGreaterThan(0);
        expect(s.p99Ms).toBeGreaterThanOrEqual(s.p50Ms!);
        expect(s.floorMs).toBeGreaterThan(0);
        expect(s.ratio).toBeCloseTo(s.p50Ms! / s.floorMs!, 1);
        expect(s.p99Ratio).toBeCloseTo(s.p99Ms! / s.floorMs!, 1);
        // The hand-off to the printer comes before the end of emit() (print + "printed" commit).
        const printed = s.printed as unknown as { p50Ms: number; p99Ms: number };
        expect(printed.p50Ms).toBeGreaterThanOrEqual(s.p50Ms!);
        expect((s.floor as unknown as { p99Ms: number }).p99Ms).toBeGreaterThanOrEqual(s.floorMs!);
        expect(s.storedBytes).toBeGreaterThan(0);
        // Deflated: the journal keeps less than the signed XML alone.
        expect(s.storedBytes).toBeLessThan(s.xmlBytes!);
      }
      expect(sales[2]!.xmlBytes).toBeGreaterThan(sales[0]!.xmlBytes!);
    };
    checkSales(r.emitOffline.sales);
    if (r.emitOffline.withXsd !== null) checkSales(r.emitOffline.withXsd.sales);
    expect(["sales", "withXsd"]).toContain(r.emitOffline.shipped);

    expect(r.drain).toMatchObject({ notes: 3, authorized: 3, count656: 0, halted: null, latencyMs: 500 });
    expect(r.drain.limit).toBeCloseTo(r.drain.concurrency / 0.5, 5);
    expect(r.drain.notesPerSecond).toBeCloseTo(3 / r.drain.seconds, 1);
    expect(r.drain.fraction).toBeCloseTo(r.drain.notesPerSecond / r.drain.limit, 2);

    expect(r.rssMb.idle).toBeGreaterThan(10);
    expect(r.rssMb.peak).toBeGreaterThanOrEqual(r.rssMb.idle);

    expect(r.startup.notes).toBe(25);
    expect(r.startupMs).toBe(r.startup.startupMs);
    expect(r.startupMs).toBeGreaterThan(0);
    expect(r.startup.emit.runs).toBe(2);
    expect(["cold", "warm"]).toContain(r.startup.headline);
    expect(r.startup.warm.runsMs).toHaveLength(2);
    expect(r.startupMs).toBe((r.startup.headline === "cold" ? r.startup.cold : r.startup.warm).startupMs);

    expect(r.bytesPerNote.authorizedNotes).toBe(3);
    expect(r.bytesPerNote.storedBytesPerNote).toBeLessThan(r.bytesPerNote.rawBytesPerNote);

    expect(r.goals.map((g: { name: string }) => g.name)).toHaveLength(7);
    for (const g of r.goals) expect(typeof g.met).toBe("boolean");
  });

  it("refuses a bad option with exit 2 and nothing on stdout", async () => {
    const failure = await run(process.execPath, [SCRIPT, "--runs", "0"]).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stdout).toBe("");
    expect(failure.stderr).toContain("--runs must be a positive integer");
  });
});
