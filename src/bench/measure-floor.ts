// The physical floor of one offline emission: one RSA-2048 SHA-1 signature (what the A1 must do)
// plus one durable SQLite commit of the bytes the journal keeps for the note (WAL, synchronous=FULL,
// in a separate temp database). Everything above it is the pipeline's own cost.
import { createPrivateKey, randomBytes, sign } from "node:crypto";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { type Summary, summarize } from "./stats.js";

export interface FloorResult {
  /** p50 of (signature + commit) measured together. */
  floorMs: number;
  signMs: number;
  commitMs: number;
  bytes: number;
  summary: Summary;
}

/** A SignedInfo of an NFC-e is about this long (C14N, rsa-sha1, one reference). */
const SIGNED_INFO_BYTES = 600;

export function measureFloor(options: {
  dir: string;
  privateKeyPem: string;
  bytes: number;
  runs: number;
  warmup: number;
}): FloorResult {
  const key = createPrivateKey(options.privateKeyPem);
  const db = new Database(join(options.dir, `floor-${options.bytes}.db`));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    if (db.pragma("synchronous", { simple: true }) !== 2) throw new Error("synchronous=FULL refused");
    db.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL)");
    const insert = db.prepare("INSERT INTO notes (bytes) VALUES (?)");
    const signedInfo = randomBytes(SIGNED_INFO_BYTES);
    const total: number[] = [];
    const signs: number[] = [];
    const commits: number[] = [];
    for (let i = 0; i < options.warmup + options.runs; i++) {
      const payload = randomBytes(options.bytes);
      const t0 = performance.now();
      sign("sha1", signedInfo, key);
      const t1 = performance.now();
      insert.run(payload); // autocommit: one durable transaction
      const t2 = performance.now();
      if (i < options.warmup) continue;
      signs.push(t1 - t0);
      commits.push(t2 - t1);
      total.push(t2 - t0);
    }
    const summary = summarize(total);
    return {
      floorMs: summary.p50Ms,
      signMs: summarize(signs).p50Ms,
      commitMs: summarize(commits).p50Ms,
      bytes: options.bytes,
      summary,
    };
  } finally {
    db.close();
  }
}
