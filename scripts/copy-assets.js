// Copies the touchscreen UI (plain HTML/CSS/JS, no bundler) next to the compiled server:
// src/web/public -> dist/web/public. Runs after tsc in `npm run build`.
import { cpSync, existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const from = join(root, "src", "web", "public");
const to = join(root, "dist", "web", "public");
if (!existsSync(from)) {
  console.error(`copy-assets: ${from} not found`);
  process.exit(1);
}
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
