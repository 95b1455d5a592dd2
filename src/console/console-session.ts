// One technician's conversation with the console: PIN login (technician role) with rate limiting,
// a fixed command table, idle logout. Transport-free: lines in, lines out (tests drive it directly
// or over a serial pty).
import type { AuthStore } from "../auth/auth-store.js";
import { may } from "../auth/roles.js";
import type { Clock } from "../clock.js";
import { isKioskError } from "../errors.js";
import { COMMANDS, type ConsoleCommand } from "./console-commands.js";
import type { ConsoleProviders } from "./console-providers.js";
import type { LogRing } from "./log-ring.js";

export interface ConsoleSessionOptions {
  auth: AuthStore;
  providers: ConsoleProviders;
  ring: LogRing;
  clock: Clock;
  /** Mount points a USB stick may be under (export). */
  exportRoots?: readonly string[];
  idleMs?: number;
  commandTimeoutMs?: number;
  /** First wait after a wrong PIN; doubles with each consecutive failure, up to 60 s. */
  retryDelayMs?: number;
  /** This many failures inside the window lock the console for lockMs (whatever the user name). */
  maxFailures?: number;
  failureWindowMs?: number;
  lockMs?: number;
}

type State =
  | { kind: "user" }
  | { kind: "pin"; user: string }
  | { kind: "ready"; user: string; token: string };

export const BANNER = "nfce-kiosk - console técnico. Digite o usuário para entrar.";

export class ConsoleSession {
  private state: State = { kind: "user" };
  private lastActivity: number;
  private blockedUntil = 0;
  private consecutive = 0;
  private failures: number[] = [];
  private readonly o: Required<Omit<ConsoleSessionOptions, "exportRoots">> & {
    exportRoots: readonly string[];
  };

  constructor(options: ConsoleSessionOptions) {
    this.o = {
      exportRoots: ["/media", "/mnt"],
      idleMs: 5 * 60_000,
      commandTimeoutMs: 30_000,
      retryDelayMs: 2_000,
      maxFailures: 5,
      failureWindowMs: 5 * 60_000,
      lockMs: 5 * 60_000,
      ...options,
    };
    this.lastActivity = this.now();
  }

  get awaitingPin(): boolean {
    return this.state.kind === "pin";
  }

  get loggedInUser(): string | null {
    return this.state.kind === "ready" ? this.state.user : null;
  }

  prompt(): string {
    return this.state.kind === "user"
      ? "usuário: "
      : this.state.kind === "pin"
        ? "PIN: "
        : `${this.state.user}> `;
  }

  /** Logs out after idleMs without input; returns what to print, or null. */
  tick(): string[] | null {
    if (this.state.kind === "user" || this.now() - this.lastActivity < this.o.idleMs) return null;
    const wasReady = this.state.kind === "ready";
    this.logout();
    return wasReady ? ["sessão encerrada por inatividade"] : ["tempo esgotado"];
  }

  async handle(line: string): Promise<string[]> {
    this.lastActivity = this.now();
    const out = await this.dispatch(line.slice(0, 256));
    return out.map(sanitize);
  }

  private async dispatch(line: string): Promise<string[]> {
    const state = this.state;
    if (state.kind === "user") {
      const wait = this.waitSeconds();
      if (wait > 0) return [`aguarde ${wait} s antes de tentar de novo`];
      if (!/^[a-z0-9._-]{2,32}$/.test(line)) return ["usuário inválido"];
      this.state = { kind: "pin", user: line };
      return [];
    }
    if (state.kind === "pin") return this.checkPin(state.user, line);
    return this.command(state.user, state.token, line);
  }

  private checkPin(user: string, pin: string): string[] {
    const wait = this.waitSeconds();
    if (wait > 0) {
      this.state = { kind: "user" };
      return [`aguarde ${wait} s antes de tentar de novo`];
    }
    try {
      const session = this.o.auth.login(user, pin, "console");
      if (!may(session.role, "console")) {
        this.o.auth.logout(session.token);
        this.state = { kind: "user" };
        return this.fail("perfil sem acesso ao console técnico");
      }
      this.consecutive = 0;
      this.state = { kind: "ready", user: session.user, token: session.token };
      return [`bem-vindo(a), ${session.user}. Digite "ajuda" para ver os comandos.`];
    } catch (error) {
      this.state = { kind: "user" };
      return this.fail(isKioskError(error) ? error.operatorMessage : "falha no login");
    }
  }

  private fail(message: string): string[] {
    const now = this.now();
    this.consecutive++;
    this.failures = [...this.failures.filter((t) => now - t < this.o.failureWindowMs), now];
    const delay = Math.min(this.o.retryDelayMs * 2 ** (this.consecutive - 1), 60_000);
    this.blockedUntil = now + (this.failures.length >= this.o.maxFailures ? this.o.lockMs : delay);
    return [message, `aguarde ${this.waitSeconds()} s antes de tentar de novo`];
  }

  private waitSeconds(): number {
    return Math.max(0, Math.ceil((this.blockedUntil - this.now()) / 1000));
  }

  private async command(user: string, token: string, line: string): Promise<string[]> {
    if (this.o.auth.session(token) === null) {
      this.state = { kind: "user" };
      return ["sessão expirada; entre de novo"];
    }
    const words = line.split(/\s+/);
    const name = (words[0] ?? "").toLowerCase();
    if (name === "ajuda" || name === "help" || name === "?") {
      return COMMANDS.map((c) => `${`${c.name}${c.sub ? ` ${c.sub}` : ""}`.padEnd(16)} ${c.help}`).concat(
        "sair             encerra a sessão",
      );
    }
    if (name === "sair" || name === "logout" || name === "exit") {
      this.logout();
      return ["sessão encerrada"];
    }
    const sub = (words[1] ?? "").toLowerCase();
    const named = COMMANDS.filter((c) => c.name === name);
    const cmd: ConsoleCommand | undefined =
      named.find((c) => c.sub === sub) ?? named.find((c) => c.sub === undefined);
    if (!cmd) {
      if (named.length > 0) return [`uso: ${named.map((c) => `${c.name} ${c.sub}`).join(" | ")}`];
      return [`comando desconhecido: ${name.slice(0, 32)} (digite "ajuda")`];
    }
    const args = words.slice(cmd.sub ? 2 : 1);
    return this.run(cmd, user, args);
  }

  private async run(cmd: ConsoleCommand, user: string, args: string[]): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string[]>((resolve) => {
      timer = setTimeout(() => resolve(["tempo esgotado: o comando não respondeu"]), this.o.commandTimeoutMs);
      timer.unref();
    });
    try {
      const work = Promise.resolve().then(() =>
        cmd.run({
          args,
          user,
          providers: this.o.providers,
          ring: this.o.ring,
          exportRoots: this.o.exportRoots,
          now: this.o.clock.now(),
          audit: (action, detail) => this.o.auth.audit(user, `console.${action}`, detail),
        }),
      );
      return await Promise.race([work, timeout]);
    } catch (error) {
      return [
        `erro: ${isKioskError(error) ? error.operatorMessage : error instanceof Error ? error.message : "falha"}`,
      ];
    } finally {
      clearTimeout(timer);
    }
  }

  private logout(): void {
    if (this.state.kind === "ready") this.o.auth.logout(this.state.token);
    this.state = { kind: "user" };
  }

  private now(): number {
    return this.o.clock.now().getTime();
  }
}

/** Nothing a provider returns may drive the technician's terminal (escape sequences, bells). */
function sanitize(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}
