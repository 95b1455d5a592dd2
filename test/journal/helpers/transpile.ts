// Child processes in crash tests run plain JavaScript: this strips the types of the needed source
// files into a temp tree that mirrors the repository (imports keep working), without a full build.
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function collect(path: string): string[] {
  if (statSync(path).isDirectory()) return readdirSync(path).flatMap((f) => collect(join(path, f)));
  return path.endsWith(".ts") ? [path] : [];
}

/** Transpiles `entries` (files or folders, relative to the repo) into `outDir`; returns outDir. */
export function transpileTree(outDir: string, entries: readonly string[]): string {
  for (const entry of entries) {
    for (const file of collect(join(REPO_ROOT, entry))) {
      const out = join(outDir, relative(REPO_ROOT, file)).replace(/\.ts$/, ".js");
      const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        fileName: file,
      });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, outputText);
    }
  }
  writeFileSync(join(outDir, "package.json"), JSON.stringify({ type: "module" }));
  symlinkSync(join(REPO_ROOT, "node_modules"), join(outDir, "node_modules"), "dir");
  return outDir;
}

export const JOURNAL_SOURCES = [
  "src/journal",
  "src/errors.ts",
  "src/log.ts",
  "src/clock.ts",
  "test/journal/helpers/fake-notes.ts",
  "test/helpers/key-check-digit.ts",
];
