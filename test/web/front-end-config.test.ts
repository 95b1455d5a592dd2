import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/load-config.js";
import { rawTestConfig } from "../helpers/test-config.js";

describe("config frontEnd section", () => {
  it("has defaults for the UI, logins, scale labels and the console", () => {
    expect(validateConfig(rawTestConfig()).frontEnd).toEqual({
      weighedBarcode: "price",
      pixPaymentType: "17",
      maxPinAttempts: 5,
      lockoutMinutes: 5,
      sessionIdleMinutes: 30,
      consoleIdleMinutes: 5,
      exportRoots: ["/media", "/mnt"],
    });
  });

  it("refuses unknown keys and bad values with the field", () => {
    expect(() => validateConfig({ ...rawTestConfig(), frontEnd: { weighedBarcod: "price" } })).toThrow(
      expect.objectContaining({ code: "KIOSK_ERR_CONFIG_INVALID", field: "frontEnd.weighedBarcod" }),
    );
    expect(() => validateConfig({ ...rawTestConfig(), frontEnd: { maxPinAttempts: 1 } })).toThrow(
      expect.objectContaining({ field: "frontEnd.maxPinAttempts" }),
    );
    // tPag 20 is the static PIX QR, 17 the dynamic one; nothing else is a PIX.
    expect(() => validateConfig({ ...rawTestConfig(), frontEnd: { pixPaymentType: "21" } })).toThrow(
      expect.objectContaining({ field: "frontEnd.pixPaymentType" }),
    );
  });
});
