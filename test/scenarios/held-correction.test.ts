// "Corrigir itens": SEFAZ rejects an offline note for its content (778, NCM inexistente). The sync
// engine holds it; the supervisor corrects the item's NCM from the panel's API, and the note is rebuilt
// with the same number, key and cNF ([A4] §3, §5), re-signed, authorized, and the receipt already
// printed stays true: only fields the DANFE does not print may change ([MAN6] §3.1.2, §3.1.3).
import { afterEach, describe, expect, it } from "vitest";
import { HAS_SHARED } from "../helpers/shared.js";
import { CASHIER, type Scenario, startScenario } from "./helpers/scenario-harness.js";
import { expectSettled } from "./helpers/settled.js";

describe.skipIf(!HAS_SHARED)("scenario: a content rejection corrected by an operator", () => {
  let s: Scenario;
  afterEach(async () => {
    await s?.close();
  });

  it("778: the NCM is corrected, the key and the printed receipt stay, SEFAZ authorizes", async () => {
    s = await startScenario({ onlineWaitMs: 2000 });
    await s.untilStatus((st) => st.mode === "online");
    const supervisor = await s.login();
    const enter = { action: "enter", reason: "Teste de correcao de itens rejeitados" };
    expect((await s.api("POST", "/api/contingency", enter, supervisor)).status).toBe(200);
    const cashier = await s.login(CASHIER);
    const sold = await s.sell(700, cashier);
    expect(sold.body).toMatchObject({ tpEmis: 9, status: "pending" });
    const chave = sold.body.chave as string;
    const journal = s.running.core.journal;
    const printed = journal.getDocument(chave, "receipt")!;

    await s.setFault({ mode: "reject", cStat: 778 });
    await s.api("POST", "/api/contingency", { action: "exit", reason: "SEFAZ respondendo" }, supervisor);
    await s.api("POST", "/api/sync", undefined, supervisor);
    const held = (await s.api("GET", "/api/held", undefined, supervisor)).body;
    expect(held).toEqual([expect.objectContaining({ chave, reason: expect.stringMatching(/778/) })]);
    await s.setFault({ mode: "normal" });

    const items = await s.api("GET", `/api/held/${chave}/items`, undefined, supervisor);
    expect(items.body).toEqual([
      {
        index: 0,
        code: "1001",
        description: "CAFE TORRADO 500G",
        ncm: "09012100",
        cest: null,
        cfop: "5102",
        tax: { origin: 0, csosn: "102" },
      },
    ]);
    // A cashier may not; the description is on the printed receipt; an NCM must be 8 digits.
    const asCashier = await s.api(
      "POST",
      "/api/held/correct",
      { chave, items: [{ index: 0, ncm: "21011110" }] },
      cashier,
    );
    expect(asCashier.status).toBe(403);
    const printedField = await s.api(
      "POST",
      "/api/held/correct",
      { chave, items: [{ index: 0, description: "CHA MATE" }] },
      supervisor,
    );
    expect(printedField.status).toBe(400);
    expect(printedField.body.error.message).toContain("only ncm, cest, cfop, tax");
    const badNcm = await s.api(
      "POST",
      "/api/held/correct",
      { chave, items: [{ index: 0, ncm: "2101" }] },
      supervisor,
    );
    expect(badNcm.status).toBe(400);
    expect(badNcm.body.error.field).toBe("items[0].ncm");
    expect(journal.getNote(chave)?.state).toBe("rejected"); // nothing stored by the refusals

    const corrected = await s.api(
      "POST",
      "/api/held/correct",
      { chave, items: [{ index: 0, ncm: "21011110" }] },
      supervisor,
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body).toEqual({
      chave,
      changes: [{ index: 0, field: "ncm", before: "09012100", after: "21011110" }],
    });
    expect((await s.api("GET", "/api/held", undefined, supervisor)).body).toEqual([]);
    expect(journal.getNote(chave)?.state).toBe("pending");

    const round = await s.api("POST", "/api/sync", undefined, supervisor);
    expect(round.body).toMatchObject({ authorized: 1, pending: 0, rejected: 0 });
    const note = (await s.notes()).find((n) => n.chave === chave);
    expect(note).toMatchObject({ status: "authorized", nNF: sold.body.nNF, tpEmis: 9 });
    const proc = journal.getDocument(chave, "nfe-proc")!.toString("utf8");
    expect(proc).toContain("<NCM>21011110</NCM>");
    expect(proc).toContain("<vNF>7.00</vNF>");
    expect(JSON.parse(journal.getDocument(chave, "sale")!.toString("utf8")).items[0].ncm).toBe("21011110");
    expect(journal.getDocument(chave, "receipt")!.equals(printed)).toBe(true);
    const history = journal.history(chave).filter((h) => h.who === "super");
    expect(history.map((h) => h.detail["reason"])).toContain(
      "sale corrected by an operator, rebuilt and re-signed",
    );
    const again = await s.api(
      "POST",
      "/api/held/correct",
      { chave, items: [{ index: 0, ncm: "09012100" }] },
      supervisor,
    );
    expect(again.status).toBe(404);
    await expectSettled(s, [chave]);
  });
});
