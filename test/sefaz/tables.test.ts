// Shape tests of the data tables (style.md §7.7) and of the governor's pure rules (nfce-reference §6).
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { allCStats, classifyCStat } from "../../src/fiscal/sefaz/cstat-table.js";
import { allAuthorizers, resolveEndpoints, SERVICE_KEYS, ufCode } from "../../src/fiscal/sefaz/endpoints.js";
import {
  checkRequest,
  DEFAULT_BUDGETS,
  emptyGovernorState,
  MemoryGovernorStore,
  RequestGovernor,
  recordRequest,
} from "../../src/fiscal/sefaz/governor.js";

const UFS = "AC AL AM AP BA CE DF ES GO MA MG MS MT PA PB PE PI PR RJ RN RO RR RS SC SE SP TO".split(" ");

describe("cStat table", () => {
  it("holds 3 or 4 digit codes, each with one of the five classes and a meaning", () => {
    const entries = Object.entries(allCStats());
    expect(entries.length).toBeGreaterThan(100);
    for (const [code, e] of entries) {
      expect(code).toMatch(/^[1-9][0-9]{2,3}$/);
      expect(["done", "transient", "fix", "give-up", "query-first"]).toContain(e.class);
      expect(e.meaning.length).toBeGreaterThan(5);
    }
  });

  it("classifies as §6 says: 100 done, 108 transient, 204 query, 539 give up, 297 fix, 656 transient, unknown fix", () => {
    expect(classifyCStat("100")).toBe("done");
    expect(classifyCStat("150")).toBe("done");
    expect(classifyCStat("108")).toBe("transient");
    expect(classifyCStat("204")).toBe("query-first");
    expect(classifyCStat("539")).toBe("give-up");
    expect(classifyCStat("297")).toBe("fix");
    expect(classifyCStat("501")).toBe("give-up");
    expect(classifyCStat("656")).toBe("transient");
    expect(classifyCStat("1234")).toBe("fix");
  });
});

describe("endpoints", () => {
  it("gives every UF an authorizer with six https URLs in both environments (§5)", () => {
    for (const uf of UFS) {
      expect(ufCode(uf)).toMatch(/^[1-5][0-9]$/);
      for (const env of ["homologacao", "producao"] as const) {
        const r = resolveEndpoints(uf, env);
        for (const key of SERVICE_KEYS) expect(r.urls[key]).toMatch(/^https:\/\/[a-z0-9.-]+\//);
      }
    }
    expect(Object.keys(allAuthorizers()).sort()).toEqual([
      "AM",
      "GO",
      "MG",
      "MS",
      "MT",
      "PR",
      "RS",
      "SP",
      "SVRS",
    ]);
  });

  it("matches the reference for SVRS and SP, and lets sefaz.urls override single services", () => {
    expect(resolveEndpoints("BA", "homologacao").urls.autorizacao).toBe(
      "https://nfce-homologacao.svrs.rs.gov.br/ws/NfeAutorizacao/NFeAutorizacao4.asmx",
    );
    const sp = resolveEndpoints("SP", "producao", { status: "https://127.0.0.1:9/s" });
    expect(sp).toMatchObject({ authorizer: "SP", cUF: "35" });
    expect(sp.urls.status).toBe("https://127.0.0.1:9/s");
    expect(sp.urls.consulta).toBe("https://nfce.fazenda.sp.gov.br/ws/NFeConsultaProtocolo4.asmx");
  });
});

describe("governor", () => {
  const t0 = Date.parse("2026-11-22T10:00:00Z");

  it("blocks an authorizer for an hour after a 656, and only that authorizer", () => {
    let s = recordRequest(emptyGovernorState(), "SP", { kind: "status" }, "656", t0);
    expect(checkRequest(s, "SP", { kind: "consult", chave: "k" }, t0 + 59 * 60_000)).toMatchObject({
      allowed: false,
    });
    expect(checkRequest(s, "SVRS", { kind: "status" }, t0)).toEqual({ allowed: true });
    expect(checkRequest(s, "SP", { kind: "status" }, t0 + 60 * 60_000 + 1)).toEqual({ allowed: true });
    s = recordRequest(s, "SP", { kind: "status" }, "107", t0 + 61 * 60_000);
    expect(s.authorizers.SP?.blocks656).toBe(1);
  });

  it("counts queries per key in a sliding hour, below SEFAZ's 10", () => {
    let s = emptyGovernorState();
    for (let i = 0; i < DEFAULT_BUDGETS.queriesPerKeyPerHour; i++)
      s = recordRequest(s, "SP", { kind: "consult", chave: "A" }, "100", t0 + i);
    expect(checkRequest(s, "SP", { kind: "consult", chave: "A" }, t0 + 100).allowed).toBe(false);
    expect(checkRequest(s, "SP", { kind: "consult", chave: "B" }, t0 + 100).allowed).toBe(true);
    expect(checkRequest(s, "SP", { kind: "consult", chave: "A" }, t0 + 3600_001).allowed).toBe(true);
  });

  it("holds a document only after identical rejections of the same bytes, not after a fixed version", () => {
    let s = emptyGovernorState();
    const doc = { kind: "authorize" as const, chave: "K", fingerprint: "f1" };
    for (let i = 0; i < DEFAULT_BUDGETS.identicalRejectionsPerHour; i++)
      s = recordRequest(s, "SP", doc, "704", t0 + i);
    expect(checkRequest(s, "SP", doc, t0 + 50)).toMatchObject({ allowed: false });
    expect(checkRequest(s, "SP", { ...doc, fingerprint: "f2" }, t0 + 50)).toEqual({ allowed: true });
  });

  it("persists through its store, so a restart keeps the block", () => {
    const store = new MemoryGovernorStore();
    const clock = new ManualClock("2026-11-22T10:00:00Z");
    new RequestGovernor({ store, clock }).record("SP", { kind: "status" }, "656");
    const reborn = new RequestGovernor({ store, clock });
    expect(reborn.blockedUntil("SP")?.toISOString()).toBe("2026-11-22T11:00:00.000Z");
    expect(reborn.check("SP", { kind: "status" }).allowed).toBe(false);
    expect(JSON.parse(JSON.stringify(store.saved))).toEqual(store.saved);
  });
});

describe("governor: status spacing", () => {
  it("spaces status requests by statusMinIntervalMs and says when the next one may go", () => {
    const t0 = Date.parse("2026-11-22T10:00:00Z");
    const s = recordRequest(emptyGovernorState(), "SP", { kind: "status" }, "107", t0);
    expect(checkRequest(s, "SP", { kind: "status" }, t0 + 1000)).toEqual({
      allowed: false,
      reason: "status requests are spaced to avoid 656",
      until: t0 + DEFAULT_BUDGETS.statusMinIntervalMs,
    });
    expect(checkRequest(s, "SP", { kind: "status" }, t0 + DEFAULT_BUDGETS.statusMinIntervalMs)).toEqual({
      allowed: true,
    });
  });
});
