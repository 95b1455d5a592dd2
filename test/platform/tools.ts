// Which host tools the platform checks can use; a missing tool skips its checks with a notice.
import { spawnSync } from "node:child_process";

export function hasTool(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).status === 0;
}

export function skipNotice(tool: string, what: string): void {
  if (!hasTool(tool)) console.warn(`\n*** NOTICE: ${tool} not found: ${what} SKIPPED ***\n`);
}

export function run(command: string, args: string[], env: Record<string, string> = {}, cwd?: string) {
  const r = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, ...env }, cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}${r.stderr}` };
}
