// The 44-character access key (chave de acesso) of an NFC-e: layout [MOC-A1] B23 / nfce-reference §1,
// check digit mod 11 with weights 2..9 from the right, character value = ASCII code − 48 so that
// the alphanumeric CNPJ of NT 2026.004 works (digits keep their value, A=17 … Z=42).
import { KioskError } from "../errors.js";

export interface AccessKeyParts {
  cUF: string;
  aamm: string;
  /** 14 characters: CNPJ (may be alphanumeric in its first 12) or a CPF left-padded with zeros. */
  cnpjCpf: string;
  mod: "65";
  serie: number;
  nNF: number;
  tpEmis: 1 | 9;
  cNF: string;
}

const FIRST43 = /^[0-9A-Z]{43}$/;
/** XSD TChNFe (PL_010): positions 7-18 may be letters. */
const CHAVE = /^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$/;

/** Check digit of the first 43 characters. */
export function accessKeyCheckDigit(first43: string): number {
  if (!FIRST43.test(first43)) throw new RangeError("the first 43 characters of a key must be [0-9A-Z]");
  let sum = 0;
  let weight = 2;
  for (let i = first43.length - 1; i >= 0; i--) {
    sum += (first43.charCodeAt(i) - 48) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function invalid(message: string): never {
  throw new KioskError("KIOSK_ERR_INPUT_INVALID", message, { field: "chave" });
}

/** The key with its check digit. Throws on parts that cannot form a valid key. */
export function buildAccessKey(p: AccessKeyParts): string {
  if (!/^\d{2}$/.test(p.cUF)) invalid(`cUF must be 2 digits, got "${p.cUF}"`);
  if (!/^\d{2}(0[1-9]|1[0-2])$/.test(p.aamm)) invalid(`AAMM must be YYMM, got "${p.aamm}"`);
  if (!/^[0-9A-Z]{12}[0-9]{2}$/.test(p.cnpjCpf))
    invalid(`CNPJ/CPF must be 14 characters, got "${p.cnpjCpf}"`);
  if (p.mod !== "65") invalid(`mod must be 65, got "${p.mod}"`);
  if (!Number.isInteger(p.serie) || p.serie < 0 || p.serie > 999) invalid(`serie out of range: ${p.serie}`);
  if (!Number.isInteger(p.nNF) || p.nNF < 1 || p.nNF > 999_999_999) invalid(`nNF out of range: ${p.nNF}`);
  if (p.tpEmis !== 1 && p.tpEmis !== 9) invalid(`tpEmis must be 1 or 9, got ${String(p.tpEmis)}`);
  if (!/^\d{8}$/.test(p.cNF)) invalid(`cNF must be 8 digits, got "${p.cNF}"`);
  const first43 = `${p.cUF}${p.aamm}${p.cnpjCpf}${p.mod}${pad(p.serie, 3)}${pad(p.nNF, 9)}${p.tpEmis}${p.cNF}`;
  return first43 + String(accessKeyCheckDigit(first43));
}

/** Splits a key into its parts; throws KIOSK_ERR_INPUT_INVALID on a bad shape, model, tpEmis or check digit. */
export function parseAccessKey(chave: string): AccessKeyParts & { cDV: number } {
  if (typeof chave !== "string" || !CHAVE.test(chave))
    invalid("the access key must have 44 characters (TChNFe)");
  const cDV = Number(chave.slice(43));
  const expected = accessKeyCheckDigit(chave.slice(0, 43));
  if (cDV !== expected) invalid(`the access key check digit is ${cDV}, expected ${expected}`);
  const mod = chave.slice(20, 22);
  if (mod !== "65") invalid(`the access key is of model ${mod}, not an NFC-e (65)`);
  const tpEmis = Number(chave.slice(34, 35));
  if (tpEmis !== 1 && tpEmis !== 9)
    invalid(`the access key has tpEmis ${tpEmis}; only 1 and 9 are used here`);
  return {
    cUF: chave.slice(0, 2),
    aamm: chave.slice(2, 6),
    cnpjCpf: chave.slice(6, 20),
    mod: "65",
    serie: Number(chave.slice(22, 25)),
    nNF: Number(chave.slice(25, 34)),
    tpEmis,
    cNF: chave.slice(35, 43),
    cDV,
  };
}

/** Values of cNF refused by [MOC-A1] B03-10 (NT 2019.001, rejection 897). */
export const FORBIDDEN_CNF: ReadonlySet<string> = new Set([
  ...Array.from({ length: 10 }, (_, d) => String(d).repeat(8)),
  "12345678",
  "23456789",
  "34567890",
  "45678901",
  "56789012",
  "67890123",
  "78901234",
  "89012345",
  "90123456",
  "01234567",
]);

/** True when `cNF` is 8 digits, not a forbidden sequence and not equal to nNF ([MOC-A1] B03-10). */
export function isValidCNF(cNF: string, nNF: number): boolean {
  return /^\d{8}$/.test(cNF) && !FORBIDDEN_CNF.has(cNF) && Number(cNF) !== nNF;
}

/**
 * A random cNF allowed by [MOC-A1] B03-10. `random` returns [0, 1) like Math.random (inject a
 * seeded one in tests, crypto-backed in production). Gives up after 1000 draws, which only a
 * broken generator can cause.
 */
export function generateCNF(random: () => number, nNF: number): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const r = random();
    if (!(r >= 0 && r < 1)) continue;
    const cNF = pad(Math.floor(r * 100_000_000), 8);
    if (isValidCNF(cNF, nNF)) return cNF;
  }
  throw new KioskError("KIOSK_ERR_INTERNAL", "the random source produced no valid cNF in 1000 draws");
}
