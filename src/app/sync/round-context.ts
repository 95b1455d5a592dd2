// What every step of a sync round shares: the core's parts, the memory, the round's tally, and the
// "halt" switch that stops further requests once SEFAZ proved unreachable, paused or blocking.
import type { Clock } from "../../clock.js";
import type { ResolvedConfig } from "../../config/schema.js";
import type { SigningIdentity } from "../../fiscal/certificate.js";
import type { GateXsdValidator } from "../../fiscal/gate/index.js";
import type { Blocked } from "../../fiscal/sefaz/results.js";
import type { SefazClient } from "../../fiscal/sefaz/sefaz-client.js";
import type { Journal } from "../../journal/journal.js";
import type { Logger } from "../../log.js";
import { retryDelayMs } from "../../watchdog/drain-planner.js";
import type { ItemMemory, SyncMemory } from "./sync-memory.js";

/** Who the journal's audit rows name for the engine's own moves. */
export const SYNC_ACTOR = "sync";

export interface RoundTally {
  /** Authorization requests sent (offline notes, resends included). */
  sent: number;
  /** Notes authorized in this round (sent, or found authorized by a query). */
  authorized: number;
  /** Notes rejected in this round and held for an operator. */
  rejected: number;
  /** Automatic same-key corrections made. */
  corrected: number;
  /** Online attempts cancelled (110111) or cancelled by substitution (110112). */
  cancelled: number;
  /** Numbers voided (inutilização 102). */
  voided: number;
  /** Requests that SEFAZ answered (any cStat). */
  answered: number;
  /** Requests that got no answer (unreachable, unknown). */
  unanswered: number;
}

export type NoteOutcome =
  | "authorized"
  | "corrected"
  | "held"
  | "retry"
  | "unknown"
  | "abandoned"
  | "cancelled"
  | "substituted"
  | "voided";

export interface RoundContext {
  config: ResolvedConfig;
  journal: Journal;
  sefaz: SefazClient;
  identity: SigningIdentity;
  clock: Clock;
  log: Logger;
  memory: SyncMemory;
  /** The pre-print gate's XSD validator, for corrected notes. */
  xsd?: GateXsdValidator;
  tally: RoundTally;
  concurrency: number;
  /** An explicit request (sync command, POST /api/sync): back-off waits are skipped, holds and the governor are not. */
  ignoreBackoff: boolean;
  /** Set once SEFAZ is unreachable, paused or blocking: no more requests in this round. */
  halted: string | null;
  /** Notes with a request in flight (never touched by another step). */
  inFlight: Set<string>;
  onNote(chave: string, outcome: NoteOutcome): void;
}

/** May this note or range be tried in this round? */
export function isReady(ctx: RoundContext, key: string): boolean {
  return ctx.memory.ready(key, ctx.clock.now(), ctx.ignoreBackoff);
}

export function emptyTally(): RoundTally {
  return {
    sent: 0,
    authorized: 0,
    rejected: 0,
    corrected: 0,
    cancelled: 0,
    voided: 0,
    answered: 0,
    unanswered: 0,
  };
}

/** Back-off after `attempts` failures: 5 s, 10 s, 20 s ... up to 5 min (docs/contingency.md §4). */
export function backoffUntil(now: Date, attempts: number): string {
  return new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
}

/** The request governor kept a request back: no more requests this round; this item waits out the block. */
export function waitOutBlock(ctx: RoundContext, key: string, blocked: Blocked): void {
  ctx.halted = `governor: ${blocked.reason}`;
  ctx.memory.update(key, (m) => ({ ...m, notBefore: blocked.until }));
}

/**
 * Memory after one more attempt without a usable answer: the count goes up and the back-off it
 * earns starts now; `stampAttempt` also records when that attempt was made.
 */
export function afterFailedAttempt(m: ItemMemory, now: Date, stampAttempt = false): ItemMemory {
  const attempts = m.attempts + 1;
  return stampAttempt
    ? { ...m, attempts, lastAttemptAt: now.toISOString(), notBefore: backoffUntil(now, attempts) }
    : { ...m, attempts, notBefore: backoffUntil(now, attempts) };
}
