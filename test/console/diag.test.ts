import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectDiag } from "../../src/console/diag.js";

describe("collectDiag (systeminformation, once)", () => {
  it("reports temperature, throttling from the firmware file, memory, disk and load in pt-BR", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "diag-")), "get_throttled");
    writeFileSync(file, "50000\n");
    const lines = await collectDiag(file, "/");
    expect(lines[0]).toMatch(/^temperatura CPU: /);
    expect(lines[1]).toBe("throttling: houve subtensão, houve throttling");
    expect(lines.join("\n")).toMatch(/memória: [0-9.]+ GB livres de [0-9.]+ GB/);
    expect(lines.join("\n")).toMatch(/disco \/: [0-9.]+ GB livres/);
    expect(lines.at(-1)).toMatch(/^ativo há: [0-9]+ h$/);
  }, 20_000);
});
