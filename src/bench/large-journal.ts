// A journal of many authorized notes for the start-up benchmark, built fast: every row goes
// through the journal API (insertNote, transition, storeAuthorization, markPrinted: the same
// documents, audit chain and indexes as a real kiosk), many notes per outer transaction, so the
// build pays one fsync per batch instead of four per note. The notes are copies of one real
// signed note with their own access key: valid rows for the journal, not for SEFAZ.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../clock.js";
import { buildAccessKey, generateCNF, parseAccessKey } from "../fiscal/access-key.js";
import { buildNfeProc } from "../fiscal/sefaz/nfe-proc.js";
import { DocumentCodec } from "../journal/document-codec.js";
import { SCHEMA_VERSION } from "../journal/migrations.js";
import { openDatabase } from "../journal/open-database.js";
import { SqliteJournal } from "../journal/sqlite-journal.js";

/** One real note the copies are made of. */
export interface NoteTemplate {
  chave: string;
  xml: string;
  saleJson: string;
  receipt: Uint8Array;
  vNF: string;
  qrCode: string;
}

const BATCH = 2000;
const STEP_MS = 5 * 60_000;

/** dhEmi as a kiosk in São Paulo writes it (UTC-03:00, no daylight saving since 2019). */
export function saoPauloDateTime(ms: number): string {
  return `${new Date(ms - 3 * 3_600_000).toISOString().slice(0, 19)}-03:00`;
}

/** A valid cNF for copy n ([MOC-A1] B03-10), reproducible: a fixed-seed LCG instead of the CSPRNG. */
export function fillerCNF(nNF: number): string {
  let s = (nNF * 2_654_435_761) >>> 0;
  return generateCNF(() => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  }, nNF);
}

function protNFe(chave: string, nProt: string, dhRecbto: string): string {
  return (
    `<protNFe versao="4.00"><infProt><tpAmb>2</tpAmb><verAplic>BENCH</verAplic><chNFe>${chave}</chNFe>` +
    `<dhRecbto>${dhRecbto}</dhRecbto><nProt>${nProt}</nProt><digVal>AAAAAAAAAAAAAAAAAAAAAAAAAAA=</digVal>` +
    `<cStat>100</cStat><xMotivo>Autorizado o uso da NF-e</xMotivo></infProt></protNFe>`
  );
}

/**
 * Writes `count` authorized notes of series 1 into <dir>/journal.db, dated from `endMs` backwards
 * (one every 5 minutes), so the journal's newest instant is in the past.
 */
export function writeLargeJournal(dir: string, count: number, template: NoteTemplate, endMs: number): void {
  mkdirSync(dir, { recursive: true });
  const clock = new ManualClock(new Date(endMs - count * STEP_MS));
  const db = openDatabase(join(dir, "journal.db"));
  const journal = new SqliteJournal(db, new DocumentCodec(undefined), clock);
  const parts = parseAccessKey(template.chave);
  try {
    for (let start = 1; start <= count; start += BATCH) {
      db.transaction(() => {
        for (let nNF = start; nNF < Math.min(start + BATCH, count + 1); nNF++) {
          clock.advance(STEP_MS);
          const at = clock.now().getTime();
          const cNF = fillerCNF(nNF);
          const chave = buildAccessKey({ ...parts, serie: 1, nNF, tpEmis: 1, cNF });
          const xml = template.xml.replaceAll(template.chave, chave);
          const dhEmi = saoPauloDateTime(at);
          journal.insertNote(
            {
              chave,
              series: 1,
              nNF,
              tpEmis: 1,
              cNF,
              dhEmi,
              vNF: template.vNF,
              xml,
              qrCode: template.qrCode,
              saleJson: template.saleJson,
            },
            "bench",
          );
          journal.transition(chave, "transmitting", { reason: "online authorization" }, "bench");
          const nProt = `1352600${String(nNF).padStart(8, "0")}`;
          const dhRecbto = saoPauloDateTime(at + 400);
          journal.storeAuthorization(
            chave,
            {
              cStat: "100",
              xMotivo: "Autorizado o uso da NF-e",
              nProt,
              dhRecbto,
              nfeProcXml: buildNfeProc(xml, protNFe(chave, nProt, dhRecbto)),
            },
            "sefaz",
          );
          journal.markPrinted(chave, template.receipt, "bench");
        }
      })();
    }
  } finally {
    journal.close();
  }
}

/**
 * The cached journal of `count` notes under `cacheRoot`, built on first use. A build that did not
 * finish leaves no cache (it is written aside and renamed when complete).
 */
function cacheDir(cacheRoot: string, count: number): string {
  return join(cacheRoot, `journal-${count}-schema${SCHEMA_VERSION}-v1`);
}

/** Whether a complete journal of `count` notes is already cached. */
export function isLargeJournalCached(cacheRoot: string, count: number): boolean {
  return existsSync(join(cacheDir(cacheRoot, count), "complete"));
}

export function cachedLargeJournal(
  cacheRoot: string,
  count: number,
  template: () => NoteTemplate,
  endMs: number,
): { path: string; built: boolean; buildMs: number } {
  const dir = cacheDir(cacheRoot, count);
  const path = join(dir, "journal.db");
  if (existsSync(join(dir, "complete"))) return { path, built: false, buildMs: 0 };
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const t0 = Date.now();
  writeLargeJournal(partial, count, template(), endMs);
  writeFileSync(join(partial, "complete"), `${count}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { path, built: true, buildMs: Date.now() - t0 };
}
