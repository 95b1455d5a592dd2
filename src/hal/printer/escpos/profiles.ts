// Printer models are data ([style §7.7]): columns per paper width, code page, and the dialect for
// QR, drawer pulse and cut. Sources: Epson ESC/POS reference (GS ( k, ESC p, GS V, ESC t 3 = CP860);
// ACBr ACBrEscBematech.pas and pyescpos for the ESC/Bematech dialect (GS k Q, ESC v, ESC m,
// ESC t 4 = CP860, GS F9 20 00 selects ESC/Bematech). Column counts are for font A at 203 dpi;
// all of this is tested in simulation and over ptys only, not on the physical units.

export type PrinterModel = "epson-tm-t20" | "elgin-i9" | "bematech-mp4200";
export type PaperWidthMm = 58 | 80;
export type QrDialect = "escpos" | "bematech";
export type CodePage = "cp860" | "windows1252";

export interface PrinterProfile {
  model: PrinterModel;
  name: string;
  /** Font A columns per paper width. */
  columns: Record<PaperWidthMm, number>;
  /** Printable dots per paper width (the QR must fit). */
  printableDots: Record<PaperWidthMm, number>;
  dotsPerMm: number;
  codePage: CodePage;
  /** ESC t n value selecting `codePage` on this model. */
  codePageNumber: number;
  qr: QrDialect;
  drawer: "esc-p" | "esc-v";
  cut: "gs-v" | "esc-m";
  /** Bytes sent after ESC @ (mode selection). */
  init: readonly number[];
}

export const PRINTER_PROFILES: Readonly<Record<PrinterModel, PrinterProfile>> = {
  "epson-tm-t20": {
    model: "epson-tm-t20",
    name: "Epson TM-T20 family",
    columns: { 58: 32, 80: 48 },
    printableDots: { 58: 384, 80: 576 },
    dotsPerMm: 8,
    codePage: "cp860",
    codePageNumber: 3,
    qr: "escpos",
    drawer: "esc-p",
    cut: "gs-v",
    init: [],
  },
  "elgin-i9": {
    model: "elgin-i9",
    name: "Elgin i9",
    columns: { 58: 32, 80: 48 },
    printableDots: { 58: 384, 80: 576 },
    dotsPerMm: 8,
    codePage: "windows1252",
    codePageNumber: 16,
    qr: "escpos",
    drawer: "esc-p",
    cut: "gs-v",
    init: [],
  },
  "bematech-mp4200": {
    model: "bematech-mp4200",
    name: "Bematech MP-4200 TH (ESC/Bematech)",
    columns: { 58: 32, 80: 42 },
    printableDots: { 58: 384, 80: 576 },
    dotsPerMm: 8,
    codePage: "cp860",
    codePageNumber: 4,
    qr: "bematech",
    drawer: "esc-v",
    cut: "esc-m",
    init: [0x1d, 0xf9, 0x20, 0x00],
  },
};

export function printerProfile(model: PrinterModel): PrinterProfile {
  return PRINTER_PROFILES[model];
}
