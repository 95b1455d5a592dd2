// The key that seals stored documents (threat model in docs/journal.md). It lives off the data
// partition (root fs, or derived from the Pi's OTP at boot); the journal never writes it.
import { readFileSync } from "node:fs";
import { KioskError } from "../errors.js";

export function loadDataKey(path: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, "utf8").trim();
  } catch (err) {
    throw new KioskError(
      "KIOSK_ERR_CONFIG_UNREADABLE",
      `cannot read journal.keyFile "${path}": ${(err as Error).message}`,
      {
        field: "journal.keyFile",
      },
    );
  }
  if (!/^[0-9a-fA-F]{64}$/.test(text))
    throw new KioskError(
      "KIOSK_ERR_CONFIG_INVALID",
      `journal.keyFile "${path}" must hold 64 hex digits (32 bytes)`,
      {
        field: "journal.keyFile",
      },
    );
  return Buffer.from(text, "hex");
}
