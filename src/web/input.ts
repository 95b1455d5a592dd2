// Small readers for request bodies and queries: a clear 400 with the field, never a crash.
import { KioskError } from "../errors.js";

export function objectBody(body: unknown, field = "body"): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new KioskError("KIOSK_ERR_INPUT_INVALID", "the body must be a JSON object", { field });
  }
  return body as Record<string, unknown>;
}

export function text(
  source: Record<string, unknown>,
  field: string,
  rules: { min?: number; max?: number; pattern?: RegExp; label?: string } = {},
): string {
  const value = source[field];
  const { min = 1, max = 256 } = rules;
  if (typeof value !== "string" || value.trim().length < min || value.length > max) {
    throw new KioskError(
      "KIOSK_ERR_INPUT_INVALID",
      `${field} must be a text of ${min} to ${max} characters`,
      {
        field,
        operatorMessage: `${rules.label ?? field}: informe de ${min} a ${max} caracteres.`,
      },
    );
  }
  if (rules.pattern && !rules.pattern.test(value)) {
    throw new KioskError("KIOSK_ERR_INPUT_INVALID", `${field} has an invalid format`, { field });
  }
  return value.trim();
}

/** NFC-e access keys are 44 digits (NT 2026.004: positions 7-20, the CNPJ, may be alphanumeric). */
export const CHAVE = /^[0-9]{6}[0-9A-Z]{14}[0-9]{24}$/;
