// The disk check the service runs BEFORE reserving a number (the clock rules live in
// src/watchdog/clock-trust.ts, the contingency limits in src/watchdog/contingency-model.ts). It refuses
// a new sale (exit 3, pt-BR message) but never touches what is recorded.
import { statfsSync } from "node:fs";
import { KioskError } from "../errors.js";

/** Free space kept for the journal: WAL growth, the note, its nfeProc and a backup's temp file. */
export const DEFAULT_MIN_FREE_BYTES = 64 * 1024 * 1024;

export type StatFs = (path: string) => { bavail: number | bigint; bsize: number | bigint };

export function freeBytes(dir: string, statfs: StatFs = statfsSync): number {
  const s = statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

export function checkDiskSpace(
  dataDir: string,
  minFreeBytes = DEFAULT_MIN_FREE_BYTES,
  statfs: StatFs = statfsSync,
): void {
  const free = freeBytes(dataDir, statfs);
  if (free < minFreeBytes)
    throw new KioskError(
      "KIOSK_ERR_DISK_FULL",
      `only ${Math.floor(free / 1048576)} MiB free in ${dataDir}; at least ${Math.ceil(minFreeBytes / 1048576)} MiB are needed to record a note`,
      {
        field: "dataDir",
        operatorMessage: "Disco quase cheio: não é possível emitir. Chame o suporte técnico.",
      },
    );
}
