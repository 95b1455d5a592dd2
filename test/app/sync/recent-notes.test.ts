// Which notes a reconciliation looks at: the UF-local months covering the last 168 h + 2 h
// ([NT2018.004] 2P12-18: 110112 within 168 h; 5P31-20: substitute within 2 h). TZ-proof: the host's
// zone never matters, the UF's does.
import { describe, expect, it } from "vitest";
import { recentNotes } from "../../../src/app/sync/reconcile-attempts.js";
import type { NoteFilter } from "../../../src/journal/types.js";

function monthsAskedAt(nowIso: string): string[] {
  const asked: string[] = [];
  const journal = {
    listNotes: (f?: NoteFilter) => {
      asked.push(f?.month ?? "all");
      return [];
    },
  };
  recentNotes(journal, new Date(nowIso), "America/Sao_Paulo");
  return asked;
}

describe("recentNotes", () => {
  it("asks only the current local month when the window fits in it", () => {
    expect(monthsAskedAt("2026-11-22T13:00:00Z")).toEqual(["2026-11"]);
  });
  it("uses the UF's local date, not UTC: 23:00 in São Paulo on 30 Nov is still November", () => {
    expect(monthsAskedAt("2026-12-01T02:00:00Z")).toEqual(["2026-11"]);
  });
  it("spans two months when the 170 h window crosses the month (and the year)", () => {
    expect(monthsAskedAt("2026-12-03T13:00:00Z")).toEqual(["2026-11", "2026-12"]);
    expect(monthsAskedAt("2027-01-02T13:00:00Z")).toEqual(["2026-12", "2027-01"]);
  });
});
