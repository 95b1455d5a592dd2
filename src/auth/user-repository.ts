// Where users live: a table in a SQLite file (own users.db, or the journal's handle when the lead passes it).
import Database from "better-sqlite3";
import type { PinHash } from "./pin-hash.js";
import type { Role } from "./roles.js";

export interface UserRecord {
  name: string;
  role: Role;
  pin: PinHash;
  failedAttempts: number;
  /** Epoch ms until which logins are refused, or 0. */
  lockedUntil: number;
}

export interface UserRepository {
  count(): number;
  find(name: string): UserRecord | undefined;
  list(): Array<{ name: string; role: Role; lockedUntil: number }>;
  insert(user: UserRecord): void;
  setPin(name: string, pin: PinHash): void;
  setFailures(name: string, failedAttempts: number, lockedUntil: number): void;
}

interface Row {
  name: string;
  role: Role;
  pin_salt: string;
  pin_hash: string;
  failed_attempts: number;
  locked_until: number;
}

/** Opens (or creates) a users database file with the journal's durability settings. */
export function openUsersDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  return db;
}

export function createSqliteUserRepository(db: Database.Database): UserRepository {
  db.exec(`CREATE TABLE IF NOT EXISTS kiosk_users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('cashier','supervisor','technician')),
    pin_salt TEXT NOT NULL,
    pin_hash TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0
  ) STRICT`);
  const count = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM kiosk_users");
  const find = db.prepare<[string], Row>("SELECT * FROM kiosk_users WHERE name = ?");
  const list = db.prepare<[], Row>("SELECT * FROM kiosk_users ORDER BY name");
  const insert = db.prepare(
    "INSERT INTO kiosk_users (name, role, pin_salt, pin_hash, failed_attempts, locked_until) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const setPin = db.prepare(
    "UPDATE kiosk_users SET pin_salt = ?, pin_hash = ?, failed_attempts = 0, locked_until = 0 WHERE name = ?",
  );
  const setFailures = db.prepare(
    "UPDATE kiosk_users SET failed_attempts = ?, locked_until = ? WHERE name = ?",
  );
  const toRecord = (r: Row): UserRecord => ({
    name: r.name,
    role: r.role,
    pin: { salt: r.pin_salt, hash: r.pin_hash },
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
  });
  return {
    count: () => count.get()?.n ?? 0,
    find: (name) => {
      const row = find.get(name);
      return row ? toRecord(row) : undefined;
    },
    list: () => list.all().map((r) => ({ name: r.name, role: r.role, lockedUntil: r.locked_until })),
    insert: (u) => {
      insert.run(u.name, u.role, u.pin.salt, u.pin.hash, u.failedAttempts, u.lockedUntil);
    },
    setPin: (name, pin) => {
      setPin.run(pin.salt, pin.hash, name);
    },
    setFailures: (name, failedAttempts, lockedUntil) => {
      setFailures.run(failedAttempts, lockedUntil, name);
    },
  };
}
