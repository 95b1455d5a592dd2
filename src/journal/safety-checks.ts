// Checks the service runs BEFORE reserving a number. They refuse a new sale (exit 3, pt-BR message)
// but never touch what is recorded: a refused sale has no number, no bytes, nothing to lose.
import { existsSync, statfsSync } from "node:fs";
import { KioskError } from "../errors.js";
import type { Journal } from "./journal.js";

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

/** [nfce-reference §7]: never emit earlier than a time already recorded (a Pi has no RTC). */
export function checkClockFloor(now: Date, newestTime: string | undefined): void {
  if (newestTime !== undefined && now.getTime() < Date.parse(newestTime))
    throw new KioskError(
      "KIOSK_ERR_CLOCK_BEHIND_JOURNAL",
      `the clock (${now.toISOString()}) is earlier than the newest time in the journal (${newestTime})`,
      { operatorMessage: "Relógio atrasado em relação ao diário fiscal: acerte a hora antes de vender." },
    );
}

/** Whether the system clock can be trusted: synchronized by systemd-timesyncd, or an RTC is present. */
export function systemClockLooksTrusted(exists: (p: string) => boolean = existsSync): boolean {
  return exists("/run/systemd/timesync/synchronized") || exists("/sys/class/rtc/rtc0");
}

export function checkClockTrusted(
  trust: "system" | "always",
  trusted: () => boolean = systemClockLooksTrusted,
): void {
  if (trust === "always" || trusted()) return;
  throw new KioskError(
    "KIOSK_ERR_CLOCK_UNTRUSTED",
    "the system clock is not synchronized and there is no RTC",
    {
      field: "clock.trust",
      operatorMessage: "Relógio não sincronizado: aguarde a conexão de rede ou instale um RTC.",
    },
  );
}

export interface ContingencyUsage {
  offlineNotes: number;
  oldestOfflineAt?: string;
  hoursOffline: number;
  /** At or past warnAtFraction of a limit. */
  warn: boolean;
}

export function contingencyUsage(
  journal: Journal,
  limits: { maxOfflineNotes: number; maxOfflineHours: number; warnAtFraction: number },
  now: Date,
): ContingencyUsage {
  const backlog = journal.offlineBacklog();
  const oldest = backlog.oldestDhEmi === undefined ? undefined : Date.parse(backlog.oldestDhEmi);
  const hoursOffline = oldest === undefined ? 0 : Math.max(0, (now.getTime() - oldest) / 3_600_000);
  const fraction = Math.max(backlog.count / limits.maxOfflineNotes, hoursOffline / limits.maxOfflineHours);
  return {
    offlineNotes: backlog.count,
    ...(oldest === undefined ? {} : { oldestOfflineAt: new Date(oldest).toISOString() }),
    hoursOffline,
    warn: fraction >= limits.warnAtFraction,
  };
}

/** Refuses one more offline note when config.contingency's maximum notes or hours is reached. */
export function checkContingencyLimits(
  journal: Journal,
  limits: { maxOfflineNotes: number; maxOfflineHours: number; warnAtFraction: number },
  now: Date,
): ContingencyUsage {
  const usage = contingencyUsage(journal, limits, now);
  if (usage.offlineNotes >= limits.maxOfflineNotes || usage.hoursOffline >= limits.maxOfflineHours)
    throw new KioskError(
      "KIOSK_ERR_CONTINGENCY_LIMIT",
      `contingency limit reached: ${usage.offlineNotes} notes offline (max ${limits.maxOfflineNotes}), ` +
        `${usage.hoursOffline.toFixed(1)} h since the oldest (max ${limits.maxOfflineHours} h)`,
      {
        field: "contingency",
        operatorMessage: "Limite de notas em contingência atingido: transmita as notas pendentes.",
      },
    );
  return usage;
}

export interface PreEmissionConfig {
  dataDir: string;
  clock: { trust: "system" | "always" };
  contingency: { maxOfflineNotes: number; maxOfflineHours: number; warnAtFraction: number };
  journal?: { minFreeMb: number };
}

/**
 * Everything the service checks before reserving a number, in order: clock trust, clock floor,
 * disk space, and (for an offline note) the contingency limits. Throws the first refusal.
 */
export function checkBeforeEmission(
  journal: Journal,
  config: PreEmissionConfig,
  now: Date,
  offline: boolean,
  probes: { clockTrusted?: () => boolean; statfs?: StatFs } = {},
): ContingencyUsage | undefined {
  checkClockTrusted(config.clock.trust, probes.clockTrusted);
  checkClockFloor(now, journal.newestTime());
  checkDiskSpace(config.dataDir, (config.journal?.minFreeMb ?? 64) * 1024 * 1024, probes.statfs);
  return offline ? checkContingencyLimits(journal, config.contingency, now) : undefined;
}
