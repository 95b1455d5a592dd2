// Reads a sale JSON file for `emit --sale FILE`: a clear error naming the file (and the position of a
// JSON syntax error); the sale's fields are validated by parseSale.
import { readFileSync } from "node:fs";
import { KioskError } from "../errors.js";

export function readSaleFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new KioskError(
      "KIOSK_ERR_INPUT_INVALID",
      `cannot read sale file "${path}": ${(err as Error).message}`,
      {
        field: "--sale",
      },
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new KioskError(
      "KIOSK_ERR_SALE_INVALID",
      `sale file "${path}" is not valid JSON: ${(err as Error).message}`,
      {
        field: "--sale",
      },
    );
  }
}
