import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../../src/clock.js";
import { type OpenJournalOptions, openJournal } from "../../../src/journal/open-journal.js";
import type { SqliteJournal } from "../../../src/journal/sqlite-journal.js";
import { silentLogger } from "../../../src/log.js";

export interface TempJournal {
  dir: string;
  dataDir: string;
  clock: ManualClock;
  journal: SqliteJournal;
  reopen(extra?: Partial<OpenJournalOptions>): SqliteJournal;
  cleanup(): void;
}

/** A real journal file in a fresh temp dir, with a hand-moved clock. */
export function tempJournal(extra: Partial<OpenJournalOptions> = {}): TempJournal {
  const dir = mkdtempSync(join(tmpdir(), "journal-test-"));
  const dataDir = join(dir, "data");
  const clock = new ManualClock("2026-11-22T13:00:00Z");
  const options = () => ({ dataDir, clock, log: silentLogger, ...extra });
  const t: TempJournal = {
    dir,
    dataDir,
    clock,
    journal: openJournal(options()),
    reopen(more = {}) {
      t.journal.close();
      t.journal = openJournal({ ...options(), ...more });
      return t.journal;
    },
    cleanup() {
      t.journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}
