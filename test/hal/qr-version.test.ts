// qrVersionM replays qrcode's segmentation without drawing the symbol: it must answer exactly what
// QRCode.create answers (the printed module size, [MAN6] §3.4, follows from the version).
import fc from "fast-check";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { qrVersionM } from "../../src/hal/printer/escpos/qr-version.js";

const libraryVersion = (payload: string) => QRCode.create(payload, { errorCorrectionLevel: "M" }).version;

const hex = (n: number, upper: boolean) =>
  fc
    .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: n, maxLength: n })
    .map((s) => (upper ? s.toUpperCase() : s));
const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: n, maxLength: n });
const base64 = (n: number) =>
  fc
    .string({
      unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
      minLength: n - 1,
      maxLength: n - 1,
    })
    .map((s) => `${s}=`);
const amount = fc.tuple(fc.nat(99999), fc.nat(99)).map(([r, c]) => `${r}.${String(c).padStart(2, "0")}`);
const url = fc.constantFrom(
  "https://www.homologacao.nfce.fazenda.sp.gov.br/qrcode",
  "https://www.nfce.fazenda.sp.gov.br/qrcode",
  "http://www.fazenda.pr.gov.br/nfce/qrcode",
  "https://nfce.sefaz.pe.gov.br/nfce/consulta",
  "http://nfe.sefaz.ba.gov.br/servicos/nfce/qrcode.aspx",
);
// NT 2025.001 QR v2 (online and offline) and v3 shapes, as fiscal/qr-code builds them.
const nfcePayload = fc.oneof(
  fc
    .tuple(url, digits(44), fc.constantFrom("1", "2"), fc.integer({ min: 1, max: 999999 }), hex(40, true))
    .map(([u, k, amb, csc, h]) => `${u}?p=${k}|2|${amb}|${csc}|${h}`),
  fc
    .tuple(url, digits(44), fc.constantFrom("1", "2"), digits(2), amount, hex(56, false), hex(40, true))
    .map(([u, k, amb, d, v, dig, h]) => `${u}?p=${k}|2|${amb}|${d}|${v}|${dig}|1|${h}`),
  fc.tuple(url, digits(44), fc.constantFrom("1", "2")).map(([u, k, amb]) => `${u}?p=${k}|3|${amb}`),
  fc
    .tuple(
      url,
      digits(44),
      fc.constantFrom("1", "2"),
      digits(2),
      amount,
      fc.constantFrom("", "1|12345678000199", "2|12345678909"),
      base64(344),
    )
    .map(([u, k, amb, d, v, dest, sig]) => `${u}?p=${k}|3|${amb}|${d}|${v}|${dest || "|"}|${sig}`),
);

describe("qrVersionM equals QRCode.create(...).version", () => {
  it("NFC-e payloads of every shape", () => {
    fc.assert(
      fc.property(nfcePayload, (p) => {
        expect(qrVersionM(p)).toBe(libraryVersion(p));
      }),
      { numRuns: 400 },
    );
  });

  it("arbitrary ASCII: digits, upper case, lower case and punctuation mixed in runs of any length", () => {
    const run = fc.oneof(
      fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 12 }),
      fc.string({ unit: fc.constantFrom(..."ABCXYZ $%*+-./:"), minLength: 1, maxLength: 12 }),
      fc.string({ unit: fc.constantFrom(..."abz|?=&_\n\t~"), minLength: 1, maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 120 }), (runs) => {
        const p = runs.join("");
        expect(qrVersionM(p)).toBe(libraryVersion(p));
      }),
      { numRuns: 500 },
    );
  });

  it("single-mode payloads at every length up to a few versions' capacity, and non-ASCII", () => {
    for (let n = 1; n <= 400; n += 3) {
      for (const p of ["7".repeat(n), "A".repeat(n), "a".repeat(n), `${"1".repeat(n)}A`]) {
        expect(qrVersionM(p)).toBe(libraryVersion(p));
      }
    }
    for (const p of ["AÇÚCAR 1KG", "https://x/?p=ç|1", "€"]) expect(qrVersionM(p)).toBe(libraryVersion(p));
  });
});
