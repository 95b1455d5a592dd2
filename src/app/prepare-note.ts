// The pure part of an emission: sale + emitter + number + instant -> the final signed bytes.
// No I/O: the caller reserves nothing until the gate has passed.
import type { ResolvedConfig } from "../config/schema.js";
import { generateCNF } from "../fiscal/access-key.js";
import { type BuiltNfce, buildNfce } from "../fiscal/build-nfce.js";
import type { SigningIdentity } from "../fiscal/certificate.js";
import { type FinalizedNfce, finalizeNfce } from "../fiscal/finalize-nfce.js";
import type { Sale } from "../fiscal/sale.js";

export const VER_PROC = "nfce-kiosk 0.1";

export interface PrepareInput {
  sale: Sale;
  config: ResolvedConfig;
  identity: SigningIdentity;
  nNF: number;
  tpEmis: 1 | 9;
  now: Date;
  random: () => number;
  contingency?: { dhCont: Date; xJust: string };
}

export interface PreparedNote {
  built: BuiltNfce;
  final: FinalizedNfce;
}

export function tpAmbOf(config: ResolvedConfig): 1 | 2 {
  return config.environment === "producao" ? 1 : 2;
}

export function prepareNote(input: PrepareInput): PreparedNote {
  const { config } = input;
  const built = buildNfce({
    sale: input.sale,
    emitter: config.emitter,
    environment: config.environment,
    series: config.series,
    nNF: input.nNF,
    cNF: generateCNF(input.random, input.nNF),
    tpEmis: input.tpEmis,
    dhEmi: input.now,
    ...(input.tpEmis === 9 && input.contingency ? { contingency: input.contingency } : {}),
    ...(config.respTec ? { respTec: config.respTec } : {}),
    verProc: VER_PROC,
  });
  const final = finalizeNfce(built.xml, {
    identity: input.identity,
    qrCodeVersion: config.qrCodeVersion,
    ...(config.csc ? { csc: { id: config.csc.id, token: config.csc.token } } : {}),
    uf: config.emitter.address.uf,
    tpAmb: tpAmbOf(config),
    chave: built.chave,
    tpEmis: input.tpEmis,
    dayOfMonth: built.dayOfMonth,
    vNF: built.vNF,
    ...(built.dest ? { dest: built.dest } : {}),
  });
  return { built, final };
}
