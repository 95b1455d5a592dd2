// Running an external program (mmcli, timedatectl, systemd-notify) behind an interface, so that
// tests pass a recording fake and the real binding never throws for a missing program.
import { execFile } from "node:child_process";

export interface CommandResult {
  /** Exit status; null when the program could not run (missing, killed, timed out). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export type CommandRunner = (
  command: string,
  args: readonly string[],
  options?: { timeoutMs?: number },
) => Promise<CommandResult>;

export const execFileRunner: CommandRunner = (command, args, options = {}) =>
  new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { timeout: options.timeoutMs ?? 5_000, encoding: "utf8", maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ code: 0, stdout, stderr });
          return;
        }
        const code = typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout: stdout ?? "", stderr: stderr || error.message });
      },
    );
  });
