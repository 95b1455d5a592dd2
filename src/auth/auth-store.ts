// Users, PIN login with lockout, sessions with expiry, and the audit trail of privileged actions.
// Sessions live in memory on purpose: a restart logs everyone out, which is the safe direction.
import { randomBytes, randomInt } from "node:crypto";
import type { Clock } from "../clock.js";
import { KioskError } from "../errors.js";
import type { Logger } from "../log.js";
import { hashPin, isValidPin, verifyPin } from "./pin-hash.js";
import { type Action, isRole, may, type Role } from "./roles.js";
import type { UserRepository } from "./user-repository.js";

/** The injected audit sink; the lead wires it to the journal's audit log. */
export type AuditSink = (who: string, action: string, detail: Record<string, unknown>) => void;

export interface Session {
  token: string;
  user: string;
  role: Role;
  expiresAt: number;
  lastSeenAt: number;
}

export interface AuthOptions {
  users: UserRepository;
  clock: Clock;
  audit: AuditSink;
  log: Logger;
  maxAttempts?: number;
  lockoutMs?: number;
  sessionTtlMs?: number;
  idleMs?: number;
}

export interface InitialUser {
  name: string;
  role: Role;
  pin: string;
}

// Compared against when the user does not exist, so timing does not reveal which names exist.
const DUMMY_PIN = hashPin("00000000");
const NAME = /^[a-z0-9._-]{2,32}$/;
const PIN_RULE = { field: "pin", operatorMessage: "O PIN deve ter de 4 a 8 números." };

export class AuthStore {
  private readonly sessions = new Map<string, Session>();
  private readonly users: UserRepository;
  private readonly clock: Clock;
  private readonly log: Logger;
  readonly audit: AuditSink;
  readonly maxAttempts: number;
  readonly lockoutMs: number;
  readonly sessionTtlMs: number;
  readonly idleMs: number;

  constructor(options: AuthOptions) {
    this.users = options.users;
    this.clock = options.clock;
    this.audit = options.audit;
    this.log = options.log;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.lockoutMs = options.lockoutMs ?? 5 * 60_000;
    this.sessionTtlMs = options.sessionTtlMs ?? 12 * 3600_000;
    this.idleMs = options.idleMs ?? 30 * 60_000;
  }

  /**
   * First run: with no users, create `initial` (from config), or one supervisor with a random PIN
   * printed once to the log. Returns that PIN (null when nothing was generated).
   */
  bootstrap(initial: readonly InitialUser[] = []): string | null {
    if (this.users.count() > 0) return null;
    if (initial.length > 0) {
      for (const u of initial) this.addUser(u.name, u.role, u.pin, "bootstrap");
      return null;
    }
    const pin = String(randomInt(0, 1_000_000)).padStart(6, "0");
    this.addUser("supervisor", "supervisor", pin, "bootstrap");
    // The PIN goes in the message text (the logger redacts fields named pin): shown once, change it.
    this.log.warn(
      `primeiro acesso: usuario "supervisor" criado com o PIN ${pin}; troque-o e crie os operadores`,
    );
    return pin;
  }

  addUser(name: string, role: Role, pin: string, by: string): void {
    if (!NAME.test(name)) {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "user name must be 2-32 of a-z 0-9 . _ -", {
        field: "user",
        operatorMessage: "Usuário: de 2 a 32 letras minúsculas, números, ponto, traço ou sublinhado.",
      });
    }
    if (!isRole(role)) {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "unknown role", {
        field: "role",
        operatorMessage: "Perfil inválido.",
      });
    }
    if (!isValidPin(pin)) throw new KioskError("KIOSK_ERR_INPUT_INVALID", "PIN must be 4-8 digits", PIN_RULE);
    if (this.users.find(name)) {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", `user ${name} already exists`, {
        field: "user",
        operatorMessage: `O usuário ${name} já existe.`,
      });
    }
    this.users.insert({ name, role, pin: hashPin(pin), failedAttempts: 0, lockedUntil: 0 });
    this.audit(by, "user.add", { user: name, role });
  }

  changePin(name: string, pin: string, by: string): void {
    if (!isValidPin(pin)) throw new KioskError("KIOSK_ERR_INPUT_INVALID", "PIN must be 4-8 digits", PIN_RULE);
    if (!this.users.find(name)) {
      throw new KioskError("KIOSK_ERR_NOT_FOUND", `no user ${name}`, {
        field: "user",
        operatorMessage: "Usuário não encontrado.",
      });
    }
    this.users.setPin(name, hashPin(pin));
    this.audit(by, "user.pin", { user: name });
  }

  listUsers(): Array<{ name: string; role: Role; locked: boolean }> {
    const now = this.clock.now().getTime();
    return this.users.list().map((u) => ({ name: u.name, role: u.role, locked: u.lockedUntil > now }));
  }

  /** Checks the PIN; on success opens a session. Wrong PINs count toward a timed lockout. */
  login(name: unknown, pin: unknown, channel = "web"): Session {
    if (typeof name !== "string" || name.length === 0) {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "user is required", { field: "user" });
    }
    if (typeof pin !== "string" || pin.length === 0) {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "pin is required", { field: "pin" });
    }
    const now = this.clock.now().getTime();
    const user = this.users.find(name);
    if (user && user.lockedUntil > now) {
      const minutes = Math.ceil((user.lockedUntil - now) / 60_000);
      this.audit(name, "login.locked", { channel });
      throw new KioskError("KIOSK_ERR_UNAUTHORIZED", `user locked for ${minutes} more minute(s)`, {
        operatorMessage: `Usuário bloqueado por excesso de tentativas. Tente em ${minutes} min.`,
        retryable: true,
      });
    }
    const ok = verifyPin(pin.slice(0, 64), user?.pin ?? DUMMY_PIN) && user !== undefined;
    if (!user || !ok) {
      if (user) {
        const failures = (user.lockedUntil > 0 ? 0 : user.failedAttempts) + 1;
        const locked = failures >= this.maxAttempts;
        this.users.setFailures(user.name, locked ? 0 : failures, locked ? now + this.lockoutMs : 0);
        if (locked) this.log.warn("user locked after failed PINs", { user: user.name, channel });
      }
      this.audit(name, "login.failed", { channel });
      throw new KioskError("KIOSK_ERR_UNAUTHORIZED", "wrong user or PIN", {
        operatorMessage: "Usuário ou PIN incorreto.",
      });
    }
    if (user.failedAttempts > 0 || user.lockedUntil > 0) this.users.setFailures(user.name, 0, 0);
    const session: Session = {
      token: randomBytes(32).toString("base64url"),
      user: user.name,
      role: user.role,
      expiresAt: now + this.sessionTtlMs,
      lastSeenAt: now,
    };
    this.sessions.set(session.token, session);
    this.audit(user.name, "login", { role: user.role, channel });
    return { ...session };
  }

  logout(token: string | undefined): void {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session || !token) return;
    this.sessions.delete(token);
    this.audit(session.user, "logout", {});
  }

  /** The live session for a token (sliding idle timeout, absolute expiry), or null. */
  session(token: string | undefined): Session | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    const now = this.clock.now().getTime();
    if (now >= session.expiresAt || now - session.lastSeenAt >= this.idleMs) {
      this.sessions.delete(token);
      return null;
    }
    session.lastSeenAt = now;
    return { ...session };
  }

  /** The session if it may do `action`; otherwise 401 (no session) or 403 (wrong role). */
  authorize(token: string | undefined, action: Action): Session {
    const session = this.session(token);
    if (!session) {
      throw new KioskError("KIOSK_ERR_UNAUTHORIZED", "an operator session is required", {
        operatorMessage: "Faça login para continuar.",
      });
    }
    if (!may(session.role, action)) {
      this.audit(session.user, "forbidden", { action, role: session.role });
      throw new KioskError("KIOSK_ERR_FORBIDDEN", `role ${session.role} may not ${action}`, {
        operatorMessage: "Seu perfil não permite esta ação.",
      });
    }
    return session;
  }
}
