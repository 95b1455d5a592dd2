// What an authorized note costs on the card: the journal's stored rows (deflated; the nfeProc is
// stored as its wrapper only, spliced around the signed NFe on read) against the raw XML sizes.
import Database from "better-sqlite3";
import { systemClock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import { DocumentCodec } from "../journal/document-codec.js";
import { openDatabase } from "../journal/open-database.js";
import { SqliteJournal } from "../journal/sqlite-journal.js";
import { JOURNAL_PATH } from "./bench-config.js";

export interface StorageResult {
  authorizedNotes: number;
  /** Mean bytes of every document row of one authorized note (NFe, nfeProc, sale, receipt). */
  storedBytesPerNote: number;
  /** Mean plain size of the same documents. */
  rawBytesPerNote: number;
  /** Mean plain nfeProc (what the accountant gets) and what the journal stores for NFe + nfeProc. */
  nfeProcRawBytes: number;
  nfeProcStoredBytes: number;
}

export function measureStorage(config: ResolvedConfig): StorageResult {
  const path = JOURNAL_PATH(config);
  const journal = new SqliteJournal(openDatabase(path), new DocumentCodec(undefined), systemClock);
  const sizes = new Database(path, { readonly: true });
  try {
    const notes = journal.listNotes({ status: "authorized" });
    if (notes.length === 0)
      return {
        authorizedNotes: 0,
        storedBytesPerNote: 0,
        rawBytesPerNote: 0,
        nfeProcRawBytes: 0,
        nfeProcStoredBytes: 0,
      };
    const stored = sizes.prepare(
      "SELECT coalesce(sum(length(bytes)), 0) AS n FROM documents WHERE chave = ?",
    );
    const storedKinds = sizes.prepare(
      "SELECT coalesce(sum(length(bytes)), 0) AS n FROM documents WHERE chave = ? AND kind IN ('nfe', 'nfe-proc')",
    );
    let storedAll = 0;
    let rawAll = 0;
    let procRaw = 0;
    let procStored = 0;
    for (const n of notes) {
      storedAll += (stored.get(n.chave) as { n: number }).n;
      procStored += (storedKinds.get(n.chave) as { n: number }).n;
      for (const kind of ["nfe", "nfe-proc", "sale", "receipt"] as const) {
        const len = journal.getDocument(n.chave, kind)?.length ?? 0;
        rawAll += len;
        if (kind === "nfe-proc") procRaw += len;
      }
    }
    const mean = (v: number) => Math.round(v / notes.length);
    return {
      authorizedNotes: notes.length,
      storedBytesPerNote: mean(storedAll),
      rawBytesPerNote: mean(rawAll),
      nfeProcRawBytes: mean(procRaw),
      nfeProcStoredBytes: mean(procStored),
    };
  } finally {
    sizes.close();
    journal.close();
  }
}
