// Check digits of Brazilian identifiers: CPF, CNPJ (numeric or alphanumeric, NT 2026.004) and GTIN.

const ELEVEN_DIGITS = /^\d{11}$/;
const ALL_SAME = /^(\d)\1{10}$/;
const CNPJ = /^[0-9A-Z]{12}\d{2}$/;
const ALL_ZEROS = /^0{14}$/;
const GTIN = /^(\d{8}|\d{12,14})$/;

/** CPF: 11 digits, two mod-11 check digits, not all equal. */
export function isValidCpf(cpf: string): boolean {
  if (!ELEVEN_DIGITS.test(cpf) || ALL_SAME.test(cpf)) return false;
  const digit = (len: number): number => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += Number(cpf[i]) * (len + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return digit(9) === Number(cpf[9]) && digit(10) === Number(cpf[10]);
}

/** CNPJ check digit over `base` (12 or 13 characters), character value = ASCII − 48 (NT 2026.004). */
function cnpjDigit(base: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = base.length - 1; i >= 0; i--) {
    sum += (base.charCodeAt(i) - 48) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** CNPJ: 12 characters [0-9A-Z] and two numeric check digits; not all zeros. */
export function isValidCnpj(cnpj: string): boolean {
  if (!CNPJ.test(cnpj) || ALL_ZEROS.test(cnpj)) return false;
  const d1 = cnpjDigit(cnpj.slice(0, 12));
  const d2 = cnpjDigit(cnpj.slice(0, 12) + String(d1));
  return cnpj.endsWith(`${d1}${d2}`);
}

/** GTIN-8/12/13/14 with a valid GS1 mod-10 check digit ([MOC-A1] I03, rejection 611). */
export function isValidGtin(gtin: string): boolean {
  if (!GTIN.test(gtin)) return false;
  let sum = 0;
  for (let i = gtin.length - 2, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(gtin[i]) * w;
  return (10 - (sum % 10)) % 10 === Number(gtin[gtin.length - 1]);
}
