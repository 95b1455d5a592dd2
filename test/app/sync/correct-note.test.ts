// A correction rebuilds a rejected offline note under the same key ([A4] §3, §5) and never changes
// what the customer's receipt shows: a rebuilt note whose vNF differs is refused with nothing stored
// ([MAN6] §3.1.3 prints the total), whoever asked for it.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { KioskCore } from "../../../src/app/open-core.js";
import { correctOfflineNote } from "../../../src/app/sync/correct-note.js";
import { KioskError } from "../../../src/errors.js";
import { SALE_SN } from "../../fiscal/document/sample-data.js";
import { HAS_SHARED } from "../../helpers/shared.js";
import { openOfflineCore } from "../helpers/offline-core.js";

let dir: string | undefined;
let core: KioskCore | undefined;
afterEach(() => {
  core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAS_SHARED)("correctOfflineNote", () => {
  async function rejectedNote() {
    const opened = await openOfflineCore("correct-", "2026-11-23T15:00:00Z");
    dir = opened.dir;
    core = opened.core;
    const sold = await core.pipeline.emit(SALE_SN, { offline: true });
    core.journal.transition(sold.chave, "transmitting", { reason: "drain" }, "sync");
    core.journal.transition(sold.chave, "rejected", { cStat: "778", xMotivo: "NCM inexistente" }, "sefaz");
    return core.journal.getNote(sold.chave)!;
  }

  const deps = () => ({
    config: core!.config,
    journal: core!.journal,
    identity: core!.identity,
    now: core!.clock.now(),
  });

  it("refuses a rebuilt note whose total differs from the printed one, and stores nothing", async () => {
    const note = await rejectedNote();
    const signed = core!.journal.getDocument(note.chave, "nfe")!;
    const sale = structuredClone(SALE_SN) as { items: Array<{ unitPrice: number }> };
    sale.items[0]!.unitPrice += 1;
    const error = await correctOfflineNote(note, deps(), { sale, who: "super" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).code).toBe("KIOSK_ERR_INPUT_INVALID");
    expect((error as KioskError).operatorMessage).toContain("total já impresso");
    expect(core!.journal.getNote(note.chave)?.state).toBe("rejected");
    expect(core!.journal.getDocument(note.chave, "nfe")!.equals(signed)).toBe(true);
  });

  it("stores the corrected sale with the rebuilt note, same key, and puts it back in the queue", async () => {
    const note = await rejectedNote();
    const sale = structuredClone(SALE_SN) as { items: Array<{ ncm: string }> };
    sale.items[0]!.ncm = "21011110";
    const stored = await correctOfflineNote(note, deps(), { sale, who: "super" });
    expect(stored).toMatchObject({ chave: note.chave, state: "pending", vNF: note.vNF });
    expect(core!.journal.getDocument(note.chave, "nfe")!.toString("utf8")).toContain("<NCM>21011110</NCM>");
    expect(JSON.parse(core!.journal.getDocument(note.chave, "sale")!.toString("utf8"))).toEqual(sale);
    expect(core!.journal.verify().ok).toBe(true);
  });
});
