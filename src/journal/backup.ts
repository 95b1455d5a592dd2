// Online backups to a second location (USB stick, second partition), keeping the newest `keep`.
// db.backup copies a consistent snapshot while sales go on; the copy is fsynced and renamed into
// place, so a half-written backup never looks like a good one.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../clock.js";
import { writeAnchor } from "./audit-anchor.js";
import { fsyncDirectory, fsyncFile } from "./durable-file.js";
import type { Journal } from "./journal.js";

const BACKUP_NAME = /^journal-[0-9]{8}T[0-9]{6}(-[0-9]+)?Z\.db$/;

/** Backup files in `dir`, newest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort()
    .reverse()
    .map((f) => join(dir, f));
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.[0-9]+Z$/, "Z");
}

export async function backupJournal(
  journal: Journal,
  dir: string,
  keep: number,
  clock: Clock,
): Promise<string> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let name = `journal-${stamp(clock.now())}.db`;
  for (let i = 1; existsSync(join(dir, name)); i++)
    name = `journal-${stamp(clock.now()).replace(/Z$/, `-${i}Z`)}.db`;
  const final = join(dir, name);
  const tmp = `${final}.partial`;
  const head = journal.auditHead(); // before the copy: the copy holds at least this row
  await journal.backup(tmp);
  fsyncFile(tmp);
  renameSync(tmp, final);
  fsyncDirectory(dir);
  if (head) writeAnchor(dir, head, clock.now().toISOString());
  for (const old of listBackups(dir).slice(keep)) rmSync(old, { force: true });
  return final;
}
