// A pty pair from socat, started per test: the device side (a) for the code under test, the far
// side (b) for the test's fake device. stop() is an unplug; start() again is a replug on the same
// link paths.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class SocatPair {
  readonly dir: string;
  readonly a: string;
  readonly b: string;
  private child: ChildProcess | undefined;

  constructor(dir = mkdtempSync(join(tmpdir(), "nfce-pty-"))) {
    this.dir = dir;
    this.a = join(dir, "a");
    this.b = join(dir, "b");
  }

  async start(): Promise<void> {
    const child = spawn(
      "socat",
      ["-d", "-d", `pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let log = "";
      const timer = setTimeout(() => reject(new Error(`socat did not start: ${log}`)), 5000);
      child.stderr?.on("data", (d: Buffer) => {
        log += d.toString();
        if (log.includes("starting data transfer loop") && existsSync(this.a) && existsSync(this.b)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`socat exited with ${code}: ${log}`));
      });
    });
    child.removeAllListeners("exit");
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
}

/** Resolves when `predicate` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 3000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
