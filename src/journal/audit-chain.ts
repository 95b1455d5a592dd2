// Hash chain over the append-only audit log. Each row's hash covers the previous hash, the row's
// fields and the SHA-256 of any document bytes the row stored, so editing a stored document, an
// audit row, or deleting a row in the middle breaks the chain (verify.ts).
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditFields {
  seq: number;
  at: string;
  who: string;
  action: string;
  chave: string | null;
  detail: string;
  docSha256: string | null;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export function auditHash(prevHash: string, row: AuditFields): string {
  const body = JSON.stringify([row.seq, row.at, row.who, row.action, row.chave, row.detail, row.docSha256]);
  return sha256Hex(`${prevHash}\n${body}`);
}
