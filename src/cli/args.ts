// Minimal argument parsing: positional words, then --flag [value] pairs. Repeated flags collect.
import { KioskError } from "../errors.js";

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

/** Flags that never take a value. */
const BOOLEAN_FLAGS = new Set(["json", "offline", "help", "quick", "wait", "drill"]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (BOOLEAN_FLAGS.has(name)) value = "true";
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--"))
        throw new KioskError("KIOSK_ERR_USAGE", `option --${name} needs a value`, { field: `--${name}` });
      value = next;
      i++;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { positionals, flags };
}

export class Flags {
  constructor(private readonly parsed: ParsedArgs) {}
  has(name: string): boolean {
    return this.parsed.flags.has(name);
  }
  get(name: string): string | undefined {
    const v = this.parsed.flags.get(name);
    return v?.[v.length - 1];
  }
  all(name: string): string[] {
    return this.parsed.flags.get(name) ?? [];
  }
  require(name: string): string {
    const v = this.get(name);
    if (v === undefined)
      throw new KioskError("KIOSK_ERR_USAGE", `missing required option --${name}`, { field: `--${name}` });
    return v;
  }
  names(): string[] {
    return [...this.parsed.flags.keys()];
  }
}
