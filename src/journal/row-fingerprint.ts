// A row's fingerprint: recorded in the audit row that wrote the row's current content, so that
// editing a note, gap, event or inutilização row by hand is detected by verify.
import { sha256Hex } from "./audit-chain.js";

export function rowFingerprint(row: Record<string, unknown>): string {
  const keys = Object.keys(row)
    .filter((k) => k !== "audit_seq")
    .sort();
  return sha256Hex(JSON.stringify(keys.map((k) => [k, row[k] ?? null])));
}

export type FingerprintKey =
  | `notes:${string}`
  | `gaps:${number}`
  | `events:${number}`
  | `inutilizacoes:${number}`;
