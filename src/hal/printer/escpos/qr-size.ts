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

/** ECC level M, byte mode (UTF-8), as the printer encodes it ([MAN6] §4.5.2–4.5.3). */
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
