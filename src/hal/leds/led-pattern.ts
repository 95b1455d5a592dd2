// One status model drives the three LEDs. Pure: the kiosk's state in, the patterns out.

export type LedMode = "off" | "on" | "blink-slow" | "blink-fast";
export type LedName = "online" | "contingency" | "fault";
export type KioskFault = "printer" | "scanner" | "certificate" | "clock" | "disk" | "journal";

export interface KioskStatusSnapshot {
  mode: "online" | "contingency";
  /** The oldest pending contingency note is close to its transmission deadline. */
  deadlineNear: boolean;
  faults: readonly KioskFault[];
  /** Notes waiting for transmission (draining after contingency). */
  pending?: number;
}

export type LedPatterns = Record<LedName, LedMode>;

/** Faults that stop emission (red blinks fast); the others degrade service (red blinks slow). */
const BLOCKING: ReadonlySet<KioskFault> = new Set(["certificate", "clock", "disk", "journal"]);

export function ledPattern(status: KioskStatusSnapshot): LedPatterns {
  const pending = (status.pending ?? 0) > 0;
  const contingency =
    status.deadlineNear && (status.mode === "contingency" || pending)
      ? "blink-fast"
      : status.mode === "contingency"
        ? "on"
        : pending
          ? "blink-slow"
          : "off";
  const fault = status.faults.some((f) => BLOCKING.has(f))
    ? "blink-fast"
    : status.faults.length > 0
      ? "blink-slow"
      : "off";
  return { online: status.mode === "online" ? "on" : "off", contingency, fault };
}

/** Blink timings (ms on / ms off). */
export const BLINK: Record<"blink-slow" | "blink-fast", { onMs: number; offMs: number }> = {
  "blink-slow": { onMs: 500, offMs: 500 },
  "blink-fast": { onMs: 100, offMs: 100 },
};
