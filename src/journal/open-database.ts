// Opens the SQLite file with the settings durability depends on. They are set on EVERY open:
// the bundled SQLite silently reopens WAL databases with synchronous=NORMAL (platform-notes §0, §7),
// which loses committed transactions on power loss.
import Database from "better-sqlite3";
import { migrate } from "./migrations.js";

export function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  try {
    db.pragma("busy_timeout = 5000");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("wal_autocheckpoint = 1000");
    db.pragma("journal_size_limit = 67108864");
    db.pragma("foreign_keys = ON");
    db.pragma("cache_size = -4000");
    if (
      db.pragma("journal_mode", { simple: true }) !== "wal" ||
      db.pragma("synchronous", { simple: true }) !== 2
    )
      throw new Error("the journal needs journal_mode=WAL and synchronous=FULL, and SQLite refused them");
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
