// The console on a serial port (Pi UART or USB gadget): bytes -> LineDecoder -> ConsoleSession.
// Commands run one at a time; input arriving meanwhile is queued (bounded) and never executed as a shell.
import { SerialPort } from "serialport";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { BANNER, ConsoleSession, type ConsoleSessionOptions } from "./console-session.js";
import { LineDecoder } from "./line-decoder.js";

export interface SerialConsoleOptions extends ConsoleSessionOptions {
  path: string;
  baudRate: number;
  log: Logger;
  clock: Clock;
  maxLineLength?: number;
  /** Echo typed characters (PIN as '*'), as a login terminal does. */
  echo?: boolean;
  /** How often idle logout is checked; 0 disables the timer (tests call tick()). */
  tickMs?: number;
}

export interface SerialConsole {
  /** Runs the idle check now. */
  tick(): void;
  /** Resolves when queued input has been answered (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_QUEUED_LINES = 8;

export async function startSerialConsole(options: SerialConsoleOptions): Promise<SerialConsole> {
  const port = new SerialPort({ path: options.path, baudRate: options.baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const session = new ConsoleSession(options);
  const decoder = new LineDecoder(options.maxLineLength ?? 256);
  const echo = options.echo ?? true;
  let chain: Promise<void> = Promise.resolve();
  let queued = 0;
  let stopped = false;

  const write = (text: string) => {
    if (!stopped) port.write(text);
  };
  const reply = (lines: string[]) => {
    for (const l of lines) write(`${l}\r\n`);
    write(session.prompt());
  };

  port.on("error", (error) => options.log.warn("console serial error", { error }));
  port.on("data", (chunk: Buffer) => {
    if (echo) write(echoOf(chunk));
    const { lines, overflowed, blank } = decoder.push(chunk);
    if (overflowed > 0) reply(["linha longa demais: ignorada"]);
    // A bare Enter on an idle console: show who we are again (the banner may predate the cable).
    if (blank > 0 && lines.length === 0 && queued === 0) reply(session.loggedInUser ? [] : [BANNER]);
    for (const line of lines) {
      if (queued >= MAX_QUEUED_LINES) {
        reply(["ocupado: entrada ignorada"]);
        continue;
      }
      queued++;
      chain = chain
        .then(() => session.handle(line))
        .then(reply, (error: unknown) => {
          options.log.error("console command failed", { error: error as Error });
          reply(["erro interno"]);
        })
        .finally(() => {
          queued--;
        });
    }
  });

  // Echo masks the PIN line, even when user and PIN arrive in one chunk (pasted): while logged out,
  // lines alternate user / PIN. Resynchronised from the session whenever nothing is queued; when unsure
  // it masks more, never less.
  let masking = false;
  let typed = false;
  let afterCR = false;
  const echoOf = (chunk: Buffer): string => {
    if (queued === 0) masking = session.awaitingPin;
    let e = "";
    for (const b of chunk) {
      const lf = b === 0x0a;
      if (b >= 0x20 && b < 0x7f) {
        e += masking ? "*" : String.fromCharCode(b);
        typed = true;
      } else if (b === 0x7f || b === 0x08) e += "\b \b";
      else if (b === 0x0d || (lf && !afterCR)) {
        e += "\r\n";
        if (typed) masking = session.loggedInUser === null ? !masking : false;
        typed = false;
      }
      afterCR = b === 0x0d;
    }
    return e;
  };

  const tick = () => {
    const out = session.tick();
    if (out) reply(out);
  };
  const timer = (options.tickMs ?? 1000) > 0 ? setInterval(tick, options.tickMs ?? 1000) : undefined;
  timer?.unref();
  reply([BANNER]);
  options.log.info("technician console listening", { path: options.path });

  return {
    tick,
    idle: () => chain,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      await chain;
      await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
