// The watchdog's spaced status call: a request our own governor holds answers with the last real
// answer, but never with an answer older than a real failure (found by the demo browser scenario:
// a cut link looked healthy between two real requests, resetting the failure count).
import { describe, expect, it } from "vitest";
import { spacedStatus } from "../../src/app/status-probe.js";
import type { SefazClient } from "../../src/fiscal/sefaz/sefaz-client.js";

type StatusResult = Awaited<ReturnType<SefazClient["status"]>>;

function scripted(results: StatusResult[]) {
  return { status: async () => results.shift()! } as Pick<SefazClient, "status">;
}

const answered = (cStat: string) =>
  ({ outcome: "answered", cStat, xMotivo: `x${cStat}` }) as unknown as StatusResult;
const blocked = { outcome: "blocked", reason: "spaced", until: "" } as unknown as StatusResult;
const unreachable = { outcome: "unreachable", reason: "ECONNRESET" } as unknown as StatusResult;

describe("spacedStatus", () => {
  it("a held request repeats the last real answer", async () => {
    const status = spacedStatus(scripted([answered("107"), blocked]));
    expect(await status()).toEqual({ cStat: "107", xMotivo: "x107" });
    expect(await status()).toEqual({ cStat: "107", xMotivo: "x107" });
  });

  it("after a real failure, held requests fail too until a real request answers", async () => {
    const status = spacedStatus(
      scripted([answered("107"), unreachable, blocked, blocked, answered("107"), blocked]),
    );
    await status();
    await expect(status()).rejects.toThrow(/unreachable/);
    await expect(status()).rejects.toThrow(/blocked/);
    await expect(status()).rejects.toThrow(/blocked/);
    expect(await status()).toMatchObject({ cStat: "107" });
    expect(await status()).toMatchObject({ cStat: "107" });
  });

  it("held before any real answer: a failure, not a guess", async () => {
    await expect(spacedStatus(scripted([blocked]))()).rejects.toThrow(/blocked/);
  });
});

describe("spacedStatus with the contingency guard", () => {
  it("an answer from before an automatic contingency is not proof of recovery; a newer one is", async () => {
    let t = 1_000;
    let failedSince: Date | null = null;
    const guard = { clock: { now: () => new Date(t) }, failedSince: () => failedSince };
    const status = spacedStatus(
      scripted([answered("107"), blocked, blocked, answered("107"), blocked]),
      guard,
    );
    await status(); // 107 at t=1000
    t = 2_000;
    failedSince = new Date(1_500); // a sale's authorization failed: the kiosk went offline
    await expect(status()).rejects.toThrow(/blocked/);
    await expect(status()).rejects.toThrow(/blocked/);
    t = 20_000;
    expect(await status()).toMatchObject({ cStat: "107" }); // a real answer after the failure
    t = 21_000;
    expect(await status()).toMatchObject({ cStat: "107" }); // and its repetition counts
  });
});
