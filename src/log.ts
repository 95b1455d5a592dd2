// Structured logs: one JSON object per line on stderr (journald captures it; stdout stays free for
// --json output). Never log secrets or a full CPF: use maskDocument() for personal identifiers.
import { fstatSync } from "node:fs";

export type LogLevel = "debug" | "info" | "warn" | "error";
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  now?: () => Date;
  /** Prefix lines with "<N>" syslog priorities for journald; default: when stderr is the journal. */
  journalPrefix?: boolean;
}

const SECRET_KEYS =
  /pass(word|phrase)?|senha|token|csc|secret|pin|private_?key|api_?key|authorization|cookie|pfx|pem/i;
const DOCUMENT_KEYS = /^(cpf|cnpjDest|document)$/i;
// A CPF inside free text: "123.456.789-09" or 11 digits standing alone (a 44-digit chNFe is not one).
const CPF_IN_TEXT = /(?<![\d.])(\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11})(?![\d-])/g;
const MAX_DEPTH = 6;

/** Masks every CPF-looking number in a free-text string. */
export function maskCpfInText(text: string): string {
  return text.replace(CPF_IN_TEXT, (cpf) => maskDocument(cpf));
}

// Secrets are found by key at any depth; CPFs by key or inside any string. Never throws: cycles,
// BigInt and Buffers become text, so a log call can never take the service down.
function redactValue(key: string, value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (SECRET_KEYS.test(key)) return "[redacted]";
  if (typeof value === "string") return DOCUMENT_KEYS.test(key) ? maskDocument(value) : maskCpfInText(value);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { message: maskCpfInText(value.message), ...(code === undefined ? {} : { code }) };
  }
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue("", v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(k, v, depth + 1, seen);
  return out;
}

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const seen = new WeakSet<object>();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = redactValue(k, v, 0, seen);
  return out;
}

// sd-daemon(3) priority prefixes: journald files each line under its level when it reads "<N>".
const JOURNAL_PRIORITY: Record<LogLevel, number> = { debug: 7, info: 6, warn: 4, error: 3 };

/** True when stderr is connected to the journal (systemd sets JOURNAL_STREAM to its dev:inode). */
export function stderrIsJournal(env: NodeJS.ProcessEnv = process.env): boolean {
  const stream = env.JOURNAL_STREAM;
  if (stream === undefined) return false;
  try {
    const st = fstatSync(2);
    return stream === `${st.dev}:${st.ino}`;
  } catch {
    return false;
  }
}

/** "12345678909" -> "***.456.789-**": enough for support, useless for a thief. */
export function maskDocument(doc: string): string {
  const d = doc.replace(/\D/g, "");
  if (d.length === 11) return `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**`;
  return d.length > 4 ? `${"*".repeat(d.length - 4)}${d.slice(-4)}` : "****";
}

export function createLogger(options: LoggerOptions = {}, bindings: Record<string, unknown> = {}): Logger {
  const min = LEVELS[options.level ?? (process.env.NFCE_LOG_LEVEL as LogLevel | undefined) ?? "info"] ?? 20;
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const now = options.now ?? (() => new Date());
  const prefix = options.journalPrefix ?? (options.write === undefined && stderrIsJournal());
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const line = JSON.stringify({
      t: now().toISOString(),
      level,
      msg: maskCpfInText(msg),
      ...redact({ ...bindings, ...fields }),
    });
    write(prefix ? `<${JOURNAL_PRIORITY[level]}>${line}` : line);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (b) => createLogger(options, { ...bindings, ...b }),
  };
}

/** A logger that drops everything (tests, --quiet). */
export const silentLogger: Logger = createLogger({ write: () => {} });
