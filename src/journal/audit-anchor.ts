// The chain's head, copied to the second location at every backup. Someone holding only the card
// can rewrite the chain consistently, or drop its last rows; the anchor on the USB stick (or second
// partition) still remembers which hash row N had.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileDurable } from "./durable-file.js";
import type { Problem } from "./types.js";

export interface AuditHead {
  seq: number;
  hash: string;
}

export const ANCHOR_FILE = "journal-anchor.json";

export function writeAnchor(dir: string, head: AuditHead, at: string): void {
  writeFileDurable(join(dir, ANCHOR_FILE), `${JSON.stringify({ ...head, at })}\n`);
}

export function readAnchor(dir: string): (AuditHead & { at?: string }) | undefined {
  const path = join(dir, ANCHOR_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const a = JSON.parse(readFileSync(path, "utf8")) as { seq?: unknown; hash?: unknown; at?: string };
    return typeof a.seq === "number" && typeof a.hash === "string"
      ? { seq: a.seq, hash: a.hash, at: a.at ?? "" }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Compares the chain with the anchor; `hashAt(seq)` is the journal's hash of row seq, if it exists. */
export function checkAnchor(
  anchor: AuditHead & { at?: string },
  hashAt: (seq: number) => string | undefined,
): Problem[] {
  const hash = hashAt(anchor.seq);
  if (hash === undefined)
    return [
      {
        kind: "audit-anchor",
        message: `history ends before row ${anchor.seq}, which the backup anchor of ${anchor.at} recorded`,
      },
    ];
  if (hash !== anchor.hash)
    return [
      {
        kind: "audit-anchor",
        message: `history up to row ${anchor.seq} was rewritten since the backup anchor of ${anchor.at}`,
      },
    ];
  return [];
}
