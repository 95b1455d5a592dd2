// Console test helpers: a fake provider set over the fake service, and a socat pty pair.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { AuthStore } from "../../src/auth/auth-store.js";
import { createSqliteUserRepository } from "../../src/auth/user-repository.js";
import type { Clock } from "../../src/clock.js";
import type { ConsoleProviders } from "../../src/console/console-providers.js";
import { silentLogger } from "../../src/log.js";
import { FakeKioskService } from "../web/fake-service.js";

export function createConsoleDeps(clock: Clock) {
  const audit: Array<{ who: string; action: string; detail: Record<string, unknown> }> = [];
  const auth = new AuthStore({
    users: createSqliteUserRepository(new Database(":memory:")),
    clock,
    audit: (who, action, detail) => audit.push({ who, action, detail }),
    log: silentLogger,
    maxAttempts: 50,
  });
  auth.bootstrap([
    { name: "tecnico", role: "technician", pin: "3333" },
    { name: "caixa", role: "cashier", pin: "1111" },
  ]);
  const service = new FakeKioskService(clock);
  const exports: string[] = [];
  const providers: ConsoleProviders = {
    status: () => service.status(),
    pending: async () =>
      service.listNotes({ status: "pending" }).map((n) => ({
        nNF: n.nNF,
        serie: n.serie,
        emittedAt: n.emittedAt,
        deadlineAt: new Date(new Date(n.emittedAt).getTime() + 24 * 3600_000).toISOString(),
      })),
    journalVerify: async () => ({ ok: false, problems: ["gap in numbering: 7-9 \u001b[31m"] }),
    printerTest: async () => ({ printed: false, reason: "sem papel" }),
    sync: (user) => service.syncNow(user),
    sefazStatus: () => new Promise(() => {}), // never answers
    exportTo: async (dir) => {
      exports.push(dir);
      return { files: 3 };
    },
  };
  return { auth, audit, service, providers, exports };
}

export interface PtyPair {
  a: string;
  b: string;
  close(): void;
}

export async function openPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), "console-pty-"));
  const a = join(dir, "a");
  const b = join(dir, "b");
  const socat: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: "ignore",
  });
  // socat creates the links asynchronously; wait for both (bounded).
  for (let i = 0; i < 200 && !(existsSync(a) && existsSync(b)); i++)
    await new Promise((r) => setTimeout(r, 10));
  if (!existsSync(a) || !existsSync(b)) throw new Error("socat did not create the pty pair");
  return { a, b, close: () => socat.kill() };
}
