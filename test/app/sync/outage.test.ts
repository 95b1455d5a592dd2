// An outage in the middle of a burst of sales (issue 5 "Done when"): sales before it are authorized
// online; the sale caught by it goes offline with a new number (its attempt queried, then voided);
// sales during it are offline; when SEFAZ is back one round authorizes them all, none duplicated.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HAS_SHARED } from "../../helpers/shared.js";
import { duplicateAnswers, type SyncHarness, sale, startSyncHarness } from "./helpers/sync-harness.js";

describe.skipIf(!HAS_SHARED)("sync after an outage mid-burst", () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await startSyncHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("authorizes every offline note, voids the lost attempt's number, and never duplicates", async () => {
    const { core } = h;
    const online = [];
    for (let i = 0; i < 3; i++) online.push(await core.pipeline.emit(sale(1000 + i)));
    expect(online.map((r) => r.status)).toEqual(["authorized", "authorized", "authorized"]);

    await h.setFault({ mode: "down" });
    const caught = await core.pipeline.emit(sale(2000)); // the attempt's answer is lost: offline, new number
    const during = [await core.pipeline.emit(sale(2001)), await core.pipeline.emit(sale(2002))];
    expect([caught, ...during].map((r) => [r.tpEmis, r.status])).toEqual([
      [9, "pending"],
      [9, "pending"],
      [9, "pending"],
    ]);
    const attempt = core.journal.listNotes({ status: "unknown" });
    expect(attempt).toHaveLength(1);
    expect(core.journal.getNote(caught.chave)?.replacesChave).toBe(attempt[0]!.chave);

    // Still down: nothing is lost, nothing is sent twice, and the round says so.
    const failed = await h.engine.runRound();
    expect(failed).toMatchObject({ authorized: 0, pending: 3, reached: false });

    await h.setFault({ mode: "normal" });
    h.clock.advance(60_000); // past the back-off of the failed round
    const first = await h.engine.runRound();
    expect(first).toMatchObject({ authorized: 3, rejected: 0, pending: 0 });
    // The lost attempt is not at SEFAZ, but a late arrival is still possible: not voided yet.
    expect(core.journal.getNote(attempt[0]!.chave)?.state).toBe("unknown");

    h.clock.advance(11 * 60_000); // past dhEmi + the late-arrival margin (10 min)
    const second = await h.engine.runRound();
    expect(second.voided).toBe(1);

    const states = core.journal.listNotes().map((n) => [n.nNF, n.tpEmis, n.state]);
    expect(states).toEqual([
      [1, 1, "authorized"],
      [2, 1, "authorized"],
      [3, 1, "authorized"],
      [4, 1, "voided"],
      [5, 9, "authorized"],
      [6, 9, "authorized"],
      [7, 9, "authorized"],
    ]);
    const view = await h.simView();
    expect(duplicateAnswers(view)).toEqual([]);
    expect(
      view.notes
        .filter((n) => n.cStat === "100")
        .map((n) => n.chave)
        .sort(),
    ).toEqual(
      core.journal
        .listNotes({ status: "authorized" })
        .map((n) => n.chave)
        .sort(),
    );
    expect(view.inutilized.map((r) => [r.serie, r.nNFIni, r.nNFFin])).toEqual([[1, 4, 4]]);
    // Each offline note was sent exactly once.
    const sends = view.log.filter((e) => e.service === "autorizacao");
    for (const r of [caught, ...during]) expect(sends.filter((e) => e.chave === r.chave)).toHaveLength(1);
    expect(core.journal.verify()).toEqual({ ok: true, problems: [] });
  });
});
