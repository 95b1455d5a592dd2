// "Corrigir itens": an operator corrects the tax classification of a rejected offline note that the
// sync engine holds (778 NCM inexistente, a CFOP or CSOSN SEFAZ refuses), and the note is rebuilt with
// the same number, key and cNF, re-signed, gated, journaled with the corrected sale, and queued.
import { KioskError } from "../errors.js";
import type { KioskCore } from "./open-core.js";
import { correctOfflineNote } from "./sync/correct-note.js";
import { applyCorrections, type FieldChange, type ItemCorrection } from "./sync/fiscal-edit.js";

/** One item of a held note as sold: what the panel shows and what may be corrected. */
export interface HeldItem {
  index: number;
  code: string;
  description: string;
  ncm: string;
  cest: string | null;
  cfop: string;
  tax: Record<string, unknown>;
}

type CoreParts = Pick<KioskCore, "config" | "journal" | "identity" | "clock" | "xsd">;

function heldOfflineNote(core: CoreParts, chave: string, held: boolean) {
  const note = core.journal.getNote(chave);
  if (!held || note === undefined || note.state !== "rejected" || note.tpEmis !== 9)
    throw new KioskError("KIOSK_ERR_NOT_FOUND", `no rejected offline note is held under ${chave}`, {
      field: "chave",
      operatorMessage: "Esta nota não está retida por rejeição (talvez já tenha sido liberada).",
    });
  return note;
}

function storedSale(core: CoreParts, chave: string): { items: Array<Record<string, unknown>> } {
  const json = core.journal.getDocument(chave, "sale")?.toString("utf8");
  if (json === undefined)
    throw new KioskError("KIOSK_ERR_NOT_FOUND", `the sale of note ${chave} is not in the journal`, {
      field: "chave",
      operatorMessage: "A venda desta nota não está no diário: chame o técnico.",
    });
  return JSON.parse(json) as { items: Array<Record<string, unknown>> };
}

export function heldItems(core: CoreParts, chave: string, held: boolean): HeldItem[] {
  heldOfflineNote(core, chave, held);
  return storedSale(core, chave).items.map((item, index) => ({
    index,
    code: String(item["code"] ?? ""),
    description: String(item["description"] ?? ""),
    ncm: String(item["ncm"] ?? ""),
    cest: typeof item["cest"] === "string" ? item["cest"] : null,
    cfop: String(item["cfop"] ?? ""),
    tax: (item["tax"] ?? {}) as Record<string, unknown>,
  }));
}

/**
 * Applies the corrections and stores the rebuilt note (state "pending"); throws with nothing stored
 * when the corrected sale is invalid or the rebuilt note fails the gate.
 */
export async function correctHeldNote(
  core: CoreParts,
  chave: string,
  held: boolean,
  corrections: readonly ItemCorrection[],
  operator: string,
): Promise<FieldChange[]> {
  const note = heldOfflineNote(core, chave, held);
  const { sale, changes } = applyCorrections(storedSale(core, chave), corrections);
  // correctOfflineNote parses the sale before anything is stored: what the operator typed wrong is
  // refused with its field (items[0].ncm).
  await correctOfflineNote(
    note,
    {
      config: core.config,
      journal: core.journal,
      identity: core.identity,
      now: core.clock.now(),
      ...(core.xsd ? { xsd: core.xsd } : {}),
    },
    { sale, who: operator },
  );
  return changes;
}
