// A row's fingerprint: recorded in the audit row that wrote the row's current content, so that
// editing a note, gap, event or inutilização row by hand is detected by verify.
import { sha256Hex } from "./audit-chain.js";

// The sorted column list of the last row shape seen (rows of one table share it): no sort per row.
let lastColumns: string[] = [];
let lastSorted: string[] = [];

function sortedColumns(row: Record<string, unknown>): string[] {
  const columns = Object.keys(row);
  if (columns.length === lastColumns.length && columns.every((c, i) => c === lastColumns[i]))
    return lastSorted;
  lastColumns = columns;
  lastSorted = columns.filter((k) => k !== "audit_seq").sort();
  return lastSorted;
}

/** SHA-256 of the JSON of [column, value] pairs in column-name order, audit_seq left out. */
export function rowFingerprint(row: Record<string, unknown>): string {
  const pairs = sortedColumns(row).map((k) => [k, row[k] ?? null]);
  return sha256Hex(JSON.stringify(pairs));
}

export type FingerprintKey =
  | `notes:${string}`
  | `gaps:${number}`
  | `events:${number}`
  | `inutilizacoes:${number}`;
