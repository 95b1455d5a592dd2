// Caller mistakes are refused before anything is signed or sent (they are bugs or bad operator
// input, not SEFAZ answers): TJust 15-255 without edge spaces, key shape, nProt 15/17 digits, range.
import { KioskError } from "../../errors.js";

function invalid(field: string, message: string): never {
  throw new KioskError("KIOSK_ERR_INPUT_INVALID", message, { field });
}

export function checkJustification(xJust: string, field = "xJust"): void {
  if (xJust.length < 15 || xJust.length > 255 || xJust !== xJust.trim() || /[\r\n\t]/.test(xJust)) {
    invalid(field, "the justification must have 15 to 255 characters, one line, no spaces at the ends");
  }
}

export function checkChave(chave: string, field = "chave"): void {
  if (!/^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$/.test(chave))
    invalid(field, "the access key must have 44 characters");
}

export function checkNProt(nProt: string): void {
  if (!/^[0-9]{15}([0-9]{2})?$/.test(nProt))
    invalid("nProt", "the authorization protocol must have 15 or 17 digits");
}

export function checkRange(r: { series: number; nNFIni: number; nNFFin: number; year: number }): void {
  if (!Number.isInteger(r.series) || r.series < 0 || r.series > 999)
    invalid("series", "series must be 0 to 999");
  if (
    !Number.isInteger(r.nNFIni) ||
    !Number.isInteger(r.nNFFin) ||
    r.nNFIni < 1 ||
    r.nNFFin < r.nNFIni ||
    r.nNFFin > 999_999_999
  ) {
    invalid("nNFIni", "the range must be 1 <= nNFIni <= nNFFin <= 999999999");
  }
  if (!Number.isInteger(r.year) || r.year < 0) invalid("year", "year must be a non-negative integer");
}
