// Offline-note transmission deadlines: [A4] §2 and §3 "até o final do primeiro dia útil subsequente"
// contado a partir de sua emissão; nfce-reference §7 (Deadline). Local time of the UF, never the host TZ.
import { describe, expect, it } from "vitest";
import { localDateOf, offsetMinutesAt } from "../../src/time/zoned-time.js";
import {
  DEFAULT_DEADLINE_RULES,
  type DeadlineRules,
  deadlineCountdown,
  earliestCountdown,
  formatRemainingPtBr,
  isBusinessDay,
  timeZoneOfUf,
  transmissionDeadline,
} from "../../src/watchdog/deadline.js";
import { easterSunday, holidaysOf, NATIONAL_HOLIDAYS } from "../../src/watchdog/holidays.js";

const UFS = "AC AL AM AP BA CE DF ES GO MA MG MS MT PA PB PE PI PR RJ RN RO RR RS SC SE SP TO".split(" ");

describe("Easter-based holidays", () => {
  it.each([
    [2000, "2000-04-23"],
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2038, "2038-04-25"],
  ])("Easter %i is %s", (year, iso) => {
    const e = easterSunday(year);
    expect(`${e.year}-${String(e.month).padStart(2, "0")}-${String(e.day).padStart(2, "0")}`).toBe(iso);
  });

  it("derives Carnaval, Sexta-feira Santa and Corpus Christi 2026 from Easter", () => {
    const byId = new Map(holidaysOf(2026).map((h) => [h.id, h]));
    expect(byId.get("carnaval-segunda")?.date).toEqual({ year: 2026, month: 2, day: 16 });
    expect(byId.get("carnaval-terca")?.date).toEqual({ year: 2026, month: 2, day: 17 });
    expect(byId.get("sexta-feira-santa")?.date).toEqual({ year: 2026, month: 4, day: 3 });
    expect(byId.get("corpus-christi")?.date).toEqual({ year: 2026, month: 6, day: 4 });
  });

  it("counts Consciência Negra only from 2024 on (Lei 14.759/2023)", () => {
    expect(holidaysOf(2023).some((h) => h.id === "consciencia-negra")).toBe(false);
    expect(holidaysOf(2024).some((h) => h.id === "consciencia-negra")).toBe(true);
  });
});

describe("holiday and UF data", () => {
  it("has a valid IANA zone for every UF, with Brazil's whole-hour offsets", () => {
    const at = new Date("2026-07-01T12:00:00Z");
    for (const uf of UFS) {
      const offset = offsetMinutesAt(at, timeZoneOfUf(uf));
      const expected = uf === "AC" ? -300 : ["AM", "MT", "MS", "RO", "RR"].includes(uf) ? -240 : -180;
      expect({ uf, offset }).toEqual({ uf, offset: expected });
    }
  });

  it("every holiday names its legal basis and has a sane date", () => {
    for (const h of NATIONAL_HOLIDAYS) {
      expect(h.basis.length).toBeGreaterThan(5);
      if (h.kind === "fixed") expect(h.month >= 1 && h.month <= 12 && h.day >= 1 && h.day <= 31).toBe(true);
    }
    expect(new Set(NATIONAL_HOLIDAYS.map((h) => h.id)).size).toBe(NATIONAL_HOLIDAYS.length);
  });

  it("refuses an unknown UF instead of guessing", () => {
    expect(() => transmissionDeadline(new Date(), "XX")).toThrow(/no deadline rule/);
  });
});

describe("transmissionDeadline: end of the first business day after emission ([A4] §2)", () => {
  it.each([
    ["weekday -> next day", "SP", "2026-11-23T10:00:00-03:00", "2026-11-24T23:59:59.999-03:00"],
    ["Friday -> Monday", "SP", "2026-11-27T15:00:00-03:00", "2026-11-30T23:59:59.999-03:00"],
    ["Saturday -> Monday", "SP", "2026-11-28T09:00:00-03:00", "2026-11-30T23:59:59.999-03:00"],
    ["Sunday -> Monday", "SP", "2026-11-29T09:00:00-03:00", "2026-11-30T23:59:59.999-03:00"],
    [
      "late evening in SP is still the same local day",
      "SP",
      "2026-11-22T23:30:00-03:00",
      "2026-11-23T23:59:59.999-03:00",
    ],
    [
      "Consciência Negra (Fri 20/11/2026) is skipped",
      "SP",
      "2026-11-19T12:00:00-03:00",
      "2026-11-23T23:59:59.999-03:00",
    ],
    ["Sexta-feira Santa 2026 is skipped", "RS", "2026-04-02T12:00:00-03:00", "2026-04-06T23:59:59.999-03:00"],
    ["Tiradentes (Tue) is skipped", "MG", "2026-04-20T12:00:00-03:00", "2026-04-22T23:59:59.999-03:00"],
    [
      "Carnaval Monday counts as a business day by default",
      "SP",
      "2026-02-13T12:00:00-03:00",
      "2026-02-16T23:59:59.999-03:00",
    ],
    [
      "Corpus Christi counts as a business day by default",
      "SP",
      "2026-06-03T12:00:00-03:00",
      "2026-06-04T23:59:59.999-03:00",
    ],
    [
      "Christmas Eve -> Monday after Christmas Friday",
      "SP",
      "2026-12-24T18:00:00-03:00",
      "2026-12-28T23:59:59.999-03:00",
    ],
    ["New Year's Eve -> Monday 4 Jan", "SP", "2026-12-31T20:00:00-03:00", "2027-01-04T23:59:59.999-03:00"],
    ["Acre runs on UTC-5", "AC", "2026-11-23T10:00:00-05:00", "2026-11-24T23:59:59.999-05:00"],
    ["Amazonas runs on UTC-4", "AM", "2026-11-23T22:30:00-04:00", "2026-11-24T23:59:59.999-04:00"],
    [
      "20/11 in 2023 was not yet a national holiday",
      "SP",
      "2023-11-17T12:00:00-03:00",
      "2023-11-20T23:59:59.999-03:00",
    ],
  ])("%s (%s)", (_name, uf, emitted, expected) => {
    expect(transmissionDeadline(new Date(emitted), uf).toISOString()).toBe(new Date(expected).toISOString());
  });

  it("uses the UF's date, not the host's: 23:30 in São Paulo is already the next day in UTC", () => {
    const emitted = new Date("2026-11-23T23:30:00-03:00"); // 02:30Z on the 24th
    expect(localDateOf(emitted, "America/Sao_Paulo")).toEqual({ year: 2026, month: 11, day: 23 });
    expect(transmissionDeadline(emitted, "SP").toISOString()).toBe("2026-11-25T02:59:59.999Z");
  });

  it("honours a UF that makes Carnaval a holiday, extra state holidays, and an hours rule", () => {
    const rules: DeadlineRules = {
      default: DEFAULT_DEADLINE_RULES.default,
      ufs: {
        ...DEFAULT_DEADLINE_RULES.ufs,
        RJ: { timeZone: "America/Sao_Paulo", nonBusinessHolidayIds: ["carnaval-segunda", "carnaval-terca"] },
        SP: { timeZone: "America/Sao_Paulo", extraNonBusinessDays: ["07-09"] },
        GO: { timeZone: "America/Sao_Paulo", rule: { kind: "hours-after-emission", hours: 24 } },
      },
    };
    expect(transmissionDeadline(new Date("2026-02-13T12:00:00-03:00"), "RJ", rules).toISOString()).toBe(
      new Date("2026-02-18T23:59:59.999-03:00").toISOString(),
    );
    // 09/07/2026 is a Thursday: a note of Wednesday 08/07 waits until Friday.
    expect(transmissionDeadline(new Date("2026-07-08T12:00:00-03:00"), "SP", rules).toISOString()).toBe(
      new Date("2026-07-10T23:59:59.999-03:00").toISOString(),
    );
    expect(transmissionDeadline(new Date("2026-07-08T12:00:00-03:00"), "GO", rules).toISOString()).toBe(
      "2026-07-09T15:00:00.000Z",
    );
    expect(isBusinessDay({ year: 2026, month: 2, day: 16 }, "RJ", rules)).toBe(false);
    expect(isBusinessDay({ year: 2026, month: 2, day: 16 }, "SP", rules)).toBe(true);
  });
});

describe("deadlineCountdown: escalation ok / warn < 4 h / urgent < 1 h / overdue", () => {
  const deadline = new Date("2026-11-24T23:59:59.999-03:00");
  const at = (msBefore: number) => new Date(deadline.getTime() - msBefore);
  it.each([
    [10 * 3_600_000, "ok"],
    [4 * 3_600_000, "ok"],
    [4 * 3_600_000 - 1, "warn"],
    [3_600_000, "warn"],
    [3_600_000 - 1, "urgent"],
    [0, "urgent"],
    [-1, "overdue"],
  ])("%i ms before the deadline -> %s", (msBefore, level) => {
    const c = deadlineCountdown(deadline, at(msBefore));
    expect(c.level).toBe(level);
    expect(c.remainingMs).toBe(msBefore);
  });

  it("picks the earliest deadline of the queue, or null when nothing is pending", () => {
    const now = new Date("2026-11-24T20:00:00-03:00");
    expect(earliestCountdown([], now)).toBeNull();
    const c = earliestCountdown([deadline, new Date("2026-11-24T20:30:00-03:00")], now);
    expect(c?.level).toBe("urgent");
    expect(c?.remainingMs).toBe(30 * 60_000);
  });

  it("formats the countdown in pt-BR", () => {
    expect(formatRemainingPtBr(3 * 3_600_000 + 5 * 60_000)).toBe("3 h 05 min");
    expect(formatRemainingPtBr(42 * 60_000 + 59_000)).toBe("42 min");
    expect(formatRemainingPtBr(-20 * 60_000)).toBe("atrasado há 20 min");
  });
});
