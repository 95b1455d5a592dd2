// Builds final (signed, with QR) sample notes for the gate tests, with a hook to seed a defect in the
// unsigned XML so that the signature stays valid and only the seeded rule can fire.
import { finalizeNfce } from "../../../src/fiscal/finalize-nfce.js";
import { identity } from "./helpers.js";
import { type SampleOptions, sampleNfce } from "./sample-nfce.js";

export const GATE_CSC = { id: "000001", token: "0123456789ABCDEF0123456789ABCDEF" };
export const NOW = new Date("2026-11-22T10:31:00Z"); // one minute after dhEmi 07:30-03:00

export interface FinalOptions extends SampleOptions {
  version?: 2 | 3;
  mutate?: (unsignedXml: string) => string;
  cert?: "cnpj" | "cpf" | "expired";
  vNF?: string;
  csc?: { id: string; token: string };
  qrDest?: { type: "CPF" | "CNPJ"; value: string } | null;
}

export function finalNote(options: FinalOptions = {}): string {
  const sample = sampleNfce(options);
  const xml = options.mutate ? options.mutate(sample.xml) : sample.xml;
  const chave = /Id="NFe([^"]+)"/.exec(xml)?.[1] ?? sample.chave;
  return finalizeNfce(xml, {
    identity: identity(options.cert ?? (options.emitter?.type === "CPF" ? "cpf" : "cnpj")),
    qrCodeVersion: options.version ?? 2,
    csc: options.csc ?? GATE_CSC,
    uf: "SP",
    tpAmb: sample.tpAmb,
    chave,
    tpEmis: sample.tpEmis,
    dayOfMonth: sample.dayOfMonth,
    vNF: options.vNF ?? sample.vNF,
    dest: options.qrDest === null ? undefined : (options.qrDest ?? options.dest),
  }).xml;
}

/** Replaces the first occurrence and fails loudly when the text is not there (a silent no-op would pass). */
export function swap(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`seed not applied: ${String(from)}`);
  return out;
}

/** Puts another QR code URL in infNFeSupl (outside the digest, so the signature stays valid). */
export function setQr(xml: string, qr: string): string {
  return swap(xml, /<qrCode>[^<]*<\/qrCode>/, `<qrCode>${qr}</qrCode>`);
}
