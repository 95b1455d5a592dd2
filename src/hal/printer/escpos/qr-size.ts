// [MAN6] §3.4: the QR image is at least 25 x 25 mm including a quiet zone of 3 mm (10 % above
// 25 mm). The printer draws the symbol; we choose the module size (dots per module) so that the
// symbol plus a 4-module quiet zone reaches 25 mm at the printer's resolution, and still fits.
import { qrVersionM } from "./qr-version.js";

export const QR_MIN_MM = 25;
const QUIET_MODULES = 4;

export interface QrGeometry {
  version: number;
  modules: number;
  moduleDots: number;
  /** Symbol plus quiet zone, in mm. */
  sizeMm: number;
}

/**
 * ECC level M ([MAN6] §4.5.2); the version is the one the `qrcode` package picks (its mixed-mode
 * segmentation, as the tests' renderer draws it). A printer that encodes in byte mode only may
 * choose a larger version: the symbol then only grows, so it stays at least 25 mm.
 */
export function qrGeometry(payload: string, dotsPerMm: number, maxDots: number): QrGeometry {
  // Only the size matters: the printer draws the symbol, so no matrix is built here.
  const version = qrVersionM(payload);
  const modules = 17 + 4 * version;
  const total = modules + 2 * QUIET_MODULES;
  const wanted = Math.ceil((QR_MIN_MM * dotsPerMm) / total);
  const fits = Math.max(1, Math.floor(maxDots / total));
  const moduleDots = Math.min(16, Math.max(1, Math.min(wanted, fits)));
  return { version, modules, moduleDots, sizeMm: (total * moduleDots) / dotsPerMm };
}
