// Documents at rest: compressed (5-year retention of nfeProc) and, with a data key, sealed so that a
// stolen card or backup does not give away the consumer's CPF. Also measures the cost of both.
import { randomBytes } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { loadDataKey } from "../../src/journal/data-key.js";
import { DocumentCodec } from "../../src/journal/document-codec.js";
import { fakeNfeProc, fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";
import { REPO_ROOT } from "./helpers/transpile.js";

const SAMPLE = readFileSync(join(REPO_ROOT, "test/fixtures/journal/nfce-signed-sample.xml"), "utf8");
const CPF = "12345678909";
let t: TempJournal | undefined;
afterEach(() => t?.cleanup());

function cpfNote() {
  const n = fakeNote(1, 1, 9, { customerDoc: CPF, saleJson: JSON.stringify({ customer: { cpf: CPF } }) });
  return { ...n, xml: n.xml.replace("<total>", `<dest><CPF>${CPF}</CPF></dest><total>`) };
}

/** What a thief with the card gets: every document blob, inflated when possible. */
function blobsReadableWithoutKey(dataDir: string): string {
  const db = new Database(join(dataDir, "journal.db"), { readonly: true });
  const texts = (db.prepare("SELECT bytes FROM documents").all() as Array<{ bytes: Buffer }>).map((r) => {
    try {
      return inflateRawSync(r.bytes).toString("latin1");
    } catch {
      return r.bytes.toString("latin1");
    }
  });
  db.close();
  return texts.join("\n");
}

describe("document storage", () => {
  it("round-trips bytes exactly, compressed and sealed", () => {
    const key = randomBytes(32);
    for (const codec of [new DocumentCodec(undefined), new DocumentCodec(key)]) {
      const e = codec.encode(Buffer.from(SAMPLE));
      expect(codec.decode(e.encoding, e.bytes).toString("utf8")).toBe(SAMPLE);
    }
    const sealed = new DocumentCodec(key).encode(Buffer.from(SAMPLE));
    expect(() => new DocumentCodec(randomBytes(32)).decode(sealed.encoding, sealed.bytes)).toThrow();
    expect(() => new DocumentCodec(undefined).decode(sealed.encoding, sealed.bytes)).toThrow(/no data key/);
    // A flipped bit in a sealed document is caught by GCM, not silently inflated.
    sealed.bytes[sealed.bytes.length - 1]! ^= 1;
    expect(() => new DocumentCodec(key).decode(sealed.encoding, sealed.bytes)).toThrow();
  });

  it("measures bytes per authorized note and the cost of sealing (figures for docs/journal.md)", () => {
    const proc = fakeNfeProc(SAMPLE, "135260000000001");
    const plain = new DocumentCodec(undefined).encode(Buffer.from(proc));
    const key = randomBytes(32);
    const sealedCodec = new DocumentCodec(key);
    const sealed = sealedCodec.encode(Buffer.from(proc));
    expect(plain.bytes.length).toBeLessThan(proc.length * 0.75);
    expect(sealed.bytes.length).toBe(plain.bytes.length + 28); // iv + tag
    const rounds = 500;
    const time = (codec: DocumentCodec) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < rounds; i++)
        codec.decode(...(Object.values(codec.encode(Buffer.from(proc))) as [string, Buffer]));
      return Number(process.hrtime.bigint() - start) / 1e3 / rounds;
    };
    const usPlain = time(new DocumentCodec(undefined));
    const usSealed = time(sealedCodec);
    console.info(
      `nfeProc ${proc.length} B -> deflate ${plain.bytes.length} B (sealed ${sealed.bytes.length} B); ` +
        `encode+decode ${usPlain.toFixed(0)} us plain, ${usSealed.toFixed(0)} us sealed`,
    );
  });

  it("measures the journal file per authorized, printed note (signed NFe + nfeProc + receipt + history)", () => {
    t = tempJournal();
    const count = 100;
    const receipt = Buffer.concat([Buffer.from("CUPOM ".repeat(150)), randomBytes(600)]); // text + QR raster-ish bytes
    for (let i = 1; i <= count; i++) {
      const base = fakeNote(1, i, 1);
      const xml = SAMPLE.replaceAll("35261106157250000116650010000000019482736191", base.chave);
      const n = { ...base, xml };
      t.journal.insertNote(n, "test");
      t.journal.transition(n.chave, "transmitting", {}, "test");
      t.journal.storeAuthorization(
        n.chave,
        {
          cStat: "100",
          xMotivo: "ok",
          nProt: String(135260000000000 + i),
          dhRecbto: "x",
          nfeProcXml: fakeNfeProc(xml, String(i)),
        },
        "test",
      );
      t.journal.markPrinted(n.chave, receipt, "test");
    }
    t.journal.close();
    const db = new Database(join(t.dataDir, "journal.db"));
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.exec("VACUUM");
    db.close();
    const perNote = statSync(join(t.dataDir, "journal.db")).size / count;
    console.info(
      `journal file: ${perNote.toFixed(0)} B per authorized printed note (${count} notes; 5 years at 300 notes/day = ${((perNote * 300 * 365 * 5) / 2 ** 30).toFixed(1)} GiB)`,
    );
    expect(perNote).toBeLessThan(15_000);
  });

  it("without a data key the consumer CPF is readable from the card; with one it is not", () => {
    t = tempJournal();
    t.journal.insertNote(cpfNote(), "test");
    t.journal.close();
    expect(blobsReadableWithoutKey(t.dataDir)).toContain(CPF);
    t.cleanup();

    t = tempJournal({ dataKey: randomBytes(32) });
    t.journal.insertNote(cpfNote(), "test");
    expect(t.journal.getDocument(cpfNote().chave, "nfe")?.toString()).toBe(cpfNote().xml); // the kiosk still reads it
    expect(t.journal.verify().ok).toBe(true);
    t.journal.close();
    expect(blobsReadableWithoutKey(t.dataDir)).not.toContain(CPF);
    const raw = readFileSync(join(t.dataDir, "journal.db"), "latin1");
    expect(raw).not.toContain(CPF);
    expect(raw).toContain("***.456.789-**"); // the masked form is all the list shows
  });

  it("reads the key file as 64 hex digits and refuses anything else with a config error", () => {
    t = tempJournal();
    const good = join(t.dir, "k");
    writeFileSync(good, `${"ab".repeat(32)}\n`);
    expect(loadDataKey(good)).toEqual(Buffer.alloc(32, 0xab));
    writeFileSync(good, "short");
    expect(() => loadDataKey(good)).toThrow(/64 hex digits/);
    expect(() => loadDataKey(join(t!.dir, "missing"))).toThrow(/cannot read journal.keyFile/);
  });
});
