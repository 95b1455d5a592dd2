// Links this package's own bin into node_modules/.bin so that `npx nfce-kiosk` and
// `node_modules/.bin/nfce-kiosk` work in the checkout after `npm ci` (npm links only dependencies).
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const binDir = join(root, "node_modules", ".bin");
if (existsSync(join(root, "node_modules"))) {
  mkdirSync(binDir, { recursive: true });
  const link = join(binDir, "nfce-kiosk");
  rmSync(link, { force: true });
  symlinkSync(relative(binDir, join(root, "bin", "nfce-kiosk.js")), link);
}
