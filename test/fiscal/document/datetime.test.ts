import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { formatLocalDateTime, localDateTime, ufInfo } from "../../../src/fiscal/datetime.js";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../../src/fiscal");

describe("formatLocalDateTime", () => {
  it("uses the UF's civil offset: late night UTC is still the previous day in SP", () => {
    // task brief: 2026-12-01T02:30Z is 2026-11-30 23:30 -03:00 in SP
    expect(formatLocalDateTime(new Date("2026-12-01T02:30:00Z"), "SP")).toBe("2026-11-30T23:30:00-03:00");
    expect(localDateTime(new Date("2026-12-01T02:30:00Z"), "SP").day).toBe(30);
  });

  it("knows the −04:00 and −05:00 states (no DST since 2019)", () => {
    const instant = new Date("2026-01-15T12:00:00Z");
    for (const uf of ["AM", "MT", "MS", "RO", "RR"])
      expect(formatLocalDateTime(instant, uf)).toBe("2026-01-15T08:00:00-04:00");
    expect(formatLocalDateTime(instant, "AC")).toBe("2026-01-15T07:00:00-05:00");
    expect(formatLocalDateTime(instant, "RS")).toBe("2026-01-15T09:00:00-03:00");
  });

  it("truncates milliseconds (TDateTimeUTC has no fraction)", () => {
    expect(formatLocalDateTime(new Date("2026-03-01T03:00:00.999Z"), "SP")).toBe("2026-03-01T00:00:00-03:00");
  });

  it("crosses a year boundary locally", () => {
    expect(formatLocalDateTime(new Date("2027-01-01T02:59:59Z"), "SP")).toBe("2026-12-31T23:59:59-03:00");
  });

  it("refuses unknown UFs and invalid dates", () => {
    expect(() => formatLocalDateTime(new Date("2026-01-01T00:00:00Z"), "XX")).toThrow(RangeError);
    expect(() => formatLocalDateTime(new Date("nope"), "SP")).toThrow(RangeError);
  });

  it("has the IBGE code of every UF", () => {
    expect(ufInfo("SP").cUF).toBe("35");
    expect(ufInfo("DF").cUF).toBe("53");
    expect(ufInfo("RO").cUF).toBe("11");
    const table = JSON.parse(readFileSync(join(SRC, "data/uf.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(table)).toHaveLength(27);
  });
});

describe("formatLocalDateTime does not depend on the host TZ", () => {
  // The module is transpiled on the fly and run in child processes with different TZ values.
  const dir = mkdtempSync(join(tmpdir(), "nfce-tz-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives the same text under TZ=UTC, America/Sao_Paulo, Asia/Tokyo and America/Los_Angeles", () => {
    const source = readFileSync(join(SRC, "datetime.ts"), "utf8");
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    mkdirSync(join(dir, "data"), { recursive: true });
    writeFileSync(join(dir, "datetime.js"), js);
    copyFileSync(join(SRC, "data/uf.json"), join(dir, "data/uf.json"));
    const probe = join(dir, "probe.mjs");
    writeFileSync(
      probe,
      `import { formatLocalDateTime } from "./datetime.js";
       const d = new Date("2026-12-01T02:30:00Z");
       console.log(JSON.stringify([new Date(2026, 0, 1).getTimezoneOffset(), formatLocalDateTime(d, "SP"), formatLocalDateTime(d, "AC")]));`,
    );
    const offsets = new Set<number>();
    for (const TZ of ["UTC", "America/Sao_Paulo", "Asia/Tokyo", "America/Los_Angeles"]) {
      const run = spawnSync(process.execPath, [probe], { env: { ...process.env, TZ }, encoding: "utf8" });
      expect(run.stderr).toBe("");
      const [hostOffset, sp, ac] = JSON.parse(run.stdout) as [number, string, string];
      offsets.add(hostOffset);
      expect(sp).toBe("2026-11-30T23:30:00-03:00");
      expect(ac).toBe("2026-11-30T21:30:00-05:00");
    }
    // the child processes really ran in different zones
    expect(offsets.size).toBe(4);
  });
});
