// Reconciliation of a timed-out online attempt: [A4] §5 (cancel if authorized, void if not; never
// reuse its number), NT 2018.004 (110112: 168 h 2P12-18, substitute authorized 912, tpEmis 1/9 920,
// dhEmi <= 2 h 914), 2P12-14 (110111: 30 min), B09-40 (704 after 5 min), Aj. SINIEF 19/16 cl. 16
// (inutilização by the 10th of the next month).
import { describe, expect, it } from "vitest";
import {
  CANCEL_XJUST,
  type ConsultResult,
  GAP_XJUST,
  type OfflineSubstitute,
  planGapVoiding,
  reconcileOnlineAttempt,
  VOID_XJUST,
  voidingDeadline,
} from "../../src/watchdog/reconcile.js";

const TZ = "America/Sao_Paulo";
const key = (tpEmis: string, nNF: string) => `3526110615725000011665001${nNF}${tpEmis}12345678` + "0";
const ATTEMPT = {
  chave: key("1", "000000020"),
  serie: 1,
  nNF: 20,
  dhEmi: new Date("2026-11-23T15:00:00-03:00"),
};
const SUB_KEY = key("9", "000000021");
const m = (minutes: number) => new Date(ATTEMPT.dhEmi.getTime() + minutes * 60_000);
const h = (hours: number) => m(hours * 60);
const authorizedAt = m(0.5);
const authorized: ConsultResult = {
  kind: "authorized",
  cStat: "100",
  nProt: "135260000000020",
  authorizedAt,
};
const sub = (status: OfflineSubstitute["status"], dhEmi = m(1)): OfflineSubstitute => ({
  chave: SUB_KEY,
  status,
  dhEmi,
});

function run(consultResult: ConsultResult, offlineSubstitute: OfflineSubstitute | null, now: Date) {
  return reconcileOnlineAttempt({ attempt: ATTEMPT, consultResult, offlineSubstitute, now, timeZone: TZ });
}

describe("reconcileOnlineAttempt", () => {
  it("keys used in these tests carry tpEmis at position 35", () => {
    expect(ATTEMPT.chave).toHaveLength(44);
    expect(ATTEMPT.chave.charAt(34)).toBe("1");
    expect(SUB_KEY.charAt(34)).toBe("9");
  });

  it.each([
    ["authorized 5 min ago -> 110111", authorized, sub("pending"), m(5.5), "cancel"],
    ["authorized 27 min ago (margin kept) -> 110111", authorized, sub("pending"), m(28.5), "cancel"],
    [
      "authorized 29 min ago, substitute pending -> wait for it",
      authorized,
      sub("pending"),
      m(29.5),
      "wait-for-substitute",
    ],
    [
      "authorized 2 h ago, substitute authorized -> 110112",
      authorized,
      sub("authorized"),
      h(2),
      "cancel-by-substitution",
    ],
    [
      "authorized 160 h ago, substitute authorized -> 110112",
      authorized,
      sub("authorized"),
      h(160),
      "cancel-by-substitution",
    ],
    ["authorized 168 h ago -> out of deadline, hold", authorized, sub("authorized"), h(168.5), "hold"],
    ["authorized, substitute rejected -> hold", authorized, sub("rejected"), h(3), "hold"],
    [
      "authorized, substitute emitted 3 h later (914) -> hold",
      authorized,
      sub("authorized", h(3)),
      h(4),
      "hold",
    ],
    ["authorized, no substitute recorded -> hold", authorized, null, h(1), "hold"],
    [
      "not found 3 min after dhEmi -> ask again (704 window)",
      { kind: "not-found" },
      sub("pending"),
      m(3),
      "query-again",
    ],
    [
      "not found after the 704 window -> void the number",
      { kind: "not-found" },
      sub("pending"),
      m(11),
      "void",
    ],
    ["already cancelled -> done", { kind: "settled", cStat: "135" }, sub("authorized"), h(1), "done"],
    ["query failed -> ask again", { kind: "unreachable" }, sub("pending"), h(1), "query-again"],
  ] as const)("%s", (_name, consult, substitute, now, action) => {
    expect(run(consult, substitute, now).action).toBe(action);
  });

  it("110111 carries the protocol, the 30-minute deadline and a valid xJust", () => {
    expect(run(authorized, null, m(5))).toEqual({
      action: "cancel",
      tpEvento: "110111",
      chave: ATTEMPT.chave,
      nProt: "135260000000020",
      xJust: CANCEL_XJUST,
      deadline: m(30.5),
    });
    expect(CANCEL_XJUST.length).toBeGreaterThanOrEqual(15);
    expect(CANCEL_XJUST.length).toBeLessThanOrEqual(255);
  });

  it("110112 references the offline substitute (chNFeRef) with the 168 h deadline", () => {
    expect(run(authorized, sub("authorized"), h(5))).toEqual({
      action: "cancel-by-substitution",
      tpEvento: "110112",
      chave: ATTEMPT.chave,
      nProt: "135260000000020",
      chNFeRef: SUB_KEY,
      xJust: CANCEL_XJUST,
      deadline: new Date(authorizedAt.getTime() + 168 * 3_600_000),
    });
  });

  it("refuses 110112 when the substitute is not an offline note (920)", () => {
    const wrong = { ...sub("authorized"), chave: key("1", "000000021") };
    expect(run(authorized, wrong, h(2))).toMatchObject({
      action: "hold",
      reason: expect.stringMatching(/920/),
    });
  });

  it("voids exactly the attempt's number, by the 10th of the next month", () => {
    expect(run({ kind: "not-found" }, sub("authorized"), m(15))).toEqual({
      action: "void",
      serie: 1,
      nNFIni: 20,
      nNFFin: 20,
      xJust: VOID_XJUST,
      deadline: new Date("2026-12-10T23:59:59.999-03:00"),
    });
  });
});

describe("voiding deadlines and gaps", () => {
  it.each([
    ["2026-11-23T15:00:00-03:00", "2026-12-10T23:59:59.999-03:00"],
    ["2026-12-31T23:30:00-03:00", "2027-01-10T23:59:59.999-03:00"],
    // 01:30 UTC on 1 December is still 30 November in São Paulo.
    ["2026-12-01T01:30:00Z", "2026-12-10T23:59:59.999-03:00"],
  ])("number used at %s -> void by %s", (at, deadline) => {
    expect(voidingDeadline(new Date(at), TZ).toISOString()).toBe(new Date(deadline).toISOString());
  });

  it("splits gaps around offline-note numbers, which are never voided ([A4] §5)", () => {
    const plan = planGapVoiding({
      gaps: [
        { serie: 1, nNFIni: 100, nNFFin: 105, openedAt: new Date("2026-11-05T10:00:00-03:00") },
        { serie: 1, nNFIni: 40, nNFFin: 40, openedAt: new Date("2026-10-20T10:00:00-03:00") },
      ],
      offlineNumbers: new Set([102, 105]),
      timeZone: TZ,
    });
    expect(plan.map((p) => [p.nNFIni, p.nNFFin, p.deadline.toISOString()])).toEqual([
      [40, 40, new Date("2026-11-10T23:59:59.999-03:00").toISOString()],
      [100, 101, new Date("2026-12-10T23:59:59.999-03:00").toISOString()],
      [103, 104, new Date("2026-12-10T23:59:59.999-03:00").toISOString()],
    ]);
    expect(plan.every((p) => p.xJust === GAP_XJUST)).toBe(true);
  });
});
