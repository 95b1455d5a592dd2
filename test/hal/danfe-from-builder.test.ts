// The DANFE of notes made by the real fiscal pipeline (buildNfce -> finalizeNfce, signed with the
// public test certificate): what is printed matches the signed XML, including its QR Code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { EmitterConfig } from "../../src/config/schema.js";
import { buildNfce } from "../../src/fiscal/build-nfce.js";
import { loadPkcs12 } from "../../src/fiscal/certificate.js";
import { finalizeNfce } from "../../src/fiscal/finalize-nfce.js";
import { parseSale } from "../../src/fiscal/sale.js";
import { renderDanfe } from "../../src/hal/printer/danfe/render-danfe.js";
import { PRINTER_PROFILES } from "../../src/hal/printer/escpos/profiles.js";
import { decodeEscPos } from "../helpers/escpos-decoder.js";
import { CERTS, HAS_SHARED } from "../helpers/shared.js";
import { sampleSale, TEST_CSC, testEmitter } from "../helpers/test-config.js";

const EMITTER: EmitterConfig = testEmitter();

const SALE = { ...sampleSale(), customer: { cpf: "12345678909" } };

function emit(tpEmis: 1 | 9, environment: "homologacao" | "producao", qrCodeVersion: 2 | 3) {
  const dhEmi = new Date("2026-11-22T13:30:00Z");
  const built = buildNfce({
    sale: parseSale(SALE, 1),
    emitter: EMITTER,
    environment,
    series: 1,
    nNF: 42,
    cNF: "48213765",
    tpEmis,
    dhEmi,
    ...(tpEmis === 9
      ? {
          contingency: {
            dhCont: new Date(dhEmi.getTime() - 60_000),
            xJust: "SEM CONEXAO COM A SEFAZ AUTORIZADORA",
          },
        }
      : {}),
    verProc: "nfce-kiosk test",
  });
  const identity = loadPkcs12(readFileSync(CERTS.cnpj.path), CERTS.cnpj.password);
  return finalizeNfce(built.xml, {
    identity,
    qrCodeVersion,
    csc: TEST_CSC,
    uf: "SP",
    tpAmb: environment === "producao" ? 1 : 2,
    chave: built.chave,
    tpEmis,
    dayOfMonth: built.dayOfMonth,
    vNF: built.vNF,
    ...(built.dest ? { dest: built.dest } : {}),
  });
}

describe.skipIf(!HAS_SHARED)("DANFE from the real fiscal pipeline", () => {
  it("offline v3 note in homologação: QR equals the signed XML's, contingency and homologação texts, CPF line", () => {
    const note = emit(9, "homologacao", 3);
    const receipt = decodeEscPos(
      renderDanfe(note.xml, { profile: PRINTER_PROFILES["epson-tm-t20"], paperWidthMm: 80 }),
    );
    const lines = receipt.lines().map((l) => l.trim());
    expect(receipt.qrCodes().map((q) => q.payload)).toEqual([note.qrCode]);
    expect(lines.filter((l) => l === "EMITIDA EM CONTINGÊNCIA")).toHaveLength(2);
    expect(lines.join(" ")).toContain("EMITIDA EM AMBIENTE DE HOMOLOGAÇÃO - SEM VALOR FISCAL");
    expect(lines).toContain("CONSUMIDOR CPF: 123.456.789-09");
    expect(lines).toContain("22/11/2026 10:30:00"); // 13:30 UTC printed in São Paulo time
    expect(lines).toContain("Troco R$                                    5,00");
    expect(lines.join("")).toContain(note.urlChave); // Div. IV, possibly wrapped
  });

  it("online v2 note in produção with the protocol from the reply: protocol printed, no contingency text", () => {
    const note = emit(1, "producao", 2);
    const receipt = decodeEscPos(
      renderDanfe(note.xml, {
        profile: PRINTER_PROFILES["epson-tm-t20"],
        paperWidthMm: 58,
        protocol: { nProt: "135260000000042", dhRecbto: "2026-11-22T13:30:02+00:00" },
      }),
    );
    const lines = receipt.lines().map((l) => l.trim());
    expect(receipt.qrCodes()[0]?.payload).toBe(note.qrCode);
    expect(lines.join(" ")).toContain("Protocolo de autorização: 135260000000042");
    expect(lines.join(" ")).not.toMatch(/CONTINGÊNCIA|HOMOLOGAÇÃO/);
  });
});
