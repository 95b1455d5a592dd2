// The whole signing step through the real builder: buildNfce -> finalizeNfce -> runGate (+ PL_010 XSD).
// Generated sales (the builder's own property generator) must all pass the gate: the gate and the
// builder check each other.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KioskError } from "../../../src/errors.js";
import { generateCNF } from "../../../src/fiscal/access-key.js";
import { buildNfce } from "../../../src/fiscal/build-nfce.js";
import { finalizeNfce } from "../../../src/fiscal/finalize-nfce.js";
import { checkNfce, runGate } from "../../../src/fiscal/gate/index.js";
import type { Sale } from "../../../src/fiscal/sale.js";
import { XsdValidator } from "../../../src/xsd/xsd-validator.js";
import { HAS_SHARED, SCHEMA_DIRS } from "../../helpers/shared.js";
import { type GenSale, saleArb } from "../document/property-gen.js";
import { EMITTER_NORMAL, EMITTER_SN, SALE_NORMAL, SALE_SN } from "../document/sample-data.js";
import { GATE_CSC } from "./gate-helpers.js";
import { identity } from "./helpers.js";

const RUNS = Number(process.env.GATE_PIPELINE_RUNS ?? 120);
const DH_EMI = new Date("2026-11-22T10:30:00Z");

function emit(
  g: {
    sale: unknown;
    emitter: typeof EMITTER_SN;
    environment: "homologacao" | "producao";
    tpEmis: 1 | 9;
    dhEmi: Date;
    nNF: number;
  },
  version: 2 | 3,
) {
  let seed = g.nNF;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const built = buildNfce({
    sale: g.sale as Sale,
    emitter: g.emitter,
    environment: g.environment,
    series: 1,
    nNF: g.nNF,
    cNF: generateCNF(random, g.nNF),
    tpEmis: g.tpEmis,
    dhEmi: g.dhEmi,
    contingency:
      g.tpEmis === 9
        ? { dhCont: new Date(g.dhEmi.getTime() - 60_000), xJust: "SEM CONEXAO COM A SEFAZ" }
        : undefined,
    verProc: "nfce-kiosk 0.1.0",
  });
  const final = finalizeNfce(built.xml, {
    identity: identity("cnpj"),
    qrCodeVersion: version,
    csc: GATE_CSC,
    uf: g.emitter.address.uf,
    tpAmb: g.environment === "producao" ? 1 : 2,
    chave: built.chave,
    tpEmis: g.tpEmis,
    dayOfMonth: built.dayOfMonth,
    vNF: built.vNF,
    dest: built.dest,
  });
  return { built, final };
}

/** The note, or undefined when the builder refuses the generated sale (e.g. rule 750, no customer over R$ 10k). */
function emitOrRefused(g: Parameters<typeof emit>[0], version: 2 | 3) {
  try {
    return emit(g, version);
  } catch (error) {
    if (error instanceof KioskError && error.code === "KIOSK_ERR_SALE_INVALID") return undefined;
    throw error;
  }
}

/** IBGE code of each generated UF's capital: cMunFG must start with cUF ([MOC-A1] B12-20, 271). */
const CAPITAL: Record<string, string> = {
  SP: "3550308",
  RJ: "3304557",
  MG: "3106200",
  AM: "1302603",
  MT: "5103403",
  MS: "5002704",
  RO: "1100205",
  RR: "1400100",
  AC: "1200401",
  RS: "4314902",
  BA: "2927408",
  PE: "2611606",
  DF: "5300108",
};

const ctxFor = (dhEmi: Date) => ({
  csc: GATE_CSC,
  expectedEmitter: { cnpj: EMITTER_SN.cnpj },
  now: new Date(dhEmi.getTime() + 60_000),
  certificateBase64: identity("cnpj").certificateBase64,
});

describe.skipIf(!HAS_SHARED)("buildNfce -> finalizeNfce -> runGate", () => {
  const validator = new XsdValidator(SCHEMA_DIRS.PL_010_V1_30);
  const xsd = { validate: (xml: string) => validator.validate(xml, "nfe") };

  for (const [name, sale, emitter] of [
    ["Simples Nacional sale with a CPF customer", SALE_SN, EMITTER_SN],
    ["regime normal sale with ICMS, PIS/COFINS and IBS/CBS", SALE_NORMAL, EMITTER_NORMAL],
  ] as const) {
    for (const version of [2, 3] as const) {
      for (const tpEmis of [1, 9] as const) {
        it(`${name}, QR v${version}, tpEmis ${tpEmis}: gate ok with the official schema`, async () => {
          const { final } = emit(
            { sale, emitter, environment: "homologacao", tpEmis, dhEmi: DH_EMI, nNF: 42 },
            version,
          );
          expect(await runGate(final.xml, ctxFor(DH_EMI), xsd)).toEqual({ ok: true, problems: [] });
        });
      }
    }
  }

  it(`${RUNS} generated sales pass the gate's own rules and the PL_010 schema`, async () => {
    const finals: string[] = [];
    fc.assert(
      fc.property(saleArb, fc.constantFrom<2 | 3>(2, 3), (g: GenSale, version) => {
        const address = { ...EMITTER_SN.address, uf: g.uf as "SP", cityCode: CAPITAL[g.uf]! };
        const emitter = { ...EMITTER_SN, crt: g.crt, address };
        const alphanumericDest = /[A-Z]/.test(
          String((g.sale.customer as { cnpj?: string } | undefined)?.cnpj ?? ""),
        );
        if (version === 3 && g.tpEmis === 9 && alphanumericDest) {
          // The official qrCode pattern takes digits only in cDest: refused, never an invalid note.
          expect(() => emitOrRefused({ ...g, emitter }, version)).toThrow(/alphanumeric dest/);
          return;
        }
        const emitted = emitOrRefused({ ...g, emitter }, version);
        if (!emitted) return;
        const { final } = emitted;
        expect(checkNfce(final.xml, ctxFor(g.dhEmi))).toEqual([]);
        finals.push(final.xml);
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
    const results = await validator.validateMany(finals, "nfe");
    const failures = results.flatMap((r, i) =>
      r.valid ? [] : [`#${i}: ${r.errors.slice(0, 2).join("; ")}`],
    );
    expect(failures).toEqual([]);
  }, 120_000);
});
