// KioskError -> HTTP status and body. Bad input (exit family 2) is always a 4xx, never a 500.
import { ERROR_CODES, type ErrorCode, KioskError } from "../errors.js";

/** Codes whose status is not the family default. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  KIOSK_ERR_UNAUTHORIZED: 401,
  KIOSK_ERR_FORBIDDEN: 403,
  KIOSK_ERR_NOT_FOUND: 404,
  // Safety refusals that clear by themselves (clock sync, disk cleanup, request governor): retry later.
  KIOSK_ERR_CLOCK_UNTRUSTED: 503,
  KIOSK_ERR_DISK_FULL: 503,
  KIOSK_ERR_SEFAZ_BLOCKED: 503,
  KIOSK_ERR_SEFAZ_TRANSPORT: 502,
  KIOSK_ERR_SEFAZ_REJECTED: 502,
};

const STATUS_BY_FAMILY = { 1: 500, 2: 400, 3: 409 } as const;

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    field: string | null;
    operatorMessage: string;
    retryable: boolean;
  };
}

export function httpStatusOf(error: KioskError): number {
  return STATUS_BY_CODE[error.code] ?? STATUS_BY_FAMILY[ERROR_CODES[error.code]];
}

export function errorBody(error: KioskError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      field: error.field ?? null,
      operatorMessage: error.operatorMessage,
      retryable: error.retryable,
    },
  };
}

/** Errors fastify raises itself (bad JSON, wrong content type, body too large) are bad input. */
export function fromFrameworkError(error: {
  statusCode?: number;
  message: string;
  code?: string;
}): KioskError | null {
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) return null;
  return new KioskError("KIOSK_ERR_INPUT_INVALID", error.message, {
    field: "body",
    operatorMessage: "Requisição inválida.",
  });
}
