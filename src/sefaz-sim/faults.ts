// Fault modes of the simulator (interfaces.md "Fault control"), parsed strictly.

export type SimFault =
  | { mode: "normal" }
  | { mode: "down" }
  | { mode: "slow"; delayMs: number }
  | { mode: "timeout-after-processing" }
  | { mode: "paused" }
  | { mode: "reject"; cStat: number };

export function parseFault(value: unknown): SimFault | string {
  if (typeof value !== "object" || value === null) return "body must be a JSON object";
  const v = value as Record<string, unknown>;
  const extra = (allowed: string[]) => Object.keys(v).find((k) => !allowed.includes(k));
  switch (v.mode) {
    case "normal":
    case "down":
    case "timeout-after-processing":
    case "paused": {
      const bad = extra(["mode"]);
      return bad ? `unknown key "${bad}"` : { mode: v.mode };
    }
    case "slow": {
      const bad = extra(["mode", "delayMs"]);
      if (bad) return `unknown key "${bad}"`;
      if (
        typeof v.delayMs !== "number" ||
        !Number.isInteger(v.delayMs) ||
        v.delayMs < 0 ||
        v.delayMs > 600_000
      ) {
        return "slow needs delayMs, an integer from 0 to 600000";
      }
      return { mode: "slow", delayMs: v.delayMs };
    }
    case "reject": {
      const bad = extra(["mode", "cStat"]);
      if (bad) return `unknown key "${bad}"`;
      const n = typeof v.cStat === "string" ? Number(v.cStat) : v.cStat;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 100 || n > 9999)
        return "reject needs cStat, a 3 or 4 digit code";
      return { mode: "reject", cStat: n };
    }
    default:
      return `mode must be one of normal, down, slow, timeout-after-processing, paused, reject`;
  }
}
