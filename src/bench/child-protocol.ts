// How the benchmark parent and its child processes talk: the child gets its configuration as one
// JSON argument and answers with one IPC message; resident memory is read from /proc as well.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import type { BenchConfigOptions } from "./bench-config.js";

export interface ChildRequest {
  config: BenchConfigOptions;
}

/** VmRSS and VmHWM (peak) of a process in MB, or undefined where /proc is not there. */
export function procMemoryMb(pid: number | "self"): { rssMb: number; hwmMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssMb: mb(kb("VmRSS") * 1024), hwmMb: mb(kb("VmHWM") * 1024) };
  } catch {
    return undefined;
  }
}

export function mb(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

/** Reads the request a child was started with. */
export function childRequest(): ChildRequest {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error("this is a benchmark child process: it needs its request as JSON");
  return JSON.parse(raw) as ChildRequest;
}

/** Sends the child's one answer and lets the process end once it is delivered. */
export function answer(message: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      process.stdout.write(`${JSON.stringify(message)}\n`);
      resolve();
      return;
    }
    process.send(message, (err: Error | null) => (err ? reject(err) : resolve()));
  });
}

export interface RunningChild<T> {
  pid: number;
  /** The child's answer; rejects if it exits without one. */
  result: Promise<T>;
  /** Peak VmRSS the parent saw while the child ran (sampled every `sampleMs`). */
  sampledPeakMb(): number;
}

/** Starts `node <script> <request>` with IPC and samples its VmRSS from /proc until it ends. */
export function runChild<T>(script: string, request: ChildRequest, sampleMs = 20): RunningChild<T> {
  const child = fork(script, [JSON.stringify(request)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let peak = 0;
  const timer = setInterval(() => {
    const m = child.pid === undefined ? undefined : procMemoryMb(child.pid);
    if (m && m.rssMb > peak) peak = m.rssMb;
  }, sampleMs);
  const result = new Promise<T>((resolve, reject) => {
    let answered: T | undefined;
    child.on("message", (m) => {
      answered = m as T;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearInterval(timer);
      if (answered !== undefined) resolve(answered);
      else reject(new Error(`benchmark child ${script} ended without an answer (exit ${code ?? signal})`));
    });
  });
  return { pid: child.pid ?? -1, result, sampledPeakMb: () => peak };
}
