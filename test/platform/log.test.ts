// Structured logs for journald: one JSON object a line, no secrets and no full CPF at any depth,
// and never an exception from a log call.
import { fstatSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createLogger, maskCpfInText, maskDocument, stderrIsJournal } from "../../src/log.js";

function capture(options: { journalPrefix?: boolean; level?: "debug" | "info" } = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    ...options,
    write: (l) => lines.push(l),
    now: () => new Date("2026-03-10T12:00:00Z"),
  });
  return { lines, logger, parsed: () => lines.map((l) => JSON.parse(l.replace(/^<\d>/, ""))) };
}

describe("structured logger", () => {
  it("writes one JSON object per line with time, level, message and fields", () => {
    const { lines, logger } = capture();
    logger.child({ component: "scheduler" }).info("job finished", { job: "backup" });
    expect(lines).toEqual([
      '{"t":"2026-03-10T12:00:00.000Z","level":"info","msg":"job finished","component":"scheduler","job":"backup"}',
    ]);
  });

  it("drops lines below the level", () => {
    const { lines, logger } = capture({ level: "info" });
    logger.debug("noise");
    logger.warn("kept");
    expect(lines).toHaveLength(1);
  });

  it("redacts secrets by key at any depth, including inside arrays", () => {
    const { logger, parsed } = capture();
    logger.info("config loaded", {
      config: {
        certificate: { path: "/etc/nfce-kiosk/cert.pfx", password: "minhasenha" },
        csc: { id: "1", token: "0123456789ABCDEF0123456789ABCDEF" },
        sefaz: [{ headers: { Authorization: "Bearer abc" } }],
      },
      apiKey: "k",
      operatorPin: "1234",
    });
    const text = JSON.stringify(parsed()[0]);
    for (const secret of ["minhasenha", "0123456789ABCDEF", "Bearer abc", '"k"', "1234"]) {
      expect(text).not.toContain(secret);
    }
    expect(parsed()[0].config.certificate).toEqual({
      path: "/etc/nfce-kiosk/cert.pfx",
      password: "[redacted]",
    });
  });

  it("masks CPFs given by key, inside text, inside errors and in the message", () => {
    const { logger, parsed } = capture();
    logger.warn("customer 123.456.789-09 refused", {
      cpf: "12345678909",
      note: "CPF 98765432100 typed twice",
      err: new Error("dest CPF 11144477735 invalid (cStat 237)"),
      nested: { customer: { document: "52998224725" } },
    });
    const text = JSON.stringify(parsed()[0]);
    for (const cpf of ["12345678909", "123.456.789-09", "98765432100", "11144477735", "52998224725"]) {
      expect(text).not.toContain(cpf);
    }
    expect(parsed()[0].cpf).toBe("***.456.789-**");
    expect(parsed()[0].err).toEqual({ message: "dest CPF ***.444.777-** invalid (cStat 237)" });
  });

  it("leaves access keys, protocols, CNPJs and amounts alone", () => {
    const chNFe = "35260306157250000116650010000000011000000010";
    expect(maskCpfInText(`chNFe ${chNFe} nProt 135260000000001 CNPJ 06157250000116 total 12345.67`)).toBe(
      `chNFe ${chNFe} nProt 135260000000001 CNPJ 06157250000116 total 12345.67`,
    );
    expect(maskDocument("06157250000116")).toBe("**********0116");
  });

  it("never throws: cycles, BigInt, Buffers and deep objects become text", () => {
    const { logger, parsed } = capture();
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 20; i++) deep = deep.next = {};
    expect(() =>
      logger.error("odd values", {
        loop,
        big: 10n ** 20n,
        pfxBytes: Buffer.alloc(2048),
        raw: Buffer.from("xy"),
        top,
      }),
    ).not.toThrow();
    const entry = parsed()[0];
    expect(entry.loop).toEqual({ name: "loop", self: "[circular]" });
    expect(entry.big).toBe("100000000000000000000");
    expect(entry.pfxBytes).toBe("[redacted]");
    expect(entry.raw).toBe("[2 bytes]");
    expect(JSON.stringify(entry.top)).toContain("[too deep]");
  });

  it("prefixes journald priorities when asked, so journalctl -p warning filters", () => {
    const { lines, logger } = capture({ journalPrefix: true, level: "debug" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((l) => l.slice(0, 3))).toEqual(["<7>", "<6>", "<4>", "<3>"]);
  });

  it("detects the journal only when JOURNAL_STREAM names this process's stderr", () => {
    expect(stderrIsJournal({})).toBe(false);
    expect(stderrIsJournal({ JOURNAL_STREAM: "8:12345" })).toBe(false);
    const st = fstatSync(2);
    expect(stderrIsJournal({ JOURNAL_STREAM: `${st.dev}:${st.ino}` })).toBe(true);
  });
});
