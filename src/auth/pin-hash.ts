// PINs are short, so the hash must be slow: scrypt with a per-user random salt, compared in constant time.
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

const KEY_LENGTH = 32;
// N=2^14 keeps a login under ~50 ms on a Pi 4 while making an offline guess of all 10^6 PINs costly.
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export interface PinHash {
  salt: string;
  hash: string;
}

export function hashPin(pin: string, salt: Buffer = randomBytes(16)): PinHash {
  const hash = scryptSync(pin, salt, KEY_LENGTH, SCRYPT);
  return { salt: salt.toString("base64"), hash: hash.toString("base64") };
}

export function verifyPin(pin: string, stored: PinHash): boolean {
  const expected = Buffer.from(stored.hash, "base64");
  const actual = scryptSync(pin, Buffer.from(stored.salt, "base64"), KEY_LENGTH, SCRYPT);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** 4 to 8 digits: what a touchscreen keypad and a serial terminal can both type. */
export function isValidPin(pin: unknown): pin is string {
  return typeof pin === "string" && /^[0-9]{4,8}$/.test(pin);
}
