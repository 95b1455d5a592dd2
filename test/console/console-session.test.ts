import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { ConsoleSession } from "../../src/console/console-session.js";
import { describeThrottled } from "../../src/console/diag.js";
import { LogRing } from "../../src/console/log-ring.js";
import { createConsoleDeps } from "./helpers.js";

function setup(extra: { exportRoots?: string[] } = {}) {
  const clock = new ManualClock("2026-03-01T12:00:00Z");
  const deps = createConsoleDeps(clock);
  const ring = new LogRing(5);
  const session = new ConsoleSession({
    auth: deps.auth,
    providers: deps.providers,
    ring,
    clock,
    idleMs: 60_000,
    commandTimeoutMs: 50,
    ...extra,
  });
  const login = async () => {
    await session.handle("tecnico");
    return session.handle("3333");
  };
  return { ...deps, clock, ring, session, login };
}

describe("ConsoleSession", () => {
  it("logs a technician in with user then PIN; refuses other roles", async () => {
    const t = setup();
    expect(t.session.prompt()).toBe("usuário: ");
    await t.session.handle("caixa");
    expect(t.session.prompt()).toBe("PIN: ");
    expect(await t.session.handle("1111")).toEqual([
      "perfil sem acesso ao console técnico",
      "aguarde 2 s antes de tentar de novo",
    ]);
    t.clock.advance(2000);
    expect((await t.login())[0]).toMatch(/^bem-vindo\(a\), tecnico/);
    expect(t.session.prompt()).toBe("tecnico> ");
    expect(t.audit.filter((a) => a.action === "login").map((a) => a.detail["channel"])).toEqual([
      "console",
      "console",
    ]);
  });

  it("rate-limits PIN attempts: growing delay, then a lock of the whole console", async () => {
    const t = setup();
    await t.session.handle("tecnico");
    expect(await t.session.handle("0000")).toEqual([
      "Usuário ou PIN incorreto.",
      "aguarde 2 s antes de tentar de novo",
    ]);
    expect(await t.session.handle("tecnico")).toEqual(["aguarde 2 s antes de tentar de novo"]);
    t.clock.advance(2000);
    await t.session.handle("tecnico");
    expect((await t.session.handle("0000"))[1]).toBe("aguarde 4 s antes de tentar de novo");
    for (const wait of [4000, 8000, 16000]) {
      t.clock.advance(wait);
      await t.session.handle(`outro${wait}`); // different names do not reset the count
      await t.session.handle("0000");
    }
    expect(await t.session.handle("tecnico")).toEqual(["aguarde 300 s antes de tentar de novo"]);
    t.clock.advance(300_000);
    expect((await t.login())[0]).toMatch(/^bem-vindo/);
  });

  it("answers commands in pt-BR, rejects unknown ones and never runs a shell", async () => {
    const t = setup();
    await t.login();
    await t.service.emitSale(
      { items: [{ quantity: 1, unitPrice: 5 }], payments: [{ type: "01", amount: 5 }] },
      { offline: true },
    );
    expect(await t.session.handle("status")).toEqual([
      "modo: ONLINE",
      "pendentes: 1",
      "prazo da mais antiga: 2026-03-02T12:00:00.000Z (faltam 24h00)",
      "printer: ok - pronta",
    ]);
    expect((await t.session.handle("pending"))[0]).toBe(
      "nº 101 série 1 emitida 2026-03-01T12:00:00.000Z - faltam 24h00",
    );
    for (const hostile of ["sh", "!sh", "$(reboot)", "`id`", "bash -c id", "status; rm -rf /"]) {
      const out = await t.session.handle(hostile);
      expect(out[0], hostile).toMatch(/^comando desconhecido|^modo:/);
    }
    expect(await t.session.handle("journal")).toEqual(["uso: journal summary | journal verify"]);
    expect((await t.session.handle("ajuda")).join("\n")).toContain("journal verify");
  });

  it("sanitizes provider output, reports unavailable providers, and times out a hung one", async () => {
    const t = setup();
    await t.login();
    expect(await t.session.handle("journal verify")).toEqual([
      "PROBLEMAS NO DIÁRIO:",
      "- gap in numbering: 7-9  [31m",
    ]);
    expect(await t.session.handle("led test")).toEqual([
      "indisponível neste equipamento (provedor não configurado)",
    ]);
    expect(await t.session.handle("sefaz status")).toEqual(["tempo esgotado: o comando não respondeu"]);
    expect(await t.session.handle("printer test")).toEqual(["não impressa: sem papel"]);
    expect(t.audit.at(-1)).toMatchObject({ who: "tecnico", action: "console.printer.test" });
  });

  it("sync reports the outcome; errors become a pt-BR line", async () => {
    const t = setup();
    await t.login();
    t.service.cutLink();
    expect(await t.session.handle("sync")).toEqual([
      "erro: SEFAZ inacessível: as notas continuam pendentes.",
    ]);
    await t.service.restoreLink(false);
    expect(await t.session.handle("sync")).toEqual(["enviadas 0, autorizadas 0, rejeitadas 0, pendentes 0"]);
  });

  it("log shows the ring buffer's last lines", async () => {
    const t = setup();
    await t.login();
    for (let i = 1; i <= 7; i++) t.ring.push(`line ${i}`);
    expect(await t.session.handle("log 2")).toEqual(["line 6", "line 7"]);
    expect(await t.session.handle("log")).toEqual(["line 3", "line 4", "line 5", "line 6", "line 7"]);
    expect(await t.session.handle("log -1")).toEqual(["uso: log [n] com n de 1 a 200"]);
  });

  it("export only into an existing folder under a USB mount root (no .., no symlink out)", async () => {
    const root = mkdtempSync(join(tmpdir(), "media-"));
    mkdirSync(join(root, "usb0"));
    symlinkSync(tmpdir(), join(root, "escape"));
    const t = setup({ exportRoots: [root] });
    await t.login();
    expect(await t.session.handle(`export ${join(root, "usb0")}`)).toEqual([
      `3 arquivo(s) exportado(s) para ${join(root, "usb0")}`,
    ]);
    for (const bad of [`${root}/usb0/../..`, `${root}/escape`, "/etc", root, "usb0", `${root}/nope`]) {
      const out = await t.session.handle(`export ${bad}`);
      expect(out[0], bad).not.toMatch(/exportado/);
    }
    expect(t.exports).toHaveLength(1);
  });

  it("logs out after the idle time, and on 'sair'", async () => {
    const t = setup();
    await t.login();
    t.clock.advance(59_000);
    expect(t.session.tick()).toBeNull();
    t.clock.advance(1_000);
    expect(t.session.tick()).toEqual(["sessão encerrada por inatividade"]);
    expect(t.session.loggedInUser).toBeNull();
    // after logout a command word is only taken as a user name: nothing runs
    expect(await t.session.handle("status")).toEqual([]);
    expect(t.session.prompt()).toBe("PIN: ");
    expect(await t.session.handle("3333")).toEqual([
      "Usuário ou PIN incorreto.",
      "aguarde 2 s antes de tentar de novo",
    ]);
    t.clock.advance(2000);
    await t.login();
    expect(await t.session.handle("sair")).toEqual(["sessão encerrada"]);
    expect(t.session.prompt()).toBe("usuário: ");
  });

  it("describes Raspberry Pi throttling flags", () => {
    expect(describeThrottled(0)).toBe("nenhum");
    expect(describeThrottled(0x50005)).toBe(
      "subtensão agora, throttling agora, houve subtensão, houve throttling",
    );
  });
});
