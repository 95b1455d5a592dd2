// Opening the journal at start: integrity check, loud recovery from the newest good backup when the
// file is corrupt or gone, and the safety margin that keeps a restored journal from reusing numbers.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";
import type { Clock } from "../clock.js";
import { KioskError } from "../errors.js";
import type { Logger } from "../log.js";
import { listBackups } from "./backup.js";
import { DocumentCodec } from "./document-codec.js";
import { fsyncDirectory, fsyncFile } from "./durable-file.js";
import { openDatabase } from "./open-database.js";
import { RESTORED_KEY, SqliteJournal } from "./sqlite-journal.js";

export const JOURNAL_FILE = "journal.db";
/**
 * Numbers skipped per series after a restore: notes emitted after the backup may exist at SEFAZ or
 * on paper, so their numbers must never be issued again. The skipped range is recorded as a gap.
 */
export const RESTORE_NUMBER_MARGIN = 1000;

export interface OpenJournalOptions {
  dataDir: string;
  clock: Clock;
  log: Logger;
  /** 32-byte key that seals stored documents (see docs/journal.md, threat model). */
  dataKey?: Buffer;
  /** backup.dir: where restores come from. */
  backupDir?: string;
}

/**
 * The tables a sale needs (numbering, state, settings, the clock floor, which builds may read the
 * file) are checked at every start; the large ones
 * (documents, audit: most of a 5-year file) are checked by `journal verify` and the nightly job.
 * A whole-file quick_check took 14 s cold on a 1 GB journal (docs/bench.md), too long for a boot.
 */
export const START_CHECK_TABLES = [
  "series_counter",
  "settings",
  "notes",
  "gaps",
  "time_floor",
  "journal_format",
] as const;

function checkedOpen(path: string): Database.Database {
  const db = openDatabase(path);
  const present = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map(
      (r) => r.name,
    ),
  );
  for (const table of START_CHECK_TABLES.filter((t) => present.has(t))) {
    const result = db.pragma(`quick_check(${table})`, { simple: true });
    if (result !== "ok") {
      db.close();
      throw Object.assign(new Error(`quick_check(${table}): ${String(result)}`), { code: "SQLITE_CORRUPT" });
    }
  }
  return db;
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? "";
  return code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB";
}

function moveAside(path: string, suffix: string): void {
  for (const ext of ["", "-wal", "-shm"])
    if (existsSync(path + ext)) renameSync(path + ext, `${path}.${suffix}${ext}`);
}

function restoreNewestBackup(path: string, backupDir: string | undefined, log: Logger): string | undefined {
  for (const candidate of listBackups(backupDir ?? "")) {
    try {
      checkedOpen(candidate).close();
    } catch (err) {
      log.error("journal backup is unusable, trying an older one", { backup: candidate, err: err as Error });
      continue;
    }
    for (const ext of ["-wal", "-shm"]) rmSync(path + ext, { force: true });
    copyFileSync(candidate, path);
    fsyncFile(path);
    return candidate;
  }
  return undefined;
}

function skipNumbersAfterRestore(journal: SqliteJournal, db: Database.Database, from: string): void {
  for (const { series } of db.prepare("SELECT series FROM series_counter").all() as Array<{ series: number }>)
    journal.recordGap(
      series,
      RESTORE_NUMBER_MARGIN,
      `restored from backup ${from}: numbers possibly used after it; query SEFAZ before voiding`,
      "recovery",
    );
  journal.setState(RESTORED_KEY, from);
}

export function openJournal(o: OpenJournalOptions): SqliteJournal {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const path = join(o.dataDir, JOURNAL_FILE);
  const codec = new DocumentCodec(o.dataKey);
  let restoredFrom: string | undefined;
  let db: Database.Database;
  const existed = existsSync(path);
  try {
    if (!existed && listBackups(o.backupDir ?? "").length > 0)
      throw Object.assign(new Error("journal file is missing"), { code: "SQLITE_NOTADB" });
    db = checkedOpen(path);
  } catch (err) {
    if (!isCorruption(err))
      throw new KioskError("KIOSK_ERR_JOURNAL", `cannot open the journal: ${(err as Error).message}`, {
        cause: err,
      });
    const suffix = `corrupt-${o.clock.now().toISOString().replace(/[:.]/g, "")}`;
    o.log.error("JOURNAL CORRUPT OR MISSING: moving it aside and restoring the newest backup", {
      path,
      err: err as Error,
    });
    if (existed) moveAside(path, suffix);
    restoredFrom = restoreNewestBackup(path, o.backupDir, o.log);
    fsyncDirectory(o.dataDir);
    if (restoredFrom === undefined)
      throw new KioskError(
        "KIOSK_ERR_JOURNAL_CORRUPT",
        `the journal ${path} is corrupt and no usable backup was found${existed ? ` (kept as ${path}.${suffix})` : ""}`,
        {
          operatorMessage: "Diário fiscal corrompido e sem cópia de segurança: chame o suporte técnico.",
          cause: err,
        },
      );
    o.log.error("JOURNAL RESTORED FROM BACKUP: notes emitted after it are not in the journal", {
      backup: restoredFrom,
    });
    db = checkedOpen(path);
  }
  const journal = new SqliteJournal(db, codec, o.clock, o.backupDir);
  if (restoredFrom !== undefined) skipNumbersAfterRestore(journal, db, restoredFrom);
  return journal;
}
