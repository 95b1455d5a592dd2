// Start-up recovery: a corrupt or missing journal is moved aside and the newest good backup is
// restored LOUDLY, with the numbers that may have been used after the backup skipped (never reused).
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KioskError } from "../../src/errors.js";
import { backupJournal, listBackups } from "../../src/journal/backup.js";
import { openJournal, RESTORE_NUMBER_MARGIN } from "../../src/journal/open-journal.js";
import { createLogger } from "../../src/log.js";
import { fakeNote } from "./helpers/fake-notes.js";
import { type TempJournal, tempJournal } from "./helpers/temp-journal.js";

let t: TempJournal;
let backupDir: string;
beforeEach(() => {
  t = tempJournal();
  backupDir = join(t.dir, "usb");
});
afterEach(() => t.cleanup());

function corruptHeader(): void {
  t.journal.close();
  const file = join(t.dataDir, "journal.db");
  for (const ext of ["-wal", "-shm"]) rmSync(file + ext, { force: true });
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.from("this is not a database at all!!!"), 0, 32, 0);
  closeSync(fd);
}

function open(lines: string[] = []) {
  const log = createLogger({ write: (l) => lines.push(l) });
  return openJournal({ dataDir: t.dataDir, clock: t.clock, log, backupDir });
}

describe("backups", () => {
  it("writes consistent copies to the second location and keeps the newest `keep`", async () => {
    for (let i = 1; i <= 4; i++) {
      t.journal.insertNote(fakeNote(1, i), "test");
      await backupJournal(t.journal, backupDir, 2, t.clock);
      t.clock.advance(60_000);
    }
    const kept = listBackups(backupDir);
    expect(kept).toHaveLength(2);
    expect(readdirSync(backupDir).filter((f) => f.includes("partial"))).toEqual([]);
    // The newest backup is a complete, verifiable journal with all four notes.
    mkdirSync(join(t.dir, "check"));
    copyFileSync(kept[0]!, join(t.dir, "check", "journal.db"));
    const copy = openJournal({
      dataDir: join(t.dir, "check"),
      clock: t.clock,
      log: createLogger({ write: () => {} }),
    });
    expect(copy.listNotes().map((n) => n.nNF)).toEqual([1, 2, 3, 4]);
    expect(copy.verify().ok).toBe(true);
    copy.close();
  });
});

describe("recovery at start", () => {
  it("restores the newest good backup when the journal is corrupt, loudly, and never reuses a number", async () => {
    t.journal.insertNote(fakeNote(1, 1), "test");
    t.journal.insertNote(fakeNote(1, 2), "test");
    await backupJournal(t.journal, backupDir, 5, t.clock);
    t.journal.insertNote(fakeNote(1, 3), "test"); // emitted after the backup: lost with the card
    corruptHeader();

    const lines: string[] = [];
    const j = open(lines);
    t.journal = j;
    expect(lines.some((l) => l.includes('"level":"error"') && l.includes("RESTORED FROM BACKUP"))).toBe(true);
    expect(readdirSync(t.dataDir).some((f) => f.startsWith("journal.db.corrupt-"))).toBe(true);
    expect(j.listNotes().map((n) => n.nNF)).toEqual([1, 2]);
    // Number 3 was used after the backup: the counter skips a margin, recorded as a gap to reconcile.
    expect(j.nextNumber(1)).toBe(3 + RESTORE_NUMBER_MARGIN);
    expect(j.numbersToVoid()).toEqual([{ series: 1, nNFIni: 3, nNFFin: 2 + RESTORE_NUMBER_MARGIN }]);
    const v = j.verify();
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.kind)).toEqual(["restored-from-backup"]);
    // Once reconciled with SEFAZ, an operator acknowledges it; the acknowledgement is audited.
    j.acknowledgeRestore("supervisor");
    expect(j.verify()).toEqual({ ok: true, problems: [] });
    expect(j.nextNumber(1)).toBe(3 + RESTORE_NUMBER_MARGIN);
  });

  it("skips an unusable newest backup and takes the next good one", async () => {
    t.journal.insertNote(fakeNote(1, 1), "test");
    await backupJournal(t.journal, backupDir, 5, t.clock);
    t.clock.advance(60_000);
    const bad = await backupJournal(t.journal, backupDir, 5, t.clock);
    writeFileSync(bad, "garbage");
    corruptHeader();
    const j = open();
    t.journal = j;
    expect(j.listNotes()).toHaveLength(1);
  });

  it("refuses to start (and keeps the corrupt file) when there is no backup: never a fresh numbering", () => {
    t.journal.insertNote(fakeNote(1, 1), "test");
    corruptHeader();
    let err: KioskError | undefined;
    try {
      open();
    } catch (e) {
      err = e as KioskError;
    }
    expect(err?.code).toBe("KIOSK_ERR_JOURNAL_CORRUPT");
    expect(err?.exitStatus).toBe(1);
    expect(readdirSync(t.dataDir).some((f) => f.startsWith("journal.db.corrupt-"))).toBe(true);
    expect(existsSync(join(t.dataDir, "journal.db"))).toBe(false);
  });

  it("a missing journal with backups present is restored, not recreated empty", async () => {
    t.journal.insertNote(fakeNote(1, 1), "test");
    await backupJournal(t.journal, backupDir, 5, t.clock);
    t.journal.close();
    for (const ext of ["", "-wal", "-shm"]) rmSync(join(t.dataDir, `journal.db${ext}`), { force: true });
    const j = open();
    t.journal = j;
    expect(j.listNotes()).toHaveLength(1);
    expect(j.nextNumber(1)).toBe(2 + RESTORE_NUMBER_MARGIN);
  });
});
