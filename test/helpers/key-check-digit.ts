// The access key's check digit, written in the tests apart from src/ so that a builder bug cannot
// hide: modulo 11 with weights 2..9 from the right ([MOC-A1] B23), each character counting as its
// ASCII code - 48 (NT 2026.004, alphanumeric CNPJ).
export function keyCheckDigit(first43: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = first43.length - 1; i >= 0; i--) {
    sum += (first43.charCodeAt(i) - 48) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}
