// Pure formatting helpers (pt-BR).
const BRL = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "BRL" });

export function money(value) {
  return BRL.format(value).replace(/\u00a0/g, " ");
}

export function quantity(value, unit) {
  const digits = unit === "UN" ? 0 : 3;
  return value.toLocaleString("pt-BR", { minimumFractionDigits: digits, maximumFractionDigits: 4 });
}

/** "1,5" / "1.5" -> 1.5; null for anything else. */
export function parseNumber(text) {
  const raw = String(text ?? "").trim();
  const t = raw.includes(",") ? raw.replace(/\./g, "").replace(",", ".") : raw;
  if (!/^[0-9]+(\.[0-9]+)?$/.test(t)) return null;
  return Number(t);
}

/** "03:12:09" for a number of milliseconds (negative: "vencido há ..."). */
export function countdown(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  const hh = String(Math.floor(s / 3600)).padStart(2, "0");
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return `${hh}:${mm}:${ss}`;
}

export function dateTime(iso) {
  return new Date(iso).toLocaleString("pt-BR", { dateStyle: "short", timeStyle: "short" });
}

/** CPF check digits (Receita Federal rule). */
export function isValidCpf(text) {
  const d = String(text).replace(/\D/g, "");
  if (d.length !== 11 || /^(\d)\1{10}$/.test(d)) return false;
  const dv = (len) => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += Number(d[i]) * (len + 1 - i);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return dv(9) === Number(d[9]) && dv(10) === Number(d[10]);
}
