// Low-level writes shared by every journal operation: append-only documents and the audit chain.
// Callers run these inside their own db.transaction so that a note, its bytes and its audit row
// commit together or not at all.
import type Database from "better-sqlite3";
import { auditHash, GENESIS_HASH, sha256Hex } from "./audit-chain.js";
import type { DocumentCodec } from "./document-codec.js";

const SPLICE = "splice+";
/** `dict<id>+<encoding>`: deflated against document <id> (stored without a dictionary) as dictionary. */
const DICT = /^dict([0-9]+)\+/;
/** The documents every sale stores: each is deflated against the previous one of its kind. */
const DICTIONARY_KINDS: ReadonlySet<DocumentKind> = new Set(["nfe", "receipt", "sale"]);
/**
 * A dictionary serves at most this many documents: a damaged dictionary row makes its dependents
 * unreadable, so the damage stays within one day or two of sales (a new dictionary costs ~3 kB).
 */
const DICTIONARY_USES = 200;
/** Dictionaries kept in memory while reading (verify and export read them in id order). */
const DICTIONARY_CACHE = 8;
/** Against a dictionary, level 3 is within 2 % of level 6's size (525 vs 518 B for a 10-item NFC-e) at 2/3 of its CPU. */
const DICTIONARY_LEVEL = 3;

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

/** The newest audit row: the next row chains to it. */
interface AuditHeadRow {
  seq: number;
  hash: string;
  atMs: number;
}

/**
 * Append-only documents and the audit chain. It remembers the chain's head, the clock floor and the
 * plain bytes stored by the current transaction; `forget()` drops them (the writer calls it when a
 * transaction fails or another connection wrote), and they are read again from the tables.
 */
export class JournalStore {
  private readonly insertDoc: Database.Statement;
  private readonly selectDoc: Database.Statement;
  private readonly lastAudit: Database.Statement;
  private readonly insertAudit: Database.Statement;
  private readonly selectFloor: Database.Statement;
  private readonly upsertFloor: Database.Statement;
  /** undefined: not known, read the table; null: the audit table is empty. */
  private head: AuditHeadRow | null | undefined;
  private floorMs: number | null | undefined;
  /** Plain bytes stored by the open transaction, by id (the sale path reads its note back to print it). */
  private readonly recent = new Map<number, Buffer>();
  /** Per kind, the document new ones are deflated against (chosen by this process, see putDocument). */
  private readonly anchors = new Map<
    DocumentKind,
    { id: number; bytes: Buffer; ratio: number; uses: number }
  >();
  /** Plain bytes of documents used as dictionaries, by id. */
  private readonly dictionaries = new Map<number, Buffer>();

  constructor(
    readonly db: Database.Database,
    readonly codec: DocumentCodec,
  ) {
    this.insertDoc = db.prepare(
      "INSERT INTO documents (kind, chave, sha256, encoding, bytes) VALUES (?, ?, ?, ?, ?)",
    );
    this.selectDoc = db.prepare("SELECT encoding, bytes, sha256 FROM documents WHERE id = ?");
    this.lastAudit = db.prepare("SELECT seq, hash, at FROM audit ORDER BY seq DESC LIMIT 1");
    this.insertAudit = db.prepare(
      "INSERT INTO audit (seq, at, who, action, chave, detail, doc_sha256, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.selectFloor = db.prepare("SELECT ms FROM time_floor WHERE id = 1").pluck();
    this.upsertFloor = db.prepare(
      "INSERT INTO time_floor (id, ms) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET ms = excluded.ms",
    );
  }

  /** Drops what it remembers; the next use reads the tables. */
  forget(): void {
    this.head = undefined;
    this.floorMs = undefined;
    this.recent.clear();
    // A rolled-back document's id can be given to another document: forget ids too.
    this.anchors.clear();
    this.dictionaries.clear();
  }

  /** The open transaction ended: its documents are read from the table again. */
  endTransaction(): void {
    this.recent.clear();
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
    const bytes =
      typeof plain === "string"
        ? Buffer.from(plain, "utf8")
        : Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
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
      const found = DICTIONARY_KINDS.has(kind) ? this.anchors.get(kind) : undefined;
      const anchor = found && found.uses < DICTIONARY_USES ? found : undefined;
      const against = anchor && this.codec.encode(bytes, anchor.bytes, DICTIONARY_LEVEL);
      // Kept while the dictionary at least halves what deflate alone gave its anchor; otherwise
      // (a new certificate, another layout) this document becomes the kind's new anchor.
      if (anchor && against && against.bytes.length <= (bytes.length * anchor.ratio) / 2) {
        anchor.uses++;
        encoding = `dict${anchor.id}+${against.encoding}`;
        stored = against.bytes;
      } else {
        const encoded = this.codec.encode(bytes);
        encoding = encoded.encoding;
        stored = encoded.bytes;
      }
    }
    const id = Number(this.insertDoc.run(kind, chave, sha256, encoding, stored).lastInsertRowid);
    if (DICTIONARY_KINDS.has(kind) && baseId === undefined && !encoding.startsWith("dict")) {
      const copy = Buffer.from(bytes);
      this.anchors.set(kind, { id, bytes: copy, ratio: stored.length / Math.max(1, bytes.length), uses: 0 });
      this.remember(id, copy);
    }
    // A copy: the caller may reuse its Uint8Array after the call.
    this.recent.set(id, typeof plain === "string" ? bytes : Buffer.from(bytes));
    return { id, sha256 };
  }

  readDocument(id: number): Buffer {
    const fresh = this.recent.get(id);
    if (fresh) return Buffer.from(fresh);
    const row = this.selectDoc.get(id) as { encoding: string; bytes: Buffer } | undefined;
    if (!row) throw new Error(`document ${id} is missing`);
    const dict = DICT.exec(row.encoding);
    if (dict) {
      const dictId = Number(dict[1]);
      if (dictId >= id) throw new Error(`document ${id} refers to a later document`);
      return this.codec.decode(row.encoding.slice(dict[0].length), row.bytes, this.dictionary(dictId));
    }
    if (!row.encoding.startsWith(SPLICE)) return this.codec.decode(row.encoding, row.bytes);
    const wrapper = this.codec.decode(row.encoding.slice(SPLICE.length), row.bytes);
    const baseId = wrapper.readUInt32BE(0);
    const at = wrapper.readUInt32BE(4);
    if (baseId >= id) throw new Error(`document ${id} refers to a later document`);
    const rest = wrapper.subarray(8);
    return Buffer.concat([rest.subarray(0, at), this.readDocument(baseId), rest.subarray(at)]);
  }

  private remember(id: number, bytes: Buffer): void {
    this.dictionaries.set(id, bytes);
    for (const old of this.dictionaries.keys()) {
      if (this.dictionaries.size <= DICTIONARY_CACHE) break;
      this.dictionaries.delete(old);
    }
  }

  private dictionary(id: number): Buffer {
    let bytes = this.dictionaries.get(id);
    if (bytes === undefined) {
      bytes = this.readDocument(id);
      this.remember(id, bytes);
    }
    return bytes;
  }

  private auditHead(): AuditHeadRow | null {
    if (this.head === undefined) {
      const r = this.lastAudit.get() as { seq: number; hash: string; at: string } | undefined;
      this.head = r === undefined ? null : { seq: r.seq, hash: r.hash, atMs: Date.parse(r.at) };
    }
    return this.head;
  }

  /** The seq the next audit row gets: rows written for it carry it in audit_seq. */
  nextSeq(): number {
    return (this.auditHead()?.seq ?? 0) + 1;
  }

  /** The newest instant recorded (ms): max(last audit row's at, time_floor), see audit(). */
  newestMs(): number | undefined {
    if (this.floorMs === undefined) this.floorMs = (this.selectFloor.get() as number | undefined) ?? null;
    const head = this.auditHead();
    if (head === null) return this.floorMs ?? undefined;
    return this.floorMs === null ? head.atMs : Math.max(head.atMs, this.floorMs);
  }

  /**
   * Appends one chained audit row; returns its seq. `instantMs` is another instant this row records
   * (a note's dhEmi). The clock floor is max(last row's at, time_floor): when this row's `at` is older
   * than the newest instant recorded (the clock stepped back, or dhEmi is ahead), time_floor keeps it.
   */
  audit(
    at: string,
    who: string,
    action: string,
    chave: string | null,
    detail: Record<string, unknown>,
    docs: readonly StoredDocument[] = [],
    instantMs?: number,
  ): number {
    const last = this.auditHead();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const atMs = Date.parse(at);
    const newest = Math.max(this.newestMs() ?? -Infinity, instantMs ?? -Infinity);
    if (newest > atMs) {
      this.upsertFloor.run(newest);
      this.floorMs = newest;
    }
    let docSha256: string | null = null;
    for (const d of docs) docSha256 = docSha256 === null ? d.sha256 : `${docSha256},${d.sha256}`;
    const detailText = JSON.stringify(detail);
    const hash = auditHash(prevHash, { seq, at, who, action, chave, detail: detailText, docSha256 });
    this.insertAudit.run(seq, at, who, action, chave, detailText, docSha256, prevHash, hash);
    this.head = { seq, hash, atMs };
    return seq;
  }
}
