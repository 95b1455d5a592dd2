import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuthStore } from "../../src/auth/auth-store.js";
import { createSqliteUserRepository, openUsersDatabase } from "../../src/auth/user-repository.js";
import { ManualClock } from "../../src/clock.js";
import { createLogger, silentLogger } from "../../src/log.js";

function setup(path = join(mkdtempSync(join(tmpdir(), "auth-")), "users.db")) {
  const db = openUsersDatabase(path);
  const clock = new ManualClock("2026-03-01T12:00:00Z");
  const audit: Array<[string, string, Record<string, unknown>]> = [];
  const auth = new AuthStore({
    users: createSqliteUserRepository(db),
    clock,
    audit: (who, action, detail) => audit.push([who, action, detail]),
    log: silentLogger,
    maxAttempts: 3,
    lockoutMs: 60_000,
    idleMs: 10 * 60_000,
    sessionTtlMs: 3600_000,
  });
  return { db, clock, audit, auth, path };
}

describe("AuthStore", () => {
  it("stores PINs hashed with a per-user salt, in a WAL + synchronous=FULL database", () => {
    const { auth, db } = setup();
    auth.addUser("ana", "cashier", "1234", "test");
    auth.addUser("bia", "cashier", "1234", "test");
    const rows = db.prepare("SELECT pin_salt, pin_hash FROM kiosk_users").all() as Array<
      Record<string, string>
    >;
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain("1234");
    expect(rows[0]?.pin_salt).not.toBe(rows[1]?.pin_salt);
    expect(rows[0]?.pin_hash).not.toBe(rows[1]?.pin_hash);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
  });

  it("logs in with the right PIN, refuses a wrong one, and audits both", () => {
    const { auth, audit } = setup();
    auth.addUser("ana", "cashier", "1234", "test");
    expect(() => auth.login("ana", "9999")).toThrow(
      expect.objectContaining({ code: "KIOSK_ERR_UNAUTHORIZED" }),
    );
    expect(() => auth.login("nobody", "1234")).toThrow(
      expect.objectContaining({ code: "KIOSK_ERR_UNAUTHORIZED" }),
    );
    const s = auth.login("ana", "1234");
    expect(s.role).toBe("cashier");
    expect(auth.session(s.token)?.user).toBe("ana");
    expect(audit.map((a) => a[1])).toEqual(["user.add", "login.failed", "login.failed", "login"]);
  });

  it("locks a user after N failures for the lockout time, even with the right PIN", () => {
    const { auth, clock } = setup();
    auth.addUser("ana", "cashier", "1234", "test");
    for (let i = 0; i < 3; i++) expect(() => auth.login("ana", "0000")).toThrow();
    expect(() => auth.login("ana", "1234")).toThrow(/locked/);
    expect(auth.listUsers()[0]?.locked).toBe(true);
    clock.advance(61_000);
    expect(auth.login("ana", "1234").user).toBe("ana");
  });

  it("keeps the lockout across a restart (it is in the database)", () => {
    const first = setup();
    first.auth.addUser("ana", "cashier", "1234", "test");
    for (let i = 0; i < 3; i++) expect(() => first.auth.login("ana", "0000")).toThrow();
    first.db.close();
    const second = setup(first.path);
    expect(() => second.auth.login("ana", "1234")).toThrow(/locked/);
  });

  it("expires sessions on idle and at the absolute limit, and on logout", () => {
    const { auth, clock } = setup();
    auth.addUser("sup", "supervisor", "5678", "test");
    const a = auth.login("sup", "5678");
    clock.advance(9 * 60_000);
    expect(auth.session(a.token)).not.toBeNull();
    clock.advance(10 * 60_000);
    expect(auth.session(a.token)).toBeNull();
    const b = auth.login("sup", "5678");
    for (let i = 0; i < 7; i++) {
      clock.advance(9 * 60_000);
      auth.session(b.token);
    }
    expect(auth.session(b.token)).toBeNull();
    const c = auth.login("sup", "5678");
    auth.logout(c.token);
    expect(auth.session(c.token)).toBeNull();
  });

  it("authorizes by role: 401 without a session, 403 for the wrong role", () => {
    const { auth, audit } = setup();
    auth.addUser("ana", "cashier", "1234", "test");
    auth.addUser("sup", "supervisor", "5678", "test");
    expect(() => auth.authorize(undefined, "contingency")).toThrow(
      expect.objectContaining({ code: "KIOSK_ERR_UNAUTHORIZED" }),
    );
    const cashier = auth.login("ana", "1234");
    expect(() => auth.authorize(cashier.token, "contingency")).toThrow(
      expect.objectContaining({ code: "KIOSK_ERR_FORBIDDEN" }),
    );
    expect(audit.at(-1)?.[1]).toBe("forbidden");
    const sup = auth.login("sup", "5678");
    expect(auth.authorize(sup.token, "contingency").user).toBe("sup");
  });

  it("bootstraps once: a supervisor with a random PIN printed to the log, or the given users", () => {
    const lines: string[] = [];
    const { auth, db } = setup();
    const logged = new AuthStore({
      users: createSqliteUserRepository(db),
      clock: new ManualClock("2026-03-01T12:00:00Z"),
      audit: () => {},
      log: createLogger({ write: (l) => lines.push(l) }),
    });
    const pin = logged.bootstrap();
    expect(pin).toMatch(/^[0-9]{6}$/);
    expect(lines.join("\n")).toContain(`PIN ${pin}`);
    expect(logged.login("supervisor", pin!).role).toBe("supervisor");
    expect(auth.bootstrap([{ name: "x", role: "cashier", pin: "1111" }])).toBeNull();
    expect(auth.listUsers().map((u) => u.name)).toEqual(["supervisor"]);
    const fresh = setup();
    fresh.auth.bootstrap([{ name: "ana", role: "cashier", pin: "1111" }]);
    expect(fresh.auth.login("ana", "1111").role).toBe("cashier");
  });

  it("refuses bad names, roles and PINs with a field", () => {
    const { auth } = setup();
    expect(() => auth.addUser("ana", "cashier", "12", "t")).toThrow(
      expect.objectContaining({ field: "pin" }),
    );
    expect(() => auth.addUser("A B", "cashier", "1234", "t")).toThrow(
      expect.objectContaining({ field: "user" }),
    );
    expect(() => auth.addUser("ana", "boss" as never, "1234", "t")).toThrow(
      expect.objectContaining({ field: "role" }),
    );
    expect(() => auth.login(42, "1234")).toThrow(expect.objectContaining({ field: "user" }));
  });
});
