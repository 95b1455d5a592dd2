// Never emit with an untrusted clock (nfce-reference §7 "Raspberry Pi"; issue 5 "Clock"): the time
// drives dhEmi, dhCont, the key's AAMM and SEFAZ rules 703/704/558, and a Pi has no RTC by default.
// Trusted = the system says it is synchronized, or an RTC is present, or config says "always";
// and in every case never earlier than the newest time already in the journal.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { KioskError } from "../errors.js";
import type { CommandRunner } from "./command-runner.js";

/** Recorded in the journal with every note. */
export type ClockSource = "ntp" | "rtc" | "trusted-config" | "none";

export interface ClockAssessment {
  source: ClockSource;
  /** Trusted source and not behind the journal. */
  trusted: boolean;
  now: Date;
  /** Why it is not trusted (English, for logs and integrators). */
  problem: "untrusted" | "behind-journal" | null;
}

export interface ClockTrustOptions {
  /** "/" in production; a temp tree in tests. */
  root: string;
  /** Runs `timedatectl`; without it only the timesyncd flag file is read. */
  run?: CommandRunner;
  trust: "system" | "always";
  now: Date;
  /** The newest time already recorded in the journal (null for an empty journal). */
  journalNewest: Date | null;
}

/**
 * Where the system's time comes from, best source first. The flag files are stat'ed synchronously on
 * purpose: this runs before every sale, and an fs.promises call goes through the libuv thread pool,
 * whose wake-ups cost the sale 0.1 ms at p50 and up to 10 ms in the tail on the bench machine
 * (docs/bench.md). A stat under /run, /dev or /sys does not block.
 */
export async function detectClockSource(root: string, run?: CommandRunner): Promise<ClockSource> {
  // systemd-timesyncd touches this file once synchronized (man systemd-timesyncd.service).
  if (existsSync(join(root, "run/systemd/timesync/synchronized"))) return "ntp";
  if (run !== undefined) {
    // NTPSynchronized reflects the kernel's sync flag, so chrony and ntpd count too.
    const r = await run("timedatectl", ["show", "-p", "NTPSynchronized", "--value"], { timeoutMs: 3_000 });
    if (r.code === 0 && r.stdout.trim() === "yes") return "ntp";
  }
  if (existsSync(join(root, "dev/rtc0")) || existsSync(join(root, "sys/class/rtc/rtc0"))) return "rtc";
  return "none";
}

export async function assessClock(options: ClockTrustOptions): Promise<ClockAssessment> {
  const source =
    options.trust === "always" ? "trusted-config" : await detectClockSource(options.root, options.run);
  const behind = options.journalNewest !== null && options.now.getTime() < options.journalNewest.getTime();
  const problem = source === "none" ? "untrusted" : behind ? "behind-journal" : null;
  return { source, trusted: problem === null, now: options.now, problem };
}

function formatLocal(d: Date): string {
  return d.toLocaleString("pt-BR", { timeZone: "America/Sao_Paulo" });
}

/** Throws the coded refusal (exit 3) unless the assessment allows emitting. */
export function requireTrustedClock(
  assessment: ClockAssessment,
  journalNewest: Date | null,
): { now: Date; source: ClockSource } {
  if (assessment.problem === "untrusted") {
    throw new KioskError(
      "KIOSK_ERR_CLOCK_UNTRUSTED",
      "the system clock is not synchronized (NTP) and no RTC is present; refusing to emit",
      {
        field: "clock",
        retryable: true,
        operatorMessage:
          "Relógio não sincronizado: a emissão está bloqueada até o relógio ser acertado pela internet (NTP) ou por um relógio de hardware (RTC). Verifique a conexão de rede.",
      },
    );
  }
  if (assessment.problem === "behind-journal") {
    const newest = journalNewest ?? assessment.now;
    throw new KioskError(
      "KIOSK_ERR_CLOCK_BEHIND_JOURNAL",
      `the clock (${assessment.now.toISOString()}) is earlier than the newest journal entry (${newest.toISOString()})`,
      {
        field: "clock",
        retryable: true,
        operatorMessage: `O relógio (${formatLocal(assessment.now)}) está antes da última nota registrada (${formatLocal(newest)}): a emissão está bloqueada até o relógio ser corrigido.`,
      },
    );
  }
  return { now: assessment.now, source: assessment.source };
}

/** assessClock + requireTrustedClock: the time to put on a note, and its source for the journal. */
export async function trustedNow(options: ClockTrustOptions): Promise<{ now: Date; source: ClockSource }> {
  return requireTrustedClock(await assessClock(options), options.journalNewest);
}
