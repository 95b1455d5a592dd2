// 656 (consumo indevido) from the simulator when a client repeats itself past SEFAZ's limits, the
// client's governor holding requests during the block, and the simulator's state across restarts.
import { readFileSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { resolveEndpoints } from "../../src/fiscal/sefaz/endpoints.js";
import { createHttpsTransport } from "../../src/fiscal/sefaz/https-transport.js";
import { SefazClient } from "../../src/fiscal/sefaz/sefaz-client.js";
import { HAS_SHARED } from "../helpers/shared.js";
import { finalize, type Harness, startHarness } from "./helpers/harness.js";
import { templateNfce } from "./helpers/nfce-template.js";

const LOCAL = "2026-11-22T07:00:00-03:00";

describe.skipIf(!HAS_SHARED)("consumption limits and restarts", () => {
  const open: Harness[] = [];
  afterAll(async () => {
    for (const h of open) await h.close();
  });

  it("answers 656 past the query limit; the governed client then holds every request for an hour", async () => {
    // nfce-reference.md §6: same key queried >10x/h -> 656, block 1 h. Limit lowered to 3 here.
    const h = await startHarness({ start: "2026-11-22T10:00:30Z", limits: { queriesPerKeyPerHour: 3 } });
    open.push(h);
    const chave = templateNfce({ dhEmi: LOCAL, nNF: 1 }).chave;
    for (let i = 0; i < 3; i++) expect(await h.client.consult(chave)).toMatchObject({ outcome: "not-found" });
    expect(await h.client.consult(chave)).toMatchObject({
      outcome: "rejected",
      cStat: "656",
      action: "transient",
    });
    const before = h.sim.log().length;
    const held = await h.client.status();
    expect(held).toMatchObject({ outcome: "blocked" });
    if (held.outcome === "blocked") expect(held.until).toBe("2026-11-22T11:00:30.000Z");
    expect(h.sim.log().length).toBe(before);
    h.clock.advance(60 * 60_000 + 1000);
    expect(await h.client.status()).toMatchObject({ outcome: "answered", cStat: "107" });
  });

  it("answers 656 to an ungoverned client that resends an identical rejected note past the limit", async () => {
    const h = await startHarness({
      start: "2026-11-22T10:00:30Z",
      limits: { identicalRejectionsPerHour: 2 },
    });
    open.push(h);
    const ungoverned = new SefazClient({
      transport: createHttpsTransport({
        privateKeyPem: h.id.privateKeyPem,
        certificatePem: h.id.certificatePem,
        extraCaPem: h.sim.caPem,
      }),
      endpoints: resolveEndpoints("SP", "homologacao", h.sim.urls),
      tpAmb: "2",
      emitter: { cnpj: "06157250000116" },
      sign: () => "",
      clock: h.clock,
    });
    const late = finalize(templateNfce({ dhEmi: "2026-11-22T06:00:00-03:00", nNF: 2 }));
    expect(await ungoverned.authorize(late)).toMatchObject({ cStat: "704" });
    expect(await ungoverned.authorize(late)).toMatchObject({ cStat: "704" });
    expect(await ungoverned.authorize(late)).toMatchObject({ cStat: "656" });
    // The block covers every service of that holder for an hour, not only the repeated note.
    h.clock.advance(59 * 60_000);
    expect(await ungoverned.status()).toMatchObject({ cStat: "656" });
    h.clock.advance(60 * 60_000 + 1000);
    expect(await ungoverned.status()).toMatchObject({ cStat: "107" });
  });

  it("the governed client stops resending an identical rejected note before SEFAZ would block it", async () => {
    const h = await startHarness({ start: "2026-11-22T10:00:30Z" });
    open.push(h);
    const late = finalize(templateNfce({ dhEmi: "2026-11-22T06:00:00-03:00", nNF: 3 }));
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) outcomes.push((await h.client.authorize(late)).outcome);
    expect(outcomes.filter((o) => o === "rejected")).toHaveLength(10);
    expect(outcomes.slice(10)).toEqual(["blocked", "blocked"]);
  });

  it("keeps notes, events and its CA across a restart on the same data dir", async () => {
    const first = await startHarness({ start: "2026-11-22T10:00:30Z" });
    const note = templateNfce({ dhEmi: LOCAL, nNF: 4 });
    const r = await first.client.authorize(finalize(note));
    expect(r.outcome).toBe("authorized");
    const ca = readFileSync(first.sim.caFile, "utf8");
    await first.sim.close();
    const second = await startHarness({ start: "2026-11-22T10:01:00Z", dir: first.dir });
    open.push(second, {
      close: async () => rmSync(first.dir, { recursive: true, force: true }),
    } as unknown as Harness);
    expect(readFileSync(second.sim.caFile, "utf8")).toBe(ca);
    const c = await second.client.consult(note.chave);
    expect(c).toMatchObject({ outcome: "authorized", nProt: r.outcome === "authorized" ? r.nProt : "?" });
    expect(await second.client.authorize(finalize(note))).toMatchObject({ cStat: "204" });
  });
});

describe.skipIf(!HAS_SHARED)("simulator lifecycle", () => {
  it("closes at once even with a request parked in a ten-minute slow fault", async () => {
    const h = await startHarness({ start: "2026-11-22T10:00:30Z" });
    h.sim.setFault({ mode: "slow", delayMs: 600_000 });
    const pending = h.newClient({ timeoutMs: 60_000 }).status();
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the request reach the server
    const started = Date.now();
    await h.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    // "unknown" when the request was parked; "unreachable" if a loaded machine was slower than 300 ms.
    expect(["unknown", "unreachable"]).toContain((await pending).outcome);
  });
});
