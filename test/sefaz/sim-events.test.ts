// Cancellation (110111), cancellation by substitution (110112, NT 2018.004) and inutilização, end to
// end: the client signs the requests with the test A1 and the simulator judges them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XsdValidator } from "../../src/xsd/xsd-validator.js";
import { HAS_SHARED, SCHEMA_DIRS } from "../helpers/shared.js";
import { finalize, type Harness, startHarness } from "./helpers/harness.js";
import { templateNfce } from "./helpers/nfce-template.js";

const T0 = "2026-11-22T10:00:30Z";
const LOCAL = "2026-11-22T07:00:00-03:00";
const REASON = "Cliente desistiu da compra no caixa";

describe.skipIf(!HAS_SHARED)("simulator: events and inutilização", () => {
  let h: Harness;
  let n = 500;
  const next = () => ++n;
  beforeAll(async () => {
    h = await startHarness({ start: T0 });
  });
  afterAll(async () => h?.close());

  async function authorized(options: Parameters<typeof templateNfce>[0]) {
    const note = templateNfce(options);
    const r = await h.client.authorize(finalize(note));
    if (r.outcome !== "authorized") throw new Error(`not authorized: ${JSON.stringify(r)}`);
    return { note, nProt: r.nProt };
  }

  it("cancels within 30 minutes (135), then 573 for the same event, and the consultation shows it (101)", async () => {
    h.clock.set(T0);
    const { note, nProt } = await authorized({ dhEmi: LOCAL, nNF: next() });
    h.clock.advance(29 * 60_000);
    const r = await h.client.cancel({
      chave: note.chave,
      nProt,
      xJust: REASON,
      dhEvento: "2026-11-22T07:29:00-03:00",
    });
    expect(r).toMatchObject({ outcome: "registered", cStat: "135" });
    if (r.outcome !== "registered") return;
    expect(r.nProt).toMatch(/^[0-9]{15}$/);
    const xsd = new XsdValidator(SCHEMA_DIRS.PL_009_V4);
    expect(await xsd.validate(r.procEventoXml, "procEventoCancNFe")).toEqual({ valid: true, errors: [] });
    const again = await h.client.cancel({
      chave: note.chave,
      nProt,
      xJust: REASON,
      dhEvento: "2026-11-22T07:29:30-03:00",
    });
    expect(again).toMatchObject({ outcome: "rejected", cStat: "573" });
    const c = await h.client.consult(note.chave);
    expect(c).toMatchObject({ outcome: "cancelled", cStat: "101" });
    if (c.outcome === "cancelled") expect(c.eventsXml[0]).toContain(r.nProt);
  });

  it("refuses a cancellation after 30 minutes (501), with a wrong nProt (222), for an unknown key (494)", async () => {
    h.clock.set(T0);
    const { note, nProt } = await authorized({ dhEmi: LOCAL, nNF: next() });
    const wrong = `${nProt.slice(0, -1)}${(Number(nProt.slice(-1)) + 1) % 10}`;
    expect(
      await h.client.cancel({ chave: note.chave, nProt: wrong, xJust: REASON, dhEvento: LOCAL }),
    ).toMatchObject({ cStat: "222" });
    h.clock.advance(31 * 60_000);
    const late = await h.client.cancel({
      chave: note.chave,
      nProt,
      xJust: REASON,
      dhEvento: "2026-11-22T07:31:00-03:00",
    });
    expect(late).toMatchObject({ outcome: "rejected", cStat: "501", action: "give-up" });
    const unknown = templateNfce({ dhEmi: LOCAL, nNF: next() });
    expect(
      await h.client.cancel({
        chave: unknown.chave,
        nProt,
        xJust: REASON,
        dhEvento: "2026-11-22T07:31:00-03:00",
      }),
    ).toMatchObject({ cStat: "494" });
  });

  it("cancels by substitution when the offline note repeats the sale (135), and applies rules 920 and 915", async () => {
    h.clock.set(T0);
    const original = await authorized({ dhEmi: LOCAL, nNF: next() });
    const substitute = await authorized({ dhEmi: LOCAL, nNF: next(), tpEmis: 9 });
    const otherValue = await authorized({ dhEmi: LOCAL, nNF: next(), tpEmis: 9, priceCents: 999 });
    const onlineRef = await authorized({ dhEmi: LOCAL, nNF: next() });
    h.clock.advance(3 * 3600_000);
    const base = {
      chave: original.note.chave,
      nProt: original.nProt,
      xJust: REASON,
      dhEvento: "2026-11-22T10:00:00-03:00",
    };
    expect(await h.client.cancelBySubstitution({ ...base, chNFeRef: onlineRef.note.chave })).toMatchObject({
      cStat: "920",
    });
    expect(await h.client.cancelBySubstitution({ ...base, chNFeRef: otherValue.note.chave })).toMatchObject({
      cStat: "915",
    });
    const r = await h.client.cancelBySubstitution({ ...base, chNFeRef: substitute.note.chave });
    expect(r).toMatchObject({ outcome: "registered", cStat: "135" });
    if (r.outcome === "registered") {
      const xsd = new XsdValidator(SCHEMA_DIRS.PL_009_V4);
      expect((await xsd.validate(r.procEventoXml, "procEventoCancSubst")).errors).toEqual([]);
    }
  });

  it("refuses 110112 when the substitute is not authorized (912) or was issued more than 2 h later (914)", async () => {
    h.clock.set(T0);
    const original = await authorized({ dhEmi: LOCAL, nNF: next() });
    const notSent = templateNfce({ dhEmi: LOCAL, nNF: next(), tpEmis: 9 });
    const base = { chave: original.note.chave, nProt: original.nProt, xJust: REASON, dhEvento: LOCAL };
    expect(await h.client.cancelBySubstitution({ ...base, chNFeRef: notSent.chave })).toMatchObject({
      cStat: "912",
    });
    h.clock.set("2026-11-22T13:00:30Z");
    const later = await authorized({ dhEmi: "2026-11-22T10:00:00-03:00", nNF: next(), tpEmis: 9 });
    expect(
      await h.client.cancelBySubstitution({
        ...base,
        dhEvento: "2026-11-22T10:00:10-03:00",
        chNFeRef: later.note.chave,
      }),
    ).toMatchObject({ cStat: "914" });
  });

  it("inutilizes a gap (102) with a valid procInutNFe; then 206 for the same range, 256 overlapping, 241 for a used number", async () => {
    h.clock.set(T0);
    const r = await h.client.inutilize({
      series: 1,
      nNFIni: 900,
      nNFFin: 905,
      year: 2026,
      xJust: "Falha no sistema pulou a numeracao",
    });
    expect(r).toMatchObject({ outcome: "done", cStat: "102" });
    if (r.outcome === "done") {
      expect(r.nProt).toMatch(/^[0-9]{15}$/);
      const xsd = new XsdValidator(SCHEMA_DIRS.PL_009_V4);
      expect((await xsd.validate(r.procInutNFeXml, "procInutNFe")).errors).toEqual([]);
    }
    const again = {
      series: 1,
      nNFIni: 900,
      nNFFin: 905,
      year: 2026,
      xJust: "Falha no sistema pulou a numeracao",
    };
    expect(await h.client.inutilize(again)).toMatchObject({
      outcome: "rejected",
      cStat: "206",
      action: "give-up",
    });
    expect(await h.client.inutilize({ ...again, nNFIni: 905, nNFFin: 910 })).toMatchObject({ cStat: "256" });
    const used = await authorized({ dhEmi: LOCAL, nNF: next() });
    expect(await h.client.inutilize({ ...again, nNFIni: n, nNFFin: n })).toMatchObject({ cStat: "241" });
    expect(used.nProt).toBeTruthy();
  });
});
