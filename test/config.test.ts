import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile, validateConfig } from "../src/config/load-config.js";
import type { KioskError } from "../src/errors.js";
import { rawTestConfig } from "./helpers/test-config.js";

function errorOf(fn: () => unknown): KioskError {
  try {
    fn();
  } catch (e) {
    return e as KioskError;
  }
  throw new Error("expected an error");
}

describe("configuration", () => {
  it("fills defaults for everything not required", () => {
    const c = validateConfig(rawTestConfig());
    expect(c.environment).toBe("homologacao");
    expect(c.qrCodeVersion).toBe(2);
    expect(c.series).toBe(1);
    expect(c.hardware.printer.driver).toBe("sim");
    expect(c.hardware.printer.paperWidthMm).toBe(80);
    expect(c.http).toEqual({ host: "127.0.0.1", port: 8080 });
    expect(c.clock.trust).toBe("system");
    expect(c.sefaz.timeoutMs).toBe(15000);
  });

  it("refuses an unknown key with a did-you-mean hint naming the path", () => {
    const raw = { ...rawTestConfig(), emiter: {} };
    const e = errorOf(() => validateConfig(raw));
    expect(e.code).toBe("KIOSK_ERR_CONFIG_INVALID");
    expect(e.message).toContain('did you mean "emitter"');
    const nested = rawTestConfig() as Record<string, unknown>;
    nested.http = { hots: "0.0.0.0" };
    const e2 = errorOf(() => validateConfig(nested));
    expect(e2.field).toBe("http.hots");
    expect(e2.message).toContain('"http.host"');
  });

  it("names the field of an invalid value", () => {
    const raw = rawTestConfig();
    raw.emitter.address.uf = "XX";
    const e = errorOf(() => validateConfig(raw));
    expect(e.field).toBe("emitter.address.uf");
    expect(e.exitStatus).toBe(2);
  });

  it("reads secrets from files relative to the config file and freezes the result", () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg-"));
    writeFileSync(join(dir, "pw.txt"), "minhasenha\n");
    writeFileSync(join(dir, "csc.txt"), "ABCDEF0123456789ABCD");
    const raw = {
      ...rawTestConfig(),
      certificate: { path: "c.pfx", passwordFile: "pw.txt" },
      csc: { id: "2", tokenFile: "csc.txt" },
    };
    writeFileSync(join(dir, "config.json"), JSON.stringify(raw));
    const c = loadConfigFile(join(dir, "config.json"));
    expect(c.certificate.password).toBe("minhasenha");
    expect(c.certificate.path).toBe(join(dir, "c.pfx"));
    expect(c.csc?.token).toBe("ABCDEF0123456789ABCD");
    expect(c.dataDir).toBe(join(dir, "data"));
    expect(Object.isFrozen(c.emitter)).toBe(true);
  });

  it("reports a JSON syntax error with the file name", () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg-"));
    writeFileSync(join(dir, "bad.json"), '{ "dataDir": ');
    const e = errorOf(() => loadConfigFile(join(dir, "bad.json")));
    expect(e.code).toBe("KIOSK_ERR_CONFIG_INVALID");
    expect(e.message).toContain("bad.json");
  });

  it("enforces the CPF emitter rules of NT 2023.002 / NT 2025.001", () => {
    const { cnpj: _cnpj, ...emitterWithoutCnpj } = rawTestConfig().emitter;
    const raw = { ...rawTestConfig(), emitter: { ...emitterWithoutCnpj, cpf: "90483926086" } };
    expect(errorOf(() => validateConfig(raw)).field).toBe("series");
    expect(validateConfig({ ...raw, series: 920, qrCodeVersion: 3 }).series).toBe(920);
  });
});
