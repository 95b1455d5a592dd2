// Drain planning and per-note steps: nfce-reference §6 (cStat classes, 656 block >= 1 h, "Q before
// resending"), §7 and [A4] §3/§5 (a rejected offline note is regenerated with the same number, series,
// key and cNF), [NT2023.002] (one NFC-e per lote, synchronous).
import { describe, expect, it } from "vitest";
import { type DrainNote, planDrain, retryDelayMs } from "../../src/watchdog/drain-planner.js";
import {
  BLOCK_656_MS,
  type CStatClass,
  MAX_AUTOMATIC_CORRECTIONS,
  type NoteForStep,
  nextStepForNote,
} from "../../src/watchdog/note-step.js";

const NOW = new Date("2026-11-23T15:00:00Z");
const min = (m: number) => new Date(NOW.getTime() + m * 60_000);
let seq = 0;
function note(partial: Partial<DrainNote> & { emittedAt: Date }): DrainNote {
  seq++;
  return { chave: `K${seq}`, nNF: seq, state: "pending", attempts: 0, lastAttemptAt: null, ...partial };
}
const allow = { allowed: true };

describe("planDrain", () => {
  it("sends the oldest first, one note per action, up to the concurrency", () => {
    const notes = [
      note({ emittedAt: min(-5) }),
      note({ emittedAt: min(-50) }),
      note({ emittedAt: min(-20) }),
    ];
    const plan = planDrain({ notes, linkOnline: true, permission: allow, now: NOW });
    expect(plan.actions).toEqual([
      { kind: "send", chave: notes[1]!.chave },
      { kind: "send", chave: notes[2]!.chave },
    ]);
    expect(plan.waitingFor).toBe("nothing");
  });

  it("breaks ties by number and queries unknown notes by key instead of resending them", () => {
    const t = min(-10);
    const a = note({ emittedAt: t, nNF: 11 });
    const b = note({ emittedAt: t, nNF: 10, state: "unknown" });
    const plan = planDrain({ notes: [a, b], linkOnline: true, permission: allow, now: NOW });
    expect(plan.actions).toEqual([
      { kind: "query", chave: b.chave },
      { kind: "send", chave: a.chave },
    ]);
  });

  it("counts notes in flight against the concurrency", () => {
    const notes = [
      note({ emittedAt: min(-30), state: "transmitting" }),
      note({ emittedAt: min(-20) }),
      note({ emittedAt: min(-10) }),
    ];
    const plan = planDrain({ notes, linkOnline: true, permission: allow, now: NOW });
    expect(plan.actions.map((a) => a.chave)).toEqual([notes[1]!.chave]);
    const full = planDrain({
      notes: [
        ...notes.map((n): DrainNote => ({ ...n, state: "transmitting" })),
        note({ emittedAt: min(-1) }),
      ],
      linkOnline: true,
      permission: allow,
      now: NOW,
    });
    expect(full).toEqual({ actions: [], wakeAt: null, waitingFor: "concurrency" });
  });

  it("does nothing while offline, or while the 656 governor forbids, and says until when", () => {
    const notes = [note({ emittedAt: min(-5) })];
    expect(planDrain({ notes, linkOnline: false, permission: allow, now: NOW })).toEqual({
      actions: [],
      wakeAt: null,
      waitingFor: "link",
    });
    const blocked = planDrain({
      notes,
      linkOnline: true,
      permission: { allowed: false, retryAt: min(60) },
      now: NOW,
    });
    expect(blocked).toEqual({ actions: [], wakeAt: min(60), waitingFor: "governor" });
    const budget = planDrain({
      notes: [note({ emittedAt: min(-9) }), note({ emittedAt: min(-8) }), note({ emittedAt: min(-7) })],
      linkOnline: true,
      permission: { allowed: true, remaining: 1 },
      now: NOW,
      policy: { concurrency: 4, backoffBaseMs: 1_000, backoffCapMs: 10_000 },
    });
    expect(budget.actions).toHaveLength(1);
  });

  it("skips notes in back-off, sends the next ready ones, and wakes when the first back-off ends", () => {
    const stuck = note({ emittedAt: min(-60), attempts: 3, lastAttemptAt: min(-0.25) }); // 20 s back-off
    const blocked656 = note({ emittedAt: min(-59), notBefore: min(45) });
    const ready = note({ emittedAt: min(-10) });
    const plan = planDrain({
      notes: [stuck, blocked656, ready],
      linkOnline: true,
      permission: allow,
      now: NOW,
    });
    expect(plan.actions).toEqual([{ kind: "send", chave: ready.chave }]);
    expect(plan.wakeAt).toEqual(new Date(min(-0.25).getTime() + 20_000));
    const onlyStuck = planDrain({ notes: [stuck], linkOnline: true, permission: allow, now: NOW });
    expect(onlyStuck.waitingFor).toBe("backoff");
  });

  it("ignores held and authorized-away notes and reports an empty queue", () => {
    expect(
      planDrain({
        notes: [note({ emittedAt: min(-1), state: "held" })],
        linkOnline: true,
        permission: allow,
        now: NOW,
      }),
    ).toEqual({
      actions: [],
      wakeAt: null,
      waitingFor: "empty",
    });
  });

  it.each([
    [0, 0],
    [1, 5_000],
    [2, 10_000],
    [7, 300_000],
    [30, 300_000],
  ])("retryDelayMs(%i) = %i", (attempts, ms) => {
    expect(retryDelayMs(attempts)).toBe(ms);
  });
});

describe("nextStepForNote", () => {
  const offline: NoteForStep = { chave: "K", tpEmis: 9, attempts: 0, corrections: 0 };
  const online: NoteForStep = { ...offline, tpEmis: 1 };
  const rejected = (cStat: string, cStatClass: CStatClass) =>
    ({ kind: "rejected", cStat, xMotivo: "Rejeicao: teste", cStatClass }) as const;

  it("stores an authorization; 150 (out of deadline, B09-40 Exceção 2) is still one", () => {
    expect(
      nextStepForNote(offline, { kind: "authorized", cStat: "100", nProt: "135260000000001" }, NOW),
    ).toEqual({
      action: "store-authorization",
      cStat: "100",
      nProt: "135260000000001",
      late: false,
    });
    expect(nextStepForNote(offline, { kind: "authorized", cStat: "150", nProt: "1" }, NOW)).toMatchObject({
      late: true,
    });
  });

  it("queries by key when the answer was lost, never resends blindly (§6: 999/timeout -> Q)", () => {
    expect(nextStepForNote(offline, { kind: "unknown" }, NOW)).toEqual({ action: "query-by-key" });
    expect(nextStepForNote(offline, { kind: "not-found" }, NOW)).toEqual({ action: "retry", notBefore: NOW });
  });

  it("backs off when SEFAZ was unreachable", () => {
    expect(nextStepForNote({ ...offline, attempts: 2 }, { kind: "unreachable" }, NOW)).toEqual({
      action: "retry",
      notBefore: new Date(NOW.getTime() + 20_000),
    });
  });

  // [A4] §5: "Se vier a ser rejeitada, gerar novamente o arquivo com a mesma numeração e série, sanando
  // a irregularidade e transmitir novamente"; §3: "manter a mesma chave de acesso ... cNF".
  it.each([
    ["215", "regenerate"],
    ["588", "regenerate"],
    ["297", "re-sign"],
    ["298", "re-sign"],
    ["557", "contingency-fields"],
    ["569", "contingency-fields"],
    ["464", "qr-code"],
    ["583", "qr-code"],
  ])("offline note rejected %s -> correct (%s) and resend with the same key and cNF", (cStat, fix) => {
    expect(nextStepForNote(offline, rejected(cStat, "fix"), NOW)).toMatchObject({
      action: "correct-and-resend",
      fix,
      keepKeyAndCNF: true,
      cStat,
    });
  });

  it(`holds after ${MAX_AUTOMATIC_CORRECTIONS} automatic corrections (never loops toward 656)`, () => {
    const step = nextStepForNote(
      { ...offline, corrections: MAX_AUTOMATIC_CORRECTIONS },
      rejected("297", "fix"),
      NOW,
    );
    expect(step).toMatchObject({ action: "hold", cStat: "297" });
  });

  it.each([
    ["236", "fix", /chave de acesso/],
    ["659", "fix", /chave de acesso/],
    ["897", "fix", /chave de acesso/],
    ["703", "fix", /relógio/],
    ["462", "fix", /configuração/],
    ["213", "give-up", /certificado digital/],
    ["291", "give-up", /certificado digital/],
    ["712", "give-up", /contingência/],
    ["539", "give-up", /outra chave/],
    ["206", "give-up", /inutilizado/],
    ["781", "give-up", /irregularidade/],
    ["999", "fix", /análise de um operador/],
  ] as const)("rejection %s (%s) is held for an operator with a pt-BR reason", (cStat, cls, reason) => {
    const step = nextStepForNote(offline, rejected(cStat, cls), NOW);
    expect(step).toMatchObject({ action: "hold", cStat });
    expect((step as { reason: string }).reason).toMatch(reason);
    expect((step as { reason: string }).reason).toContain(`Rejeição ${cStat}`);
  });

  it("656 blocks the note for at least an hour (nfce-reference §6)", () => {
    expect(nextStepForNote(offline, rejected("656", "transient"), NOW)).toEqual({
      action: "retry",
      notBefore: new Date(NOW.getTime() + BLOCK_656_MS),
    });
    expect(BLOCK_656_MS).toBeGreaterThanOrEqual(3_600_000);
  });

  it("108/109 retry later and tell the watchdog the service is paused", () => {
    const step = nextStepForNote(offline, rejected("108", "transient"), NOW);
    expect(step).toMatchObject({
      action: "retry",
      observation: { type: "probe-failed", cause: "sefaz-paused", immediate: true },
    });
  });

  it("204 (duplicate) queries by key to recover the protocol", () => {
    expect(nextStepForNote(offline, rejected("204", "query-first"), NOW)).toEqual({ action: "query-by-key" });
  });

  it("an online note refused as late (704) is re-issued offline with a new number, and this one voided", () => {
    expect(nextStepForNote(online, rejected("704", "fix"), NOW)).toEqual({
      action: "reissue-offline",
      voidNumber: true,
    });
  });

  it("never auto-corrects an online note (its number may not be reused offline: [A4] §5)", () => {
    expect(nextStepForNote(online, rejected("297", "fix"), NOW)).toMatchObject({ action: "hold" });
  });
});
