// Low-level writes shared by every journal operation: append-only documents and the audit chain.
// Callers run these inside their own db.transaction so that a note, its bytes and its audit row
// commit together or not at all.
import type Database from "better-sqlite3";
import { auditHash, GENESIS_HASH, sha256Hex } from "./audit-chain.js";
import type { DocumentCodec } from "./document-codec.js";

const SPLICE = "splice+";

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

  /**
   * Stores `plain` (hash over the plain bytes). With `baseId`, when `plain` contains that document's
   * bytes (an nfeProc wraps the signed NFe byte for byte) only the wrapper is stored, spliced back
   * on read: about 3 kB less per authorized note.
   */
  putDocument(
    kind: DocumentKind,
    chave: string | null,
    plain: string | Uint8Array,
    baseId?: number,
  ): StoredDocument {
    const bytes = typeof plain === "string" ? Buffer.from(plain, "utf8") : Buffer.from(plain);
    const sha256 = sha256Hex(bytes);
    let encoding: string;
    let stored: Buffer;
    const base = baseId === undefined ? undefined : this.readDocument(baseId);
    const at = base === undefined || base.length === 0 ? -1 : bytes.indexOf(base);
    if (base !== undefined && at >= 0) {
      const header = Buffer.alloc(8);
      header.writeUInt32BE(baseId!, 0);
      header.writeUInt32BE(at, 4);
      const encoded = this.codec.encode(
        Buffer.concat([header, bytes.subarray(0, at), bytes.subarray(at + base.length)]),
      );
      encoding = `${SPLICE}${encoded.encoding}`;
      stored = encoded.bytes;
    } else {
      const encoded = this.codec.encode(bytes);
      encoding = encoded.encoding;
      stored = encoded.bytes;
    }
    const id = Number(this.insertDoc.run(kind, chave, sha256, encoding, stored).lastInsertRowid);
    return { id, sha256 };
  }

  readDocument(id: number): Buffer {
    const row = this.selectDoc.get(id) as { encoding: string; bytes: Buffer } | undefined;
    if (!row) throw new Error(`document ${id} is missing`);
    if (!row.encoding.startsWith(SPLICE)) return this.codec.decode(row.encoding, row.bytes);
    const wrapper = this.codec.decode(row.encoding.slice(SPLICE.length), row.bytes);
    const baseId = wrapper.readUInt32BE(0);
    const at = wrapper.readUInt32BE(4);
    if (baseId >= id) throw new Error(`document ${id} refers to a later document`);
    const rest = wrapper.subarray(8);
    return Buffer.concat([rest.subarray(0, at), this.readDocument(baseId), rest.subarray(at)]);
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
