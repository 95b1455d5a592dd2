// What every CLI command gets, and what it is.
import type { ResolvedConfig } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { Flags } from "./args.js";

export interface CommandContext {
  /** Words after the command name (e.g. ["verify"] for `journal verify`). */
  positionals: string[];
  flags: Flags;
  json: boolean;
  /** Loads and validates --config (once); throws KIOSK_ERR_USAGE when --config is missing. */
  config(): ResolvedConfig;
  log: Logger;
  /** Prints the command's result: one JSON value with --json, else the human text. */
  output(value: unknown, human?: string): void;
  /** Aborted on SIGINT/SIGTERM, for long-running commands (start, demo, sefaz-sim). */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Flags the command accepts besides --config and --json (unknown flags are refused). */
  flags: readonly string[];
  /** Returns the exit status. */
  run(ctx: CommandContext): Promise<number>;
}
