// Laid-out lines to ESC/POS bytes for one printer profile. Text, code page and bold go through
// @point-of-sale/receipt-printer-encoder; QR and cut use the profile's dialect (commands.ts).
import ReceiptPrinterEncoder from "@point-of-sale/receipt-printer-encoder";
import iconv from "iconv-lite";
import type { DanfeLine } from "../danfe/layout-danfe.js";
import { alignCommand, cutCommand, qrCommand } from "./commands.js";
import type { CodePage, PaperWidthMm, PrinterProfile } from "./profiles.js";
import { qrGeometry } from "./qr-size.js";

const FALLBACKS: Record<string, string> = {
  "–": "-",
  "—": "-",
  "“": '"',
  "”": '"',
  "‘": "'",
  "’": "'",
  "•": "*",
};

/** Characters the code page lacks become their closest ASCII, never a silent '?'. */
export function printable(text: string, codePage: CodePage): string {
  let out = "";
  for (const ch of text) {
    const mapped = FALLBACKS[ch] ?? ch;
    if (mapped.length === 1 && mapped.charCodeAt(0) < 0x80) out += mapped;
    else if (iconv.decode(iconv.encode(mapped, codePage), codePage) === mapped) out += mapped;
    else
      out += mapped
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/[^\x20-\x7e]/g, "?");
  }
  return out;
}

export function encodeLines(
  lines: readonly DanfeLine[],
  profile: PrinterProfile,
  paper: PaperWidthMm,
): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({
    language: "esc-pos",
    columns: profile.columns[paper],
    codepageMapping: { [profile.codePage]: profile.codePageNumber },
    newline: "\n",
    feedBeforeCut: 0,
  });
  encoder.initialize();
  if (profile.init.length) encoder.raw([...profile.init]);
  encoder.raw([0x1b, 0x74, profile.codePageNumber]).codepage(profile.codePage);
  for (const line of lines) {
    if (line.kind === "text") {
      const t = printable(line.text, profile.codePage);
      if (line.bold) encoder.bold(true).line(t).bold(false);
      else encoder.line(t);
    } else if (line.kind === "qr") {
      const geometry = qrGeometry(line.payload, profile.dotsPerMm, profile.printableDots[paper]);
      encoder
        .raw(alignCommand("center"))
        .raw(qrCommand(profile, line.payload, geometry.moduleDots))
        .raw([0x0a])
        .raw(alignCommand("left"));
    } else {
      encoder.newline(4).raw(cutCommand(profile));
    }
  }
  return encoder.encode();
}
