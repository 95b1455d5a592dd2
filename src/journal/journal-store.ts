// Low-level writes shared by every journal operation: append-only documents and the audit chain.
// Callers run these inside their own db.transaction so that a note, its bytes and its audit row
// commit together or not at all.
import type Database from "better-sqlite3";
import { auditHash, GENESIS_HASH, sha256Hex } from "./audit-chain.js";
import type { DocumentCodec } from "./document-codec.js";

export type DocumentKind =
  | "nfe"
  | "nfe-corrected"
  | "receipt"
  | "nfe-proc"
  | "sale"
  | "customer-doc"
  | "event"
  | "event-proc"
  | "inut"
  | "inut-proc";

export interface StoredDocument {
  id: number;
  sha256: string;
}

export class JournalStore {
  private readonly insertDoc: Database.Statement;
  private readonly selectDoc: Database.Statement;
  private readonly lastAudit: Database.Statement;
  private readonly insertAudit: Database.Statement;

  constructor(
    readonly db: Database.Database,
    readonly codec: DocumentCodec,
  ) {
    this.insertDoc = db.prepare(
      "INSERT INTO documents (kind, chave, sha256, encoding, bytes) VALUES (?, ?, ?, ?, ?)",
    );
    this.selectDoc = db.prepare("SELECT encoding, bytes, sha256 FROM documents WHERE id = ?");
    this.lastAudit = db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    this.insertAudit = db.prepare(
      "INSERT INTO audit (seq, at, who, action, chave, detail, doc_sha256, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
  }

  putDocument(kind: DocumentKind, chave: string | null, plain: string | Uint8Array): StoredDocument {
    const bytes = typeof plain === "string" ? Buffer.from(plain, "utf8") : plain;
    const sha256 = sha256Hex(bytes);
    const encoded = this.codec.encode(bytes);
    const id = Number(
      this.insertDoc.run(kind, chave, sha256, encoded.encoding, encoded.bytes).lastInsertRowid,
    );
    return { id, sha256 };
  }

  readDocument(id: number): Buffer {
    const row = this.selectDoc.get(id) as { encoding: string; bytes: Buffer } | undefined;
    if (!row) throw new Error(`document ${id} is missing`);
    return this.codec.decode(row.encoding, row.bytes);
  }

  /** Appends one chained audit row; returns its seq. */
  audit(
    at: string,
    who: string,
    action: string,
    chave: string | null,
    detail: Record<string, unknown>,
    docs: readonly StoredDocument[] = [],
  ): number {
    const last = this.lastAudit.get() as { seq: number; hash: string } | undefined;
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const docSha256 = docs.length === 0 ? null : docs.map((d) => d.sha256).join(",");
    const detailText = JSON.stringify(detail);
    const hash = auditHash(prevHash, { seq, at, who, action, chave, detail: detailText, docSha256 });
    this.insertAudit.run(seq, at, who, action, chave, detailText, docSha256, prevHash, hash);
    return seq;
  }
}
