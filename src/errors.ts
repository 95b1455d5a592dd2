// Coded errors with stable codes. The code says what went wrong; the exit status says which
// family it belongs to (interfaces.md: 2 bad input/config, 3 refused by a safety rule, 1 other).
// Every code must be documented in docs/errors.md (a test checks it).

export type ExitStatus = 1 | 2 | 3;

export interface KioskErrorOptions {
  /** The config key, sale field, file or line the error is about (shown to integrators). */
  field?: string;
  /** A pt-BR sentence for operators (UI, console, receipt printer); defaults to the message. */
  operatorMessage?: string;
  /** True when the same call may succeed later without a change (network, busy device). */
  retryable?: boolean;
  cause?: unknown;
}

/** The catalogue: code -> exit status. Codes never change meaning once released. */
export const ERROR_CODES = {
  KIOSK_ERR_USAGE: 2,
  KIOSK_ERR_CONFIG_INVALID: 2,
  KIOSK_ERR_CONFIG_UNREADABLE: 2,
  KIOSK_ERR_SALE_INVALID: 2,
  KIOSK_ERR_INPUT_INVALID: 2,
  KIOSK_ERR_CERT_PASSWORD: 2,
  KIOSK_ERR_CERT_UNREADABLE: 2,
  KIOSK_ERR_CERT_EXPIRED: 3,
  KIOSK_ERR_CERT_NOT_YET_VALID: 3,
  KIOSK_ERR_CERT_CNPJ_MISMATCH: 3,
  KIOSK_ERR_CLOCK_UNTRUSTED: 3,
  KIOSK_ERR_CLOCK_BEHIND_JOURNAL: 3,
  KIOSK_ERR_DISK_FULL: 3,
  KIOSK_ERR_CONTINGENCY_LIMIT: 3,
  KIOSK_ERR_DEADLINE: 3,
  KIOSK_ERR_GATE_FAILED: 1,
  KIOSK_ERR_JOURNAL_CORRUPT: 1,
  KIOSK_ERR_JOURNAL: 1,
  KIOSK_ERR_NOT_FOUND: 2,
  KIOSK_ERR_SEFAZ_TRANSPORT: 1,
  KIOSK_ERR_SEFAZ_REJECTED: 1,
  KIOSK_ERR_SEFAZ_BLOCKED: 3,
  KIOSK_ERR_PRINTER: 1,
  KIOSK_ERR_PRINTER_PAPER_OUT: 1,
  KIOSK_ERR_DEVICE: 1,
  KIOSK_ERR_UNAUTHORIZED: 2,
  KIOSK_ERR_FORBIDDEN: 2,
  KIOSK_ERR_INTERNAL: 1,
} as const satisfies Record<string, ExitStatus>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class KioskError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly operatorMessage: string;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: KioskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KioskError";
    this.code = code;
    this.field = options.field;
    this.operatorMessage = options.operatorMessage ?? message;
    this.retryable = options.retryable ?? false;
  }

  get exitStatus(): ExitStatus {
    return ERROR_CODES[this.code];
  }

  toJSON(): { code: ErrorCode; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isKioskError(value: unknown): value is KioskError {
  return value instanceof KioskError;
}
