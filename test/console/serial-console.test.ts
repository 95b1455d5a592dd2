// The console over a real serial line: a socat pty pair, serialport on both ends.
import { SerialPort } from "serialport";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { LogRing } from "../../src/console/log-ring.js";
import { type SerialConsole, startSerialConsole } from "../../src/console/serial-console.js";
import { silentLogger } from "../../src/log.js";
import { createConsoleDeps, openPtyPair, type PtyPair } from "./helpers.js";

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const clock = new ManualClock("2026-03-01T12:00:00Z");
  const deps = createConsoleDeps(clock);
  const pty: PtyPair = await openPtyPair();
  cleanup.push(() => pty.close());
  // The terminal end is open and listening before the console greets: bytes written to a pty with
  // no reader may be lost, which made the greeting flaky under load.
  const terminal = new SerialPort({ path: pty.b, baudRate: 115200 });
  await new Promise<void>((resolve, reject) => terminal.on("open", resolve).on("error", reject));
  cleanup.push(() => new Promise<void>((r) => terminal.close(() => r())));
  let output = "";
  terminal.on("data", (d: Buffer) => {
    output += d.toString("utf8");
  });
  const console_: SerialConsole = await startSerialConsole({
    path: pty.a,
    baudRate: 115200,
    auth: deps.auth,
    providers: deps.providers,
    ring: new LogRing(),
    clock,
    log: silentLogger,
    idleMs: 60_000,
    commandTimeoutMs: 200,
    tickMs: 0,
  });
  cleanup.push(() => console_.stop());
  const send = (data: string | Buffer) => terminal.write(data);
  /** Waits until the terminal has received `text` after `from`; returns the new position. */
  const waitFor = async (text: string, from = 0): Promise<number> => {
    for (let i = 0; i < 800; i++) {
      const at = output.indexOf(text, from);
      if (at >= 0) return at + text.length;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(
      `terminal never showed ${JSON.stringify(text)}; got ${JSON.stringify(output.slice(from))}`,
    );
  };
  const login = async (from = 0) => {
    send("tecnico\r");
    const at = await waitFor("PIN: ", from);
    send("3333\r");
    return waitFor("tecnico> ", at);
  };
  return { ...deps, clock, console: console_, send, waitFor, login, output: () => output };
}

describe("serial technician console over a pty pair", () => {
  it("greets, logs in with the PIN masked, answers status", async () => {
    const t = await setup();
    let at = await t.waitFor("usuário: ");
    t.send("\r"); // a bare Enter shows the banner again
    at = await t.waitFor("console técnico. Digite o usuário para entrar.\r\nusuário: ", at);
    at = await t.login(at);
    expect(t.output()).toContain("****");
    expect(t.output()).not.toContain("3333");
    t.send("status\r\n");
    at = await t.waitFor("modo: ONLINE\r\n", at);
    await t.waitFor("tecnico> ", at);
  });

  it("survives binary noise, endless lines and unknown commands, and keeps serving", async () => {
    const t = await setup();
    let at = await t.login();
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 151 + 17) & 0xff;
    t.send(noise);
    t.send("\r");
    t.send("A".repeat(5000));
    t.send("\r\n");
    at = await t.waitFor("linha longa demais: ignorada", at);
    t.send("reboot\r");
    at = await t.waitFor("comando desconhecido: reboot", at);
    t.send("clock\r");
    at = await t.waitFor("hora: 2026-03-01T12:00:00.000Z", at);
    t.send("sefaz status\r");
    await t.waitFor("tempo esgotado: o comando não respondeu", at);
  });

  it("masks a PIN pasted on the same chunk as the user name", async () => {
    const t = await setup();
    const at = await t.waitFor("usuário: ");
    t.send("tecnico\r\n3333\r\n");
    await t.waitFor("tecnico> ", at);
    expect(t.output().slice(at)).toContain("tecnico\r\n****\r\n");
    expect(t.output()).not.toContain("3333");
  });

  it("rate-limits PIN attempts over the line", async () => {
    const t = await setup();
    let at = await t.waitFor("usuário: ");
    t.send("tecnico\r");
    at = await t.waitFor("PIN: ", at);
    t.send("9999\r");
    at = await t.waitFor("aguarde 2 s antes de tentar de novo", at);
    t.send("tecnico\r");
    at = await t.waitFor("aguarde 2 s antes de tentar de novo", at);
    t.clock.advance(2000);
    await t.login(at);
    expect(t.audit.map((a) => a.action)).toEqual(["user.add", "user.add", "login.failed", "login"]);
  });

  it("logs out on idle", async () => {
    const t = await setup();
    let at = await t.login();
    t.clock.advance(60_000);
    t.console.tick();
    at = await t.waitFor("sessão encerrada por inatividade\r\nusuário: ", at);
    t.send("status\r");
    await t.waitFor("PIN: ", at);
  });
});
