// Test-side ESC/POS decoder: turns the bytes a printer receives into a receipt model, tracking the
// ESC t code page through iconv-lite (so a wrong code page shows as wrong letters), bold and
// alignment, QR payloads (Epson GS ( k and Bematech GS k Q), cuts, drawer pulses and status
// requests. An unknown command throws: the test sees every byte the printer would.
import iconv from "iconv-lite";

export type ReceiptElement =
  | { type: "text"; text: string; bold: boolean; align: "left" | "center" | "right" }
  | {
      type: "qr";
      payload: string;
      moduleDots: number;
      ecc: "L" | "M" | "Q" | "H";
      dialect: "escpos" | "bematech";
    }
  | { type: "cut"; command: "gs-v" | "esc-m" | "esc-i" | "esc-w" }
  | { type: "pulse"; command: "esc-p" | "esc-v"; pin: number; onMs: number; offMs: number }
  | { type: "status-request"; n: number }
  | { type: "mode"; name: "esc-bematech" };

export interface DecodedReceipt {
  elements: ReceiptElement[];
  /** Code page names selected, in order. */
  codePages: string[];
  /** Text lines only. */
  lines(): string[];
  qrCodes(): Extract<ReceiptElement, { type: "qr" }>[];
}

/** ESC t n -> iconv name. Epson numbering by default; Bematech uses 4 for CP860. */
export const EPSON_CODE_PAGES: Record<number, string> = {
  0: "cp437",
  2: "cp850",
  3: "cp860",
  16: "windows1252",
  19: "cp858",
};
export const BEMATECH_CODE_PAGES: Record<number, string> = { 2: "cp850", 3: "cp437", 4: "cp860" };

const ECC: Record<number, "L" | "M" | "Q" | "H"> = { 48: "L", 49: "M", 50: "Q", 51: "H" };
const BEMA_ECC: Record<number, "L" | "M" | "Q" | "H"> = { 0: "L", 1: "M", 2: "Q", 3: "H" };

export function decodeEscPos(
  input: Uint8Array,
  codePages: Record<number, string> = EPSON_CODE_PAGES,
): DecodedReceipt {
  const b = Buffer.from(input);
  const elements: ReceiptElement[] = [];
  const selected: string[] = [];
  let codePage = "cp437";
  let bold = false;
  let align: "left" | "center" | "right" = "left";
  let line = "";
  let lineBold = false;
  let pending: Buffer[] = [];
  let qrModule = 3;
  let qrEcc: "L" | "M" | "Q" | "H" = "L";
  let qrData: string | undefined;

  const flushBytes = () => {
    if (pending.length) line += iconv.decode(Buffer.concat(pending), codePage);
    pending = [];
  };
  const endLine = () => {
    flushBytes();
    elements.push({ type: "text", text: line, bold: lineBold, align });
    line = "";
    lineBold = bold;
  };
  const need = (i: number, n: number) => {
    if (i + n > b.length) throw new Error(`truncated command at byte ${i}`);
  };

  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c === 0x0a) {
      endLine();
      i += 1;
    } else if (c === 0x0d) {
      i += 1;
    } else if (c >= 0x20 && c !== 0x7f) {
      let j = i;
      while (j < b.length && (b[j] as number) >= 0x20 && b[j] !== 0x7f) j++;
      pending.push(b.subarray(i, j));
      if (bold) lineBold = true;
      i = j;
    } else if (c === 0x10) {
      need(i, 3);
      if (b[i + 1] !== 0x04) throw new Error(`unknown DLE command at ${i}`);
      elements.push({ type: "status-request", n: b[i + 2] as number });
      i += 3;
    } else if (c === 0x1c) {
      need(i, 2);
      if (b[i + 1] !== 0x2e) throw new Error(`unknown FS command 0x${b[i + 1]?.toString(16)} at ${i}`);
      i += 2;
    } else if (c === 0x1b) {
      need(i, 2);
      const cmd = b[i + 1] as number;
      const arg = b[i + 2] as number;
      switch (cmd) {
        case 0x40: // ESC @
          flushBytes();
          codePage = "cp437";
          bold = false;
          align = "left";
          i += 2;
          break;
        case 0x74: {
          // ESC t n
          need(i, 3);
          flushBytes();
          const name = codePages[arg];
          if (!name) throw new Error(`ESC t ${arg}: unknown code page`);
          codePage = name;
          selected.push(name);
          i += 3;
          break;
        }
        case 0x45: // ESC E n
          need(i, 3);
          flushBytes();
          bold = (arg & 1) === 1;
          if (bold) lineBold = true;
          i += 3;
          break;
        case 0x61: // ESC a n
          need(i, 3);
          align = arg === 1 || arg === 49 ? "center" : arg === 2 || arg === 50 ? "right" : "left";
          i += 3;
          break;
        case 0x4d: // ESC M n (font)
        case 0x21: // ESC ! n (print mode)
        case 0x33: // ESC 3 n (line spacing)
          need(i, 3);
          i += 3;
          break;
        case 0x32: // ESC 2
          i += 2;
          break;
        case 0x64: // ESC d n: feed n lines
          need(i, 3);
          for (let k = 0; k < arg; k++) endLine();
          i += 3;
          break;
        case 0x70: // ESC p m t1 t2
          need(i, 5);
          elements.push({
            type: "pulse",
            command: "esc-p",
            pin: arg & 1 ? 5 : 2,
            onMs: (b[i + 3] as number) * 2,
            offMs: (b[i + 4] as number) * 2,
          });
          i += 5;
          break;
        case 0x76: // ESC v n (Bematech)
          need(i, 3);
          elements.push({ type: "pulse", command: "esc-v", pin: 2, onMs: arg, offMs: 0 });
          i += 3;
          break;
        case 0x6d:
          elements.push({ type: "cut", command: "esc-m" });
          i += 2;
          break;
        case 0x69:
          elements.push({ type: "cut", command: "esc-i" });
          i += 2;
          break;
        case 0x77:
          elements.push({ type: "cut", command: "esc-w" });
          i += 2;
          break;
        default:
          throw new Error(`unknown ESC command 0x${cmd.toString(16)} at byte ${i}`);
      }
    } else if (c === 0x1d) {
      need(i, 2);
      const cmd = b[i + 1] as number;
      if (cmd === 0x28 && b[i + 2] === 0x6b) {
        // GS ( k pL pH cn fn params
        need(i, 7);
        const len = (b[i + 3] as number) + (b[i + 4] as number) * 256;
        need(i + 5, len);
        const fn = b[i + 6] as number;
        const params = b.subarray(i + 7, i + 5 + len);
        if (b[i + 5] !== 0x31) throw new Error(`GS ( k: only QR (cn 49) is decoded, got cn ${b[i + 5]}`);
        if (fn === 0x43) qrModule = params[0] as number;
        else if (fn === 0x45) qrEcc = ECC[params[0] as number] ?? "L";
        else if (fn === 0x50) qrData = params.subarray(1).toString("utf8");
        else if (fn === 0x51) {
          if (qrData === undefined) throw new Error("GS ( k print without stored data");
          elements.push({ type: "qr", payload: qrData, moduleDots: qrModule, ecc: qrEcc, dialect: "escpos" });
        } else if (fn !== 0x41) throw new Error(`GS ( k fn ${fn} not decoded`);
        i += 5 + len;
      } else if (cmd === 0x6b && b[i + 2] === 0x51) {
        // GS k Q N1 N2 N3 N4 nL nH data (Bematech)
        need(i, 9);
        const len = (b[i + 7] as number) + (b[i + 8] as number) * 256;
        need(i + 9, len);
        elements.push({
          type: "qr",
          payload: b.subarray(i + 9, i + 9 + len).toString("utf8"),
          moduleDots: b[i + 4] as number,
          ecc: BEMA_ECC[b[i + 3] as number] ?? "L",
          dialect: "bematech",
        });
        i += 9 + len;
      } else if (cmd === 0x56) {
        need(i, 3);
        elements.push({ type: "cut", command: "gs-v" });
        i += (b[i + 2] as number) >= 65 ? 4 : 3;
      } else if (cmd === 0xf9 && b[i + 2] === 0x20) {
        need(i, 4);
        elements.push({ type: "mode", name: "esc-bematech" });
        i += 4;
      } else if (cmd === 0x21) {
        need(i, 3);
        i += 3;
      } else {
        throw new Error(`unknown GS command 0x${cmd.toString(16)} at byte ${i}`);
      }
    } else {
      throw new Error(`unexpected control byte 0x${c.toString(16)} at byte ${i}`);
    }
  }
  flushBytes();
  if (line) elements.push({ type: "text", text: line, bold: lineBold, align });

  return {
    elements,
    codePages: selected,
    lines: () => elements.flatMap((e) => (e.type === "text" ? [e.text] : [])),
    qrCodes: () => elements.filter((e): e is Extract<ReceiptElement, { type: "qr" }> => e.type === "qr"),
  };
}

/** A readable dump for golden files: text lines, then markers for QR, cut and pulses. */
export function receiptToGolden(receipt: DecodedReceipt): string {
  return receipt.elements
    .map((e) => {
      switch (e.type) {
        case "text":
          return e.bold ? `${e.text}  «bold»` : e.text;
        case "qr":
          return `«QR ${e.dialect} ecc=${e.ecc} module=${e.moduleDots} ${e.payload}»`;
        case "cut":
          return `«CUT ${e.command}»`;
        case "pulse":
          return `«PULSE ${e.command} pin=${e.pin} on=${e.onMs}ms»`;
        case "status-request":
          return `«DLE EOT ${e.n}»`;
        default:
          return `«MODE ${e.name}»`;
      }
    })
    .join("\n");
}
