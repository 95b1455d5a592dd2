// The DANFE NFC-e as printed: bytes decoded by the test-side ESC/POS decoder, division by division.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsQRModule from "jsqr";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { isKioskError } from "../../src/errors.js";
import { danfeText, renderDanfe } from "../../src/hal/printer/danfe/render-danfe.js";
import {
  type PaperWidthMm,
  PRINTER_PROFILES,
  type PrinterModel,
} from "../../src/hal/printer/escpos/profiles.js";
import {
  BEMATECH_CODE_PAGES,
  decodeEscPos,
  EPSON_CODE_PAGES,
  receiptToGolden,
} from "../helpers/escpos-decoder.js";

// jsqr is CommonJS with `export default`: under NodeNext the callable sits on .default.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;
const FIXTURES = join(import.meta.dirname, "..", "fixtures", "hal");
const xmlOf = (name: string) => readFileSync(join(FIXTURES, "nfce", `${name}.xml`), "utf8");
const qrCodeOf = (xml: string) => /<qrCode>([^<]+)<\/qrCode>/.exec(xml)?.[1] ?? "";
const codePagesFor = (model: PrinterModel) =>
  model === "bematech-mp4200" ? BEMATECH_CODE_PAGES : EPSON_CODE_PAGES;
const HOMOLOG_PROTOCOL = { nProt: "135260000000777", dhRecbto: "2026-11-22T13:00:02+00:00" };

function render(name: string, model: PrinterModel, paperWidthMm: PaperWidthMm, extra: object = {}) {
  const xml = xmlOf(name);
  const options = {
    profile: PRINTER_PROFILES[model],
    paperWidthMm,
    ...(name === "homologacao" ? { protocol: HOMOLOG_PROTOCOL } : {}),
    ...extra,
  };
  const bytes = renderDanfe(xml, options);
  const receipt = decodeEscPos(bytes, codePagesFor(model));
  return { xml, bytes, receipt, text: danfeText(xml, options), lines: receipt.lines().map((l) => l.trim()) };
}

/** Renders the payload with the `qrcode` package and reads it back with jsQR. */
function readableQr(payload: string): string | undefined {
  const symbol = QRCode.create(payload, { errorCorrectionLevel: "M" });
  const scale = 4;
  const quiet = 4;
  const n = symbol.modules.size;
  const size = (n + 2 * quiet) * scale;
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      if (symbol.modules.get(y, x))
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const p = (((y + quiet) * scale + dy) * size + (x + quiet) * scale + dx) * 4;
            rgba[p] = rgba[p + 1] = rgba[p + 2] = 0;
          }
  return jsQR(rgba, size, size)?.data;
}

const MODELS = Object.keys(PRINTER_PROFILES) as PrinterModel[];
const FILES = ["online-authorized", "offline", "homologacao"];

describe("DANFE NFC-e bytes, every profile and paper width", () => {
  for (const model of MODELS)
    for (const width of [58, 80] as const)
      for (const file of FILES)
        it(`${file} on ${model} ${width} mm: printed text equals the preview, lines fit, QR is the XML's`, () => {
          const { xml, receipt, text } = render(file, model, width);
          const columns = PRINTER_PROFILES[model].columns[width];
          const previewText = text.filter((l) => l !== "" && !l.includes("[QR Code]"));
          const printed = receipt.lines().filter((l) => l !== "");
          expect(printed).toEqual(previewText);
          for (const l of printed) expect(l.length).toBeLessThanOrEqual(columns);
          expect(receipt.codePages[0]).toBe(PRINTER_PROFILES[model].codePage);
          const [qr, ...more] = receipt.qrCodes();
          expect(more).toHaveLength(0);
          expect(qr?.payload).toBe(qrCodeOf(xml)); // [MAN6] §4.3: the same string as infNFeSupl/qrCode
          expect(qr?.ecc).toBe("M"); // [MAN6] §4.5.2
          expect(qr?.dialect).toBe(model === "bematech-mp4200" ? "bematech" : "escpos");
          // [MAN6] §3.4: at least 25 x 25 mm including the quiet zone (4 modules), at 8 dots/mm.
          const modules = QRCode.create(qr?.payload ?? "", { errorCorrectionLevel: "M" }).modules.size;
          const mm = ((modules + 8) * (qr?.moduleDots ?? 0)) / 8;
          expect(mm).toBeGreaterThanOrEqual(25);
          expect((modules + 8) * (qr?.moduleDots ?? 0)).toBeLessThanOrEqual(
            PRINTER_PROFILES[model].printableDots[width],
          );
          const cuts = receipt.elements.filter((e) => e.type === "cut");
          expect(cuts).toEqual([{ type: "cut", command: model === "bematech-mp4200" ? "esc-m" : "gs-v" }]);
        });
});

describe("DANFE NFC-e divisions ([MAN6] §3.1)", () => {
  it("online authorized: header, items, totals, key in 11 groups, consumer CPF, protocol in local time, taxes", () => {
    const { lines } = render("online-authorized", "epson-tm-t20", 80);
    // Div. I
    expect(lines.slice(0, 5)).toEqual([
      "CNPJ: 06.157.250/0001-16",
      "EMPRESA TESTE LTDA",
      "RUA TESTE, 100, CENTRO, SAO PAULO - SP",
      "Documento Auxiliar da Nota Fiscal de Consumidor",
      "Eletrônica",
    ]);
    // Div. II: cProd, xProd, qCom, uCom, vUnCom, vProd with comma decimals and dot thousands.
    expect(lines).toContain("001 1001 CAFE TORRADO 500G");
    expect(lines).toContain("2 UN x 12,50                           25,00");
    expect(lines).toContain("1,25 KG x 1.234,56                  1.543,20");
    // Div. III: distinct items, totals, discount and "a pagar" only because there is a discount.
    expect(lines).toContain("Qtde. total de itens                           2");
    expect(lines).toContain("Valor total R$                          1.568,20");
    expect(lines).toContain("Desconto R$                                -1,00");
    expect(lines).toContain("Valor a Pagar R$                        1.567,20");
    expect(lines).toContain("Cartão de Crédito                       1.000,00");
    expect(lines).toContain("Dinheiro                                  600,00");
    expect(lines).toContain("Troco R$                                   32,80");
    // Div. IV: [MAN6] §3.1.4, 11 blocks of 4 digits.
    expect(lines).toContain("Consulte pela Chave de Acesso em");
    const keyText = lines.filter((l) => /^(\d{4} )+\d{4}$/.test(l)).join(" ");
    expect(keyText).toBe("3526 1106 1572 5000 0116 6500 1000 0001 2314 8213 7651");
    // Div. VI and VII: dhRecbto 00:47:07 UTC printed as 21:47:07 local (-03:00, from dhEmi).
    expect(lines).toContain("CONSUMIDOR CPF: 123.456.789-09");
    expect(lines).toContain("FULANO DE TAL");
    expect(lines).toContain("NFC-e nº 123 Série 1");
    expect(lines).toContain("21/11/2026 21:47:05");
    expect(lines).toContain("Protocolo de autorização: 135260001234567");
    expect(lines).toContain("Data de autorização: 21/11/2026 21:47:07");
    expect(lines.join("\n")).not.toMatch(/CONTINGÊNCIA|HOMOLOGAÇÃO/);
    // Div. IX: infCpl, then the Lei 12.741 line (vTotTrib present).
    expect(lines.join(" ")).toContain("Tributos totais incidentes (Lei Federal 12.741/2012): R$ 254,10");
  });

  it("offline (tpEmis 9): contingency text below Div. I and below Div. VII, no protocol, consumer not identified", () => {
    const { lines } = render("offline", "epson-tm-t20", 80);
    const idx = (t: string, from = 0) => lines.indexOf(t, from);
    const first = idx("EMITIDA EM CONTINGÊNCIA");
    const second = idx("EMITIDA EM CONTINGÊNCIA", first + 1);
    expect(first).toBeGreaterThan(idx("Eletrônica")); // [MAN6] §3.1.8 below the header
    expect(first).toBeLessThan(idx("Código Descrição"));
    expect(lines[first + 1]).toBe("Pendente de autorização");
    expect(second).toBeGreaterThan(idx("NFC-e nº 124 Série 1")); // and below the identification
    expect(lines[second + 1]).toBe("Pendente de autorização");
    expect(lines.filter((l) => l === "EMITIDA EM CONTINGÊNCIA")).toHaveLength(2);
    expect(lines.join("\n")).not.toContain("Protocolo de autorização"); // [MAN6] §3.1.7
    expect(lines).toContain("CONSUMIDOR NÃO IDENTIFICADO");
    expect(lines).toContain("002 3003 AÇÚCAR CRISTAL 1KG");
    expect(lines).toContain("PIX Dinâmico                               54,40");
    expect(lines.join("\n")).not.toContain("Tributos totais"); // no vTotTrib in this XML
  });

  it("contingency texts are bold (em destaque)", () => {
    const { receipt } = render("offline", "elgin-i9", 58);
    const marks = receipt.elements.filter(
      (e) => e.type === "text" && e.text.trim() === "EMITIDA EM CONTINGÊNCIA",
    );
    expect(marks).toHaveLength(2);
    for (const m of marks) expect(m).toMatchObject({ bold: true });
  });

  it("offline with the store copy: a second DANFE marked 'Via do Estabelecimento' beside the date", () => {
    const { lines, receipt } = render("offline", "epson-tm-t20", 80, { copy: "consumer", storeCopy: true });
    expect(lines).toContain("22/11/2026 09:15:00 - Via do Consumidor");
    expect(lines).toContain("22/11/2026 09:15:00 - Via do Estabelecimento");
    expect(receipt.qrCodes()).toHaveLength(2);
    expect(receipt.elements.filter((e) => e.type === "cut")).toHaveLength(2);
  });

  it("homologação: the fixed message in Div. VIII, centred and upper case; protocol from the SEFAZ reply", () => {
    const { lines } = render("homologacao", "bematech-mp4200", 80);
    const joined = lines.join(" ");
    expect(joined).toContain("EMITIDA EM AMBIENTE DE HOMOLOGAÇÃO - SEM VALOR FISCAL");
    expect(lines).toContain("Protocolo de autorização: 135260000000777");
    expect(lines).toContain("Data de autorização: 22/11/2026 10:00:02"); // 13:00:02 UTC in -03:00
  });

  it("a reprint of an offline note after authorization shows the protocol and no 'pendente'", () => {
    const { lines } = render("offline", "epson-tm-t20", 80, {
      protocol: { nProt: "135260000009999", dhRecbto: "2026-11-22T09:30:00-03:00" },
    });
    expect(lines).toContain("Protocolo de autorização: 135260000009999");
    expect(lines.join("\n")).not.toContain("Pendente de autorização");
  });

  it("Portuguese letters use the profile's code page: CP860 on Epson/Bematech, WPC1252 on Elgin", () => {
    const epson = render("offline", "epson-tm-t20", 80).bytes;
    const elgin = render("offline", "elgin-i9", 80).bytes;
    const bema = render("offline", "bematech-mp4200", 80).bytes;
    // "AÇÚCAR": Ç = 0x80 and Ú = 0x96 in CP860; 0xC7 and 0xDA in windows-1252.
    expect(Buffer.from(epson).includes(Buffer.from([0x41, 0x80, 0x96, 0x43]))).toBe(true);
    expect(Buffer.from(elgin).includes(Buffer.from([0x41, 0xc7, 0xda, 0x43]))).toBe(true);
    expect(Buffer.from(bema).includes(Buffer.from([0x1b, 0x74, 0x04]))).toBe(true);
    expect(Buffer.from(bema).subarray(2, 6)).toEqual(Buffer.from([0x1c, 0x2e, 0x1b, 0x4d]));
  });

  it("the QR payload re-rendered with `qrcode` is readable by jsQR", () => {
    for (const file of FILES) {
      const payload = qrCodeOf(xmlOf(file));
      expect(readableQr(payload)).toBe(payload);
    }
  });

  it("malformed or incomplete XML gives a coded error, never a crash", () => {
    const opts = { profile: PRINTER_PROFILES["epson-tm-t20"], paperWidthMm: 80 as const };
    for (const bad of [
      "",
      "<NFe>",
      "<NFe><infNFe Id='x'/></NFe>",
      xmlOf("offline").replace(/<qrCode>[^<]*<\/qrCode>/, ""),
    ]) {
      let error: unknown;
      try {
        renderDanfe(bad, opts);
      } catch (e) {
        error = e;
      }
      expect(isKioskError(error) && error.code).toBe("KIOSK_ERR_INPUT_INVALID");
    }
  });
});

describe("golden receipts", () => {
  const cases: [string, string, PrinterModel, PaperWidthMm, object][] = [
    ["online-authorized-epson-80", "online-authorized", "epson-tm-t20", 80, {}],
    ["offline-elgin-58-two-copies", "offline", "elgin-i9", 58, { copy: "consumer", storeCopy: true }],
    ["homologacao-bematech-80", "homologacao", "bematech-mp4200", 80, {}],
  ];
  for (const [golden, file, model, width, extra] of cases)
    it(golden, () => {
      const actual = `${receiptToGolden(render(file, model, width, extra).receipt)}\n`;
      const path = join(FIXTURES, "golden", `${golden}.txt`);
      if (process.env.UPDATE_GOLDEN === "1") {
        mkdirSync(join(FIXTURES, "golden"), { recursive: true });
        writeFileSync(path, actual);
      }
      expect(existsSync(path), `${path} missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(actual).toBe(readFileSync(path, "utf8"));
    });
});
