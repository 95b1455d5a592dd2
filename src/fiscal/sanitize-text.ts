// Free text into what the XSD string type accepts. TString is `[!-ÿ]{1}[ -ÿ]*[!-ÿ]{1}`: printable
// Latin-1 only, no leading or trailing space. Anything else (emoji, CJK, control characters) is
// removed; typographic punctuation that has an obvious ASCII form is mapped to it first.

const TYPOGRAPHIC: Readonly<Record<string, string>> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201A": "'",
  "\u201B": "'",
  "\u2032": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u201E": '"',
  "\u201F": '"',
  "\u2033": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u2022": "-",
  "\u20AC": "EUR",
  "\u2122": "TM",
};

const TYPOGRAPHIC_RE = new RegExp(`[${Object.keys(TYPOGRAPHIC).join("")}]`, "gu");

/**
 * NFC-normalises, maps typographic punctuation, turns every kind of whitespace into one space,
 * removes what printable Latin-1 does not hold (emoji, control and C1 characters, soft hyphen),
 * collapses spaces and trims. May return "" (the caller decides whether that is an error).
 */
export function sanitizeText(raw: string): string {
  if (isAlreadyClean(raw)) return raw;
  return raw
    .normalize("NFC")
    .replace(TYPOGRAPHIC_RE, (ch) => TYPOGRAPHIC[ch] ?? "")
    .replace(/\s+/gu, " ")
    .replace(/[^\u0020-\u007E\u00A1-\u00AC\u00AE-\u00FF]/gu, "")
    .replace(/ {2,}/g, " ")
    .trim();
}

/**
 * True when sanitizeText would return `raw` unchanged: printable Latin-1 only (Latin-1 text is
 * already NFC), no NBSP or soft hyphen, single spaces, none at either end. Most texts are, and
 * this costs no regex and no copy.
 */
function isAlreadyClean(raw: string): boolean {
  const last = raw.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x20) {
      if (i === 0 || i === last || raw.charCodeAt(i + 1) === 0x20) return false;
    } else if (c < 0x21 || (c > 0x7e && c < 0xa1) || c === 0xad || c > 0xff) return false;
  }
  return true;
}
