// The emission pipeline's outbox order (style.md §7.10; brief: "commit the intent and the exact signed
// bytes before anything leaves the kiosk"): a document the gate refuses is never recorded, printed or
// sent and its number is not consumed; an offline note's receipt bytes are journaled before they print.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { EmissionPipeline } from "../../src/app/emission.js";
import type { KioskCore } from "../../src/app/open-core.js";
import type { KioskError } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import { SALE_SN } from "../fiscal/document/sample-data.js";
import { HAS_SHARED } from "../helpers/shared.js";
import { openOfflineCore } from "./helpers/offline-core.js";

let dir: string | undefined;
let core: KioskCore | undefined;
afterEach(() => {
  core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function setup() {
  // 23:30 in São Paulo, on a UTC host
  const opened = await openOfflineCore("emission-", "2026-11-23T02:30:00Z");
  dir = opened.dir;
  core = opened.core;
  return opened;
}

describe.skipIf(!HAS_SHARED)("emission pipeline", () => {
  it("records nothing and keeps the number when the gate refuses the document", async () => {
    const { core, printer } = await setup();
    const refusingGate = new EmissionPipeline({
      config: core.config,
      journal: core.journal,
      identity: core.identity,
      clock: core.clock,
      random: () => 0.5,
      log: silentLogger,
      receipts: core.receipts,
      contingency: core.contingency,
      xsd: { validate: async () => ({ valid: false, errors: ["element 'x' not expected"] }) },
      assertSafeToEmit: async () => {},
    });
    const error = await refusingGate.emit(SALE_SN, { offline: true }).catch((e: KioskError) => e);
    expect((error as KioskError).code).toBe("KIOSK_ERR_GATE_FAILED");
    expect((error as KioskError).message).toContain("[xsd]");
    expect(core.journal.listNotes()).toEqual([]);
    expect(core.journal.nextNumber(core.config.series)).toBe(1);
    expect(printer.received).toHaveLength(0);
  });

  it("journals the note, its state and the exact receipt bytes, then prints those bytes", async () => {
    const { core, printer } = await setup();
    const result = await core.pipeline.emit(SALE_SN, { offline: true, operator: "caixa" });
    expect(result).toMatchObject({ nNF: 1, serie: 1, tpEmis: 9, status: "pending", printed: true });
    // [A4] §4 / [MOC-A1] B28: tpEmis 9 carries dhCont and xJust; 23:30 local is still the 22nd.
    const xml = core.journal.getDocument(result.chave, "nfe")!.toString("utf8");
    expect(xml).toContain("<tpEmis>9</tpEmis>");
    expect(xml).toMatch(/<dhEmi>2026-11-22T23:30:00-03:00<\/dhEmi>/);
    expect(result.chave.slice(2, 6)).toBe("2611");
    const stored = core.journal.getDocument(result.chave, "receipt")!;
    expect(printer.printed).toHaveLength(1);
    expect(Buffer.from(printer.printed[0]!).equals(stored)).toBe(true);
    // The sale renders the text it journals; a reprint renders what the journal holds: same bytes.
    expect(Buffer.from(core.receipts.render(result.chave).bytes).equals(stored)).toBe(true);
    expect(core.journal.getNote(result.chave)?.printedAt).toBeDefined();
    expect(core.journal.nextNumber(core.config.series)).toBe(2);
    expect(core.journal.verify().ok).toBe(true);
  });

  it("keeps the receipt bytes and leaves the note unprinted when the paper is out", async () => {
    const { core, printer } = await setup();
    printer.setCondition({ paperOut: true });
    const result = await core.pipeline.emit(SALE_SN, { offline: true });
    expect(result.printed).toBe(false);
    expect(core.journal.getDocument(result.chave, "receipt")).toBeDefined();
    expect(core.journal.getNote(result.chave)?.printedAt).toBeUndefined();
    expect(core.journal.recoveryPlan().reprint.map((n) => n.chave)).toEqual([result.chave]);
  });
});
