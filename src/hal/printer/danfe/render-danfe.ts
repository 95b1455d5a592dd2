// The DANFE NFC-e from a signed NFe (or nfeProc) XML: printer bytes for a profile and paper width,
// or the same lines as plain text for the UI and the console.

import { encodeLines } from "../escpos/encode-lines.js";
import type { PaperWidthMm, PrinterProfile } from "../escpos/profiles.js";
import { type DanfeLine, layoutDanfe } from "./layout-danfe.js";
import { readNfceDocument } from "./nfce-document.js";

export interface DanfeOptions {
  profile: PrinterProfile;
  paperWidthMm: PaperWidthMm;
  protocol?: { nProt: string; dhRecbto: string };
  copy?: "consumer" | "store";
  taxesApprox?: string;
  /** Also print the "Via do Estabelecimento" after the consumer copy (contingency, [MAN6] §3.1.8). */
  storeCopy?: boolean;
}

export function danfeLines(signedNfeXml: string, options: DanfeOptions): DanfeLine[] {
  const doc = readNfceDocument(signedNfeXml);
  const base = {
    columns: options.profile.columns[options.paperWidthMm],
    ...(options.protocol ? { protocol: options.protocol } : {}),
    ...(options.taxesApprox ? { taxesApprox: options.taxesApprox } : {}),
  };
  const first = layoutDanfe(doc, { ...base, ...(options.copy ? { copy: options.copy } : {}) });
  return options.storeCopy ? [...first, ...layoutDanfe(doc, { ...base, copy: "store" })] : first;
}

export interface RenderedDanfe {
  /** ESC/POS bytes for the profile. */
  bytes: Uint8Array;
  /** The same receipt as text lines (see danfeText). */
  lines: string[];
}

/** Bytes and preview lines from one reading and one layout of the note (the sale path needs both). */
export function renderDanfeReceipt(signedNfeXml: string, options: DanfeOptions): RenderedDanfe {
  const lines = danfeLines(signedNfeXml, options);
  return {
    bytes: encodeLines(lines, options.profile, options.paperWidthMm),
    lines: previewLines(lines, options.profile.columns[options.paperWidthMm]),
  };
}

export function renderDanfe(signedNfeXml: string, options: DanfeOptions): Uint8Array {
  return encodeLines(danfeLines(signedNfeXml, options), options.profile, options.paperWidthMm);
}

/** The same lines as text; the QR Code is a placeholder line, a cut a blank line. */
export function danfeText(signedNfeXml: string, options: DanfeOptions): string[] {
  return previewLines(danfeLines(signedNfeXml, options), options.profile.columns[options.paperWidthMm]);
}

function previewLines(lines: readonly DanfeLine[], columns: number): string[] {
  const qr = "[QR Code]".padStart(Math.floor((columns + 9) / 2));
  return lines.map((line) => (line.kind === "text" ? line.text : line.kind === "qr" ? qr : ""));
}
