// Contingency episodes and limits: [MOC-A1] B28 dhCont / B29 xJust (15-256, TString [ -ÿ]),
// 569 (dhCont > 30 days before dhEmi), [A4] §3-4; issue 5 "Configured limits warn, then stop sales".
import { describe, expect, it } from "vitest";
import { KioskError } from "../../src/errors.js";
import {
  assertOfflineEmissionAllowed,
  buildXJust,
  type ContingencyCause,
  type ContingencyModel,
  evaluateContingencyLimits,
  nextContingencyModel,
  refreshContingencyModel,
  sanitizeXJust,
} from "../../src/watchdog/contingency-model.js";
import type { EffectiveMode } from "../../src/watchdog/link-state.js";

const TSTRING = /^[!-ÿ][ -ÿ]*[!-ÿ]$/;
const T0 = new Date("2026-11-23T12:00:00.750Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const online: EffectiveMode = { mode: "online", cause: null, manual: null };
const off = (cause: EffectiveMode["cause"]): EffectiveMode => ({ mode: "contingency", cause, manual: null });

describe("xJust", () => {
  it.each([
    "lan",
    "lte",
    "internet",
    "sefaz-down",
    "sefaz-slow",
    "sefaz-paused",
    "manual",
  ] as ContingencyCause[])("for %s is valid B29 text in Portuguese", (cause) => {
    const x = buildXJust(cause);
    expect(x.length).toBeGreaterThanOrEqual(15);
    expect(x.length).toBeLessThanOrEqual(256);
    expect(x).toMatch(TSTRING);
  });

  it("names the cause", () => {
    expect(buildXJust("lan")).toMatch(/rede local/);
    expect(buildXJust("lte")).toMatch(/móvel \(LTE\)/);
    expect(buildXJust("sefaz-paused")).toMatch(/paralisado/);
  });

  it("carries the operator's reason, cleaned to TString and cut to 256", () => {
    const x = buildXJust("manual", "  queda de energia – gerador\tligado 🙂 ");
    expect(x).toMatch(TSTRING);
    expect(x).toContain("queda de energia - gerador ligado");
    expect(buildXJust("manual", "x".repeat(400)).length).toBe(256);
    expect(sanitizeXJust("curto", "Contingência manual")).toBe("Contingência manual: curto");
  });
});

describe("nextContingencyModel", () => {
  const start: ContingencyModel = { mode: "online", since: T0 };

  it("opens an episode with dhCont in whole seconds and an xJust for the cause", () => {
    const { model, event } = nextContingencyModel(start, off("internet"), T0);
    expect(event).toBe("entered");
    if (model.mode !== "contingency") throw new Error("expected contingency");
    expect(model.episode.dhCont.toISOString()).toBe("2026-11-23T12:00:00.000Z");
    expect(model.episode.xJust).toBe(buildXJust("internet"));
    expect(model.episode.manual).toBeNull();
  });

  it("keeps dhCont and xJust when the shown cause changes, and closes on return", () => {
    const a = nextContingencyModel(start, off("sefaz-slow"), T0).model;
    const b = nextContingencyModel(a, off("lan"), at(60_000));
    expect(b.event).toBe("cause-changed");
    if (b.model.mode !== "contingency" || a.mode !== "contingency") throw new Error("expected contingency");
    expect(b.model.episode).toMatchObject({
      cause: "lan",
      entryCause: "sefaz-slow",
      dhCont: a.episode.dhCont,
    });
    expect(b.model.episode.xJust).toBe(a.episode.xJust);
    expect(nextContingencyModel(b.model, off("lan"), at(70_000)).event).toBeNull();
    const c = nextContingencyModel(b.model, online, at(90_000));
    expect(c).toEqual({ model: { mode: "online", since: at(90_000) }, event: "exited" });
  });

  it("records who entered manually and why", () => {
    const manual: EffectiveMode = {
      mode: "contingency",
      cause: "manual",
      manual: { mode: "contingency", by: "maria", reason: "teste mensal", at: T0 },
    };
    const { model } = nextContingencyModel(start, manual, T0);
    if (model.mode !== "contingency") throw new Error("expected contingency");
    expect(model.episode.manual).toEqual({ by: "maria", reason: "teste mensal" });
    expect(model.episode.xJust).toContain("teste mensal");
  });

  it("renews dhCont before it is 30 days older than the notes (569)", () => {
    const a = nextContingencyModel(start, off("lte"), T0).model;
    const day = 24 * 3_600_000;
    expect(nextContingencyModel(a, off("lte"), at(29 * day - 1_000)).event).toBeNull();
    const r = nextContingencyModel(a, off("lte"), at(29 * day + 1_000));
    expect(r.event).toBe("dhCont-renewed");
    if (r.model.mode !== "contingency") throw new Error("expected contingency");
    expect(r.model.episode.dhCont.getTime()).toBe(Math.floor(at(29 * day + 1_000).getTime() / 1000) * 1000);
    expect(r.model.episode.since).toEqual(T0);
  });
});

describe("refreshContingencyModel", () => {
  it("changes nothing online or in a young episode, and renews dhCont of an old manual episode keeping who and why", () => {
    const onlineModel: ContingencyModel = { mode: "online", since: T0 };
    expect(refreshContingencyModel(onlineModel, at(1e10))).toEqual({ model: onlineModel, event: null });
    const manual: EffectiveMode = {
      mode: "contingency",
      cause: "manual",
      manual: { mode: "contingency", by: "maria", reason: "obra na rua", at: T0 },
    };
    const opened = nextContingencyModel({ mode: "online", since: T0 }, manual, T0).model;
    expect(refreshContingencyModel(opened, at(3_600_000)).event).toBeNull();
    const renewed = refreshContingencyModel(opened, at(30 * 24 * 3_600_000));
    expect(renewed.event).toBe("dhCont-renewed");
    if (renewed.model.mode !== "contingency") throw new Error("expected contingency");
    expect(renewed.model.episode.manual).toEqual({ by: "maria", reason: "obra na rua" });
    expect(renewed.model.episode.xJust).toContain("obra na rua");
    expect(renewed.model.episode.since).toEqual(T0);
  });
});

describe("contingency limits", () => {
  const limits = { maxOfflineNotes: 100, maxOfflineHours: 10, warnAtFraction: 0.8 };
  const now = new Date("2026-11-23T20:00:00Z");
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

  it.each([
    [0, null, "ok"],
    [79, hoursAgo(1), "ok"],
    [80, hoursAgo(1), "warn"],
    [10, hoursAgo(8), "warn"],
    [99, hoursAgo(9.9), "warn"],
    [100, hoursAgo(1), "stop"],
    [1, hoursAgo(10), "stop"],
  ] as const)("%i pending, oldest %s -> %s", (pending, oldest, level) => {
    const e = evaluateContingencyLimits({ pendingNotes: pending, oldestPendingAt: oldest, now, limits });
    expect(e.level).toBe(level);
    expect(e.operatorMessage === null).toBe(level === "ok");
  });

  it("stops offline emission with KIOSK_ERR_CONTINGENCY_LIMIT and a pt-BR message", () => {
    const e = evaluateContingencyLimits({ pendingNotes: 100, oldestPendingAt: hoursAgo(2), now, limits });
    expect(e.operatorMessage).toMatch(/Limite de contingência atingido: 100 notas/);
    const err = (() => {
      try {
        assertOfflineEmissionAllowed(e, limits);
      } catch (x) {
        return x;
      }
    })() as KioskError;
    expect(err).toBeInstanceOf(KioskError);
    expect(err.code).toBe("KIOSK_ERR_CONTINGENCY_LIMIT");
    expect(err.exitStatus).toBe(3);
    expect(err.operatorMessage).toBe(e.operatorMessage);
    expect(() =>
      assertOfflineEmissionAllowed(
        evaluateContingencyLimits({ pendingNotes: 90, oldestPendingAt: hoursAgo(1), now, limits }),
        limits,
      ),
    ).not.toThrow();
  });

  it("says hours when the age is the limit", () => {
    const e = evaluateContingencyLimits({ pendingNotes: 3, oldestPendingAt: hoursAgo(12.5), now, limits });
    expect(e.operatorMessage).toMatch(/há 12,5 h \(máximo 10 h\)/);
  });
});
