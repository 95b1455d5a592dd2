// Pure text formatting for the DANFE NFC-e: pt-BR numbers ([MAN6] §3.1.2: comma decimals, dot
// thousands), documents with their masks, the access key in 11 groups, local date-times, columns.

/** "1234.5" -> "1.234,50": XML decimals (dot) to pt-BR money, never through floating point. */
export function formatMoney(xmlDecimal: string): string {
  return formatDecimal(xmlDecimal, 2, 2);
}

/** qCom "2.0000" -> "2", "1.2500" -> "1,25": up to 4 decimals, trailing zeros dropped. */
export function formatQuantity(xmlDecimal: string): string {
  return formatDecimal(xmlDecimal, 0, 4);
}

/** vUnCom: at least 2 decimals, up to 10 (TDec_1110v), trailing zeros beyond 2 dropped. */
export function formatUnitPrice(xmlDecimal: string): string {
  return formatDecimal(xmlDecimal, 2, 10);
}

function formatDecimal(value: string, minDecimals: number, maxDecimals: number): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return value.trim();
  const [, sign = "", intPart = "0", fracRaw = ""] = match;
  let frac = fracRaw.slice(0, maxDecimals).replace(/0+$/, "");
  if (frac.length < minDecimals) frac = frac.padEnd(minDecimals, "0");
  const int = intPart.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${sign}${int}${frac ? `,${frac}` : ""}`;
}

/** Adds decimal strings exactly (in cents when 2 decimals are enough) for derived totals. */
export function sumDecimals(values: readonly string[]): string {
  let cents = 0n;
  for (const v of values) {
    const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(v.trim());
    if (!m) continue;
    const c = BigInt(m[2] ?? "0") * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
    cents += m[1] === "-" ? -c : c;
  }
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

export function isPositiveDecimal(value: string | undefined): boolean {
  return value !== undefined && /[1-9]/.test(value) && !value.trim().startsWith("-");
}

/** CNPJ mask 99.999.999/9999-99 (also alphanumeric CNPJ, NT 2026.004). */
export function formatCnpj(cnpj: string): string {
  if (cnpj.length !== 14) return cnpj;
  return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`;
}

/** CPF mask 999.999.999-99. */
export function formatCpf(cpf: string): string {
  if (cpf.length !== 11) return cpf;
  return `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
}

/** [MAN6] §3.1.4: the access key in 11 blocks of 4, one space between blocks. */
export function groupAccessKey(chave: string): string {
  return (chave.match(/.{1,4}/g) ?? []).join(" ");
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * [MAN6] §3.1.7: dates are printed in local time. `localOffset` ("-03:00") is the emitter's, taken
 * from dhEmi; a date-time written with another offset (dhRecbto from SEFAZ) is converted to it.
 */
export function formatLocalDateTime(value: string, localOffset?: string): string {
  const m = DATE_TIME.exec(value.trim());
  if (!m) return value;
  const [, y, mo, d, h, mi, s, offset] = m;
  if (localOffset === undefined || offset === undefined || offset === localOffset) {
    return `${d}/${mo}/${y} ${h}:${mi}:${s}`;
  }
  const utcMs = Date.parse(value.trim());
  const local = new Date(utcMs + offsetMinutes(localOffset) * 60_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return (
    `${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ` +
    `${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}`
  );
}

export function offsetOf(value: string): string | undefined {
  return DATE_TIME.exec(value.trim())?.[7];
}

function offsetMinutes(offset: string): number {
  if (offset === "Z") return 0;
  const sign = offset.startsWith("-") ? -1 : 1;
  const [hh = "0", mm = "0"] = offset.slice(1).split(":");
  return sign * (Number(hh) * 60 + Number(mm));
}

const SINGLE_SPACED = /^\S+(?: \S+)*$/;

/** Word-wraps to `width` columns; a word longer than the width is cut. */
export function wrap(text: string, width: number): string[] {
  // Most lines already fit and are single-spaced: the loop below would give them back unchanged.
  if (text.length <= width && SINGLE_SPACED.test(text)) return [text];
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > width) {
      if (current) {
        lines.push(current);
        current = "";
      }
      // Long words are URLs: break after a "/" or "." when one is near the end of the line.
      const slash = Math.max(w.lastIndexOf("/", width - 1), w.lastIndexOf(".", width - 1));
      const cut = slash >= width / 2 ? slash + 1 : width;
      lines.push(w.slice(0, cut));
      w = w.slice(cut);
    }
    if (!w) continue;
    if (!current) current = w;
    else if (current.length + 1 + w.length <= width) current += ` ${w}`;
    else {
      lines.push(current);
      current = w;
    }
  }
  if (current) lines.push(current);
  return lines.length ? lines : [""];
}

/** "Label ........ value" on one line: the value right-aligned; wraps the label if needed. */
export function labelValue(label: string, value: string, width: number): string[] {
  if (label.length + 1 + value.length <= width) {
    return [label + " ".repeat(width - label.length - value.length) + value];
  }
  const head = wrap(label, width);
  const last = head.pop() ?? "";
  if (last.length + 1 + value.length <= width) {
    return [...head, last + " ".repeat(width - last.length - value.length) + value];
  }
  return [...head, last, value.padStart(width)];
}

export function center(text: string, width: number): string {
  if (text.length >= width) return text;
  return " ".repeat(Math.floor((width - text.length) / 2)) + text;
}
