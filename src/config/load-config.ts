// Reads, validates (once), resolves and freezes the configuration.
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { KioskError } from "../errors.js";
import { closest } from "./did-you-mean.js";
import { type Config, ConfigSchema, type ResolvedConfig } from "./schema.js";

function fail(message: string, field?: string): never {
  throw new KioskError("KIOSK_ERR_CONFIG_INVALID", message, field === undefined ? {} : { field });
}

/** Walks value and schema together and reports the first key the schema does not know. */
function findUnknownKey(schema: TSchema, value: unknown, path: string): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return;
  const variants: TSchema[] = schema.anyOf ?? [schema];
  const objectSchema = variants.find((s) => s.type === "object" && s.properties);
  if (!objectSchema) return;
  const known = Object.keys(objectSchema.properties as Record<string, TSchema>);
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const where = path ? `${path}.${key}` : key;
    if (!known.includes(key)) {
      const hint = closest(key, known);
      fail(
        `unknown key "${where}"${hint ? ` (did you mean "${path ? `${path}.` : ""}${hint}"?)` : ""}`,
        where,
      );
    }
    findUnknownKey((objectSchema.properties as Record<string, TSchema>)[key]!, child, where);
  }
}

/** Validates a parsed config object; returns it with defaults filled in (not yet resolved). */
export function validateConfig(raw: unknown): Config {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    fail("the configuration must be a JSON object");
  findUnknownKey(ConfigSchema, raw, "");
  const withDefaults = Value.Default(ConfigSchema, structuredClone(raw));
  const first = Value.Errors(ConfigSchema, withDefaults).First();
  if (first) {
    const field = first.path.replace(/^\//, "").replace(/\//g, ".") || "(root)";
    fail(`invalid value at "${field}": ${first.message}`, field);
  }
  const config = withDefaults as Config;
  const e = config.emitter;
  if ((e.cnpj === undefined) === (e.cpf === undefined))
    fail("emitter needs exactly one of cnpj or cpf", "emitter.cnpj");
  if (e.cpf !== undefined && (config.series < 920 || config.series > 969))
    fail("a CPF emitter must use a series from 920 to 969 (NT 2023.002)", "series");
  if (e.cpf !== undefined && config.qrCodeVersion !== 3)
    fail("a CPF emitter must use QR code version 3 (NT 2025.001)", "qrCodeVersion");
  if ((config.certificate.password === undefined) === (config.certificate.passwordFile === undefined))
    fail("certificate needs exactly one of password or passwordFile", "certificate.password");
  if (config.qrCodeVersion === 2 && !config.csc)
    fail("QR code version 2 needs a CSC (csc.id and csc.token)", "csc");
  if (config.csc && (config.csc.token === undefined) === (config.csc.tokenFile === undefined))
    fail("csc needs exactly one of token or tokenFile", "csc.token");
  return config;
}

function readSecret(path: string, field: string): string {
  try {
    return readFileSync(path, "utf8").replace(/\r?\n$/, "");
  } catch (err) {
    throw new KioskError(
      "KIOSK_ERR_CONFIG_UNREADABLE",
      `cannot read ${field} "${path}": ${(err as Error).message}`,
      {
        field,
      },
    );
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Resolves relative paths against configDir, reads secret files, and freezes the result. */
export function resolveConfig(config: Config, configDir: string): ResolvedConfig {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(configDir, p));
  const cert = config.certificate;
  const password = cert.password ?? readSecret(abs(cert.passwordFile as string), "certificate.passwordFile");
  const csc = config.csc
    ? {
        ...config.csc,
        token: config.csc.token ?? readSecret(abs(config.csc.tokenFile as string), "csc.tokenFile"),
      }
    : undefined;
  if (csc && !/^[0-9A-Za-z-]{16,36}$/.test(csc.token))
    fail("csc token must have 16 to 36 letters or digits", "csc.tokenFile");
  const resolved = {
    ...config,
    configDir,
    dataDir: abs(config.dataDir),
    certificate: { ...cert, path: abs(cert.path), password },
    ...(csc ? { csc } : {}),
    sefaz: { ...config.sefaz, ...(config.sefaz.caFile ? { caFile: abs(config.sefaz.caFile) } : {}) },
    gate: { ...config.gate, ...(config.gate.schemasDir ? { schemasDir: abs(config.gate.schemasDir) } : {}) },
    backup: { ...config.backup, ...(config.backup.dir ? { dir: abs(config.backup.dir) } : {}) },
  } as ResolvedConfig;
  return deepFreeze(resolved);
}

/** Loads the config file named by --config: one clear error naming the file, line or field. */
export function loadConfigFile(path: string): ResolvedConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new KioskError(
      "KIOSK_ERR_CONFIG_UNREADABLE",
      `cannot read config file "${path}": ${(err as Error).message}`,
      {
        field: path,
      },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new KioskError(
      "KIOSK_ERR_CONFIG_INVALID",
      `config file "${path}" is not valid JSON: ${(err as Error).message}`,
      {
        field: path,
      },
    );
  }
  return resolveConfig(validateConfig(raw), dirname(resolve(path)));
}
