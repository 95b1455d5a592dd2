// The disk as a power cut would leave it, from the drop-unsynced shim's shadows
// (scripts/power-loss/drop-unsynced.c): each file in the folder gets its last fsynced content;
// files never fsynced disappear.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./transpile.js";

/** Compiles the shim; undefined (with the reason) when no C compiler is available. */
export function buildShim(outDir: string): { path?: string; reason?: string } {
  const path = join(outDir, "drop-unsynced.so");
  try {
    execFileSync(
      "cc",
      ["-shared", "-fPIC", "-O2", "-o", path, join(REPO_ROOT, "scripts/power-loss/drop-unsynced.c"), "-ldl"],
      {
        stdio: "pipe",
      },
    );
    return { path };
  } catch (err) {
    return { reason: `cannot build the power-loss shim with cc: ${(err as Error).message.split("\n")[0]}` };
  }
}

export function shimEnv(shim: string, dir: string, shadow: string): NodeJS.ProcessEnv {
  mkdirSync(shadow, { recursive: true });
  return { ...process.env, LD_PRELOAD: shim, PL_DIR: dir, PL_SHADOW: shadow };
}

/** Replaces every file in `dir` by its last synced content; deletes those never synced. */
export function cutPower(dir: string, shadow: string): void {
  for (const f of readdirSync(dir)) {
    const synced = join(shadow, f);
    if (existsSync(synced)) copyFileSync(synced, join(dir, f));
    else rmSync(join(dir, f), { force: true });
  }
  for (const f of readdirSync(shadow)) if (f.endsWith(".partial")) rmSync(join(shadow, f));
}

/** After a clean close outside the shim, everything on disk is durable: make it the baseline. */
export function baselineShadow(dir: string, shadow: string): void {
  rmSync(shadow, { recursive: true, force: true });
  mkdirSync(shadow, { recursive: true });
  for (const f of readdirSync(dir)) if (!f.endsWith("-shm")) copyFileSync(join(dir, f), join(shadow, f));
}
