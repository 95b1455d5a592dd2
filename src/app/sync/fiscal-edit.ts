// Corrections an operator may make to the items of a rejected offline note before it is rebuilt with
// the same key ([A4] §3, §5: the number, key and cNF stay). Only the tax classification, which the
// DANFE NFC-e does not print: the receipt already in the customer's hands still tells the truth
// (description, quantity, prices and payments are never edited). The edited sale goes through
// parseSale and the pre-print gate like a new one.
import { KioskError } from "../../errors.js";

/** The fields that may change, per item (the rest of the item is kept as sold). */
export const EDITABLE_FIELDS = ["ncm", "cest", "cfop", "tax"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface ItemCorrection {
  /** 0-based position in the sale's items. */
  index: number;
  ncm?: string;
  /** null removes the CEST. */
  cest?: string | null;
  cfop?: string;
  tax?: Record<string, unknown>;
}

export interface FieldChange {
  index: number;
  field: EditableField;
  before: unknown;
  after: unknown;
}

function refuse(message: string, field: string, operatorMessage: string): never {
  throw new KioskError("KIOSK_ERR_INPUT_INVALID", message, { field, operatorMessage });
}

/** Reads the corrections of a request body (English errors for integrators, pt-BR for the panel). */
export function parseCorrections(raw: unknown): ItemCorrection[] {
  if (!Array.isArray(raw) || raw.length === 0)
    refuse("items must be a non-empty array of corrections", "items", "Nenhuma correção informada.");
  return raw.map((entry, i) => {
    const field = `items[${i}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry))
      refuse(`${field} must be an object`, field, "Correção ilegível.");
    const o = entry as Record<string, unknown>;
    for (const key of Object.keys(o))
      if (key !== "index" && !(EDITABLE_FIELDS as readonly string[]).includes(key))
        refuse(
          `${field}.${key} cannot be corrected (only ${EDITABLE_FIELDS.join(", ")}: the receipt already printed shows the rest)`,
          `${field}.${key}`,
          "Só NCM, CEST, CFOP e tributação podem ser corrigidos: o resto já está impresso no cupom.",
        );
    if (!Number.isInteger(o["index"]) || (o["index"] as number) < 0)
      refuse(`${field}.index must be a non-negative integer`, `${field}.index`, "Item inválido.");
    const correction: ItemCorrection = { index: o["index"] as number };
    for (const key of ["ncm", "cfop"] as const) {
      if (o[key] === undefined) continue;
      if (typeof o[key] !== "string")
        refuse(`${field}.${key} must be a string`, `${field}.${key}`, `${key.toUpperCase()} inválido.`);
      correction[key] = (o[key] as string).trim();
    }
    if (o["cest"] !== undefined) {
      if (o["cest"] !== null && typeof o["cest"] !== "string")
        refuse(`${field}.cest must be a string or null`, `${field}.cest`, "CEST inválido.");
      correction.cest = o["cest"] === null ? null : (o["cest"] as string).trim();
    }
    if (o["tax"] !== undefined) {
      if (typeof o["tax"] !== "object" || o["tax"] === null || Array.isArray(o["tax"]))
        refuse(`${field}.tax must be an object`, `${field}.tax`, "Tributação inválida.");
      correction.tax = o["tax"] as Record<string, unknown>;
    }
    if (Object.keys(correction).length === 1)
      refuse(`${field} changes nothing`, field, "Correção sem nenhum campo alterado.");
    return correction;
  });
}

/**
 * The sale with the corrections applied (a new object; the stored one is untouched) and what changed.
 * A field set to the value it already has is not a change; a correction that changes nothing at all
 * is refused, so a resend never pretends to fix what it did not.
 */
export function applyCorrections(
  sale: unknown,
  corrections: readonly ItemCorrection[],
): { sale: Record<string, unknown>; changes: FieldChange[] } {
  const original = sale as { items?: unknown };
  if (!Array.isArray(original.items)) refuse("the stored sale has no items", "items", "Venda sem itens.");
  const items = original.items.map((item) => ({ ...(item as Record<string, unknown>) }));
  const changes: FieldChange[] = [];
  for (const c of corrections) {
    const item = items[c.index];
    if (!item)
      refuse(
        `items[${c.index}] does not exist (the sale has ${items.length} items)`,
        "index",
        `O item ${c.index + 1} não existe nesta venda.`,
      );
    for (const field of EDITABLE_FIELDS) {
      const after = c[field];
      if (after === undefined) continue;
      const before = item[field];
      if (JSON.stringify(before) === JSON.stringify(after ?? undefined)) continue;
      if (after === null) delete item[field];
      else item[field] = after;
      changes.push({ index: c.index, field, before: before ?? null, after });
    }
  }
  if (changes.length === 0)
    refuse(
      "the corrections change nothing in the stored sale",
      "items",
      "Os valores informados são iguais aos da nota: nada a corrigir.",
    );
  return { sale: { ...(sale as Record<string, unknown>), items }, changes };
}
