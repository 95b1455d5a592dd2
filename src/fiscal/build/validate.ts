// Small checkers for untrusted JSON, each failing with KIOSK_ERR_SALE_INVALID naming the field.
import { closest } from "../../config/did-you-mean.js";
import { KioskError } from "../../errors.js";
import { toScaled } from "../decimal.js";
import { sanitizeText } from "../sanitize-text.js";

export type Json = Record<string, unknown>;

export function saleError(field: string, message: string): never {
  throw new KioskError("KIOSK_ERR_SALE_INVALID", `${field}: ${message}`, {
    field,
    operatorMessage: `Venda inválida: verifique o campo ${field}.`,
  });
}

export function object(value: unknown, field: string, allowed: readonly string[]): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    saleError(field, "must be an object");
  // for-in rather than Object.keys: no array per object (a plain JSON object has no inherited keys)
  for (const key in value) {
    if (!allowed.includes(key) && Object.hasOwn(value, key)) {
      const hint = closest(key, allowed);
      saleError(
        field === "" ? key : `${field}.${key}`,
        `unknown field${hint ? ` (did you mean "${hint}"?)` : ""}`,
      );
    }
  }
  return value as Json;
}

export function array(value: unknown, field: string, min: number, max: number): unknown[] {
  if (!Array.isArray(value)) saleError(field, "must be an array");
  if (value.length < min || value.length > max) saleError(field, `must have ${min} to ${max} entries`);
  return value;
}

/** Free text: sanitised (sanitize-text.ts), then its length checked against the XSD limits. */
export function text(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== "string") saleError(field, "must be a string");
  const clean = sanitizeText(value);
  if (clean.length < min) {
    saleError(
      field,
      clean.length === value.length
        ? `must have at least ${min} characters`
        : `must have at least ${min} characters after removing characters the NF-e cannot carry (emoji, control characters)`,
    );
  }
  if (clean.length > max) saleError(field, `must have at most ${max} characters`);
  return clean;
}

export function pattern(value: unknown, field: string, re: RegExp, what: string): string {
  if (typeof value !== "string" || !re.test(value)) saleError(field, `must be ${what}`);
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, options: readonly T[]): T {
  if (typeof value !== "string" || !options.includes(value as T)) {
    saleError(field, `must be one of ${options.join(", ")}`);
  }
  return value as T;
}

export function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    saleError(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A non-negative decimal with at most `scale` decimals below `limit`; returns the scaled integer. */
export function decimal(
  value: unknown,
  field: string,
  scale: number,
  opts: { positive?: boolean; limit: bigint },
): bigint {
  if (typeof value !== "number" || !Number.isFinite(value)) saleError(field, "must be a number");
  if (value < 0) saleError(field, "must not be negative");
  const scaled = toScaled(value, scale);
  if (scaled === undefined) saleError(field, `must have at most ${scale} decimals`);
  if (opts.positive && scaled === 0n) saleError(field, "must be greater than zero");
  // scaled >= limit × 10^scale, without bigint arithmetic: the limit is an integer a double holds
  // exactly, and rounding is monotonic, so the number and its decimal reading compare alike.
  if (value >= Number(opts.limit)) saleError(field, `must be less than ${opts.limit}`);
  return scaled;
}
