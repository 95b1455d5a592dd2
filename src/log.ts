// Structured logs: one JSON object per line on stderr (journald captures it; stdout stays free for
// --json output). Never log secrets or a full CPF: use maskDocument() for personal identifiers.

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
}

const SECRET_KEYS = /pass(word)?|token|csc|secret|pin|privatekey/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_KEYS.test(k)) out[k] = "[redacted]";
    else if (/^(cpf|cnpjDest|document)$/i.test(k) && typeof v === "string") out[k] = maskDocument(v);
    else if (v instanceof Error) out[k] = { message: v.message, code: (v as { code?: string }).code };
    else out[k] = v;
  }
  return out;
}

/** "12345678909" -> "***.456.789-**": enough for support, useless for a thief. */
export function maskDocument(doc: string): string {
  const d = doc.replace(/\D/g, "");
  if (d.length === 11) return `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**`;
  return d.length > 4 ? `${"*".repeat(d.length - 4)}${d.slice(-4)}` : "****";
}

export function createLogger(options: LoggerOptions = {}, bindings: Record<string, unknown> = {}): Logger {
  const min = LEVELS[options.level ?? ((process.env.NFCE_LOG_LEVEL as LogLevel | undefined) ?? "info")] ?? 20;
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    write(JSON.stringify({ t: now().toISOString(), level, msg, ...redact({ ...bindings, ...fields }) }));
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
