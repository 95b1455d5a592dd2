// CLI entry: parse, dispatch, and turn errors into the contract's exit codes (never a stack trace
// for a user mistake; set NFCE_DEBUG=1 to see one for internal errors).

import { closest } from "../config/did-you-mean.js";
import { loadConfigFile } from "../config/load-config.js";
import type { ResolvedConfig } from "../config/schema.js";
import { isKioskError, KioskError } from "../errors.js";
import { createLogger } from "../log.js";
import { Flags, parseArgs } from "./args.js";
import type { CommandContext } from "./command.js";
import { COMMANDS } from "./registry.js";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: nfce-kiosk <command> [--config FILE] [--json] [options]\n\ncommands:\n${lines.join("\n")}\n`;
}

export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let json = false;
  try {
    const parsed = parseArgs(argv);
    const flags = new Flags(parsed);
    json = flags.has("json");
    const [name, ...rest] = parsed.positionals;
    if (name === undefined || name === "help" || (flags.has("help") && name === undefined)) {
      io.stdout(usage());
      return name === undefined ? 2 : 0;
    }
    const entry = COMMANDS[name];
    if (!entry) {
      const hint = closest(name, Object.keys(COMMANDS));
      throw new KioskError(
        "KIOSK_ERR_USAGE",
        `unknown command "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
      );
    }
    const command = await entry.load();
    if (flags.has("help")) {
      io.stdout(`usage: nfce-kiosk ${command.usage}\n`);
      return 0;
    }
    const allowed = new Set(["config", "json", "help", ...command.flags]);
    for (const f of flags.names()) {
      if (!allowed.has(f)) {
        const hint = closest(f, [...allowed]);
        throw new KioskError(
          "KIOSK_ERR_USAGE",
          `unknown option --${f} for ${name}${hint ? ` (did you mean --${hint}?)` : ""}`,
          {
            field: `--${f}`,
          },
        );
      }
    }
    let config: ResolvedConfig | undefined;
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const ctx: CommandContext = {
      positionals: rest,
      flags,
      json,
      config: () => {
        config ??= loadConfigFile(flags.require("config"));
        return config;
      },
      log: createLogger(),
      output: (value, human) => {
        io.stdout(
          json || human === undefined ? `${JSON.stringify(value, null, json ? 0 : 2)}\n` : `${human}\n`,
        );
      },
      signal: controller.signal,
    };
    try {
      return await command.run(ctx);
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  } catch (err) {
    if (isKioskError(err)) {
      io.stderr(`nfce-kiosk: ${err.code}: ${err.message}${err.field ? ` [${err.field}]` : ""}\n`);
      return err.exitStatus;
    }
    const e = err as Error;
    io.stderr(`nfce-kiosk: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env.NFCE_DEBUG) io.stderr(`${e?.stack ?? ""}\n`);
    return 1;
  }
}
