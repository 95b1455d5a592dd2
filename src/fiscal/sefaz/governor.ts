// The request governor against cStat 656 (consumo indevido). Budgets per authorizer, kept below
// SEFAZ's own thresholds (nfce-reference.md §6: >30 identical rejections, >20 events, >20
// inutilizações, >10 queries of one key per hour), plus a one-hour block after a 656. The state is
// plain JSON, saved through a GovernorStore so that a restart does not reset the budgets.
import type { Clock } from "../../clock.js";

const HOUR_MS = 60 * 60 * 1000;

export interface GovernorBudgets {
  /** Identical rejections (same document bytes, same cStat) per hour before that document is held. */
  identicalRejectionsPerHour: number;
  /** Consultations of one key per hour. */
  queriesPerKeyPerHour: number;
  /** Event requests for one key and event type per hour. */
  eventsPerKeyPerHour: number;
  /** inutilização requests for one range per hour. */
  inutilizationsPerRangePerHour: number;
  /** Least time between two status requests (the watchdog's probes); a short wait, never an hour. */
  statusMinIntervalMs: number;
  /** How long a 656 holds every request to that authorizer. */
  blockMs: number;
}

export const DEFAULT_BUDGETS: GovernorBudgets = {
  identicalRejectionsPerHour: 10,
  queriesPerKeyPerHour: 8,
  eventsPerKeyPerHour: 10,
  inutilizationsPerRangePerHour: 10,
  statusMinIntervalMs: 15_000,
  blockMs: HOUR_MS,
};

export type GovernedRequest =
  | { kind: "authorize"; chave: string; fingerprint: string }
  | { kind: "consult"; chave: string }
  | { kind: "event"; chave: string; tpEvento: string }
  | { kind: "inutilize"; range: string }
  | { kind: "status" };

interface AuthorizerState {
  blockedUntil?: number;
  blocks656: number;
  /** Timestamps (ms) of requests or rejections, by budget key. */
  hits: Record<string, number[]>;
}

export interface GovernorState {
  version: 1;
  authorizers: Record<string, AuthorizerState>;
}

export interface GovernorStore {
  load(): GovernorState | undefined;
  save(state: GovernorState): void;
}

export type GovernorVerdict = { allowed: true } | { allowed: false; reason: string; until: number };

export function emptyGovernorState(): GovernorState {
  return { version: 1, authorizers: {} };
}

function budgetKey(
  req: GovernedRequest,
): { key: string; limitOf: (b: GovernorBudgets) => number } | undefined {
  switch (req.kind) {
    case "consult":
      return { key: `consult:${req.chave}`, limitOf: (b) => b.queriesPerKeyPerHour };
    case "event":
      return { key: `event:${req.chave}:${req.tpEvento}`, limitOf: (b) => b.eventsPerKeyPerHour };
    case "inutilize":
      return { key: `inut:${req.range}`, limitOf: (b) => b.inutilizationsPerRangePerHour };
    case "status":
    case "authorize":
      return undefined;
  }
}

const recent = (list: number[] | undefined, now: number) => (list ?? []).filter((t) => t > now - HOUR_MS);

/** Pure: may this request be sent now? */
export function checkRequest(
  state: GovernorState,
  authorizer: string,
  req: GovernedRequest,
  now: number,
  budgets: GovernorBudgets = DEFAULT_BUDGETS,
): GovernorVerdict {
  const a = state.authorizers[authorizer];
  if (!a) return { allowed: true };
  if (a.blockedUntil !== undefined && a.blockedUntil > now) {
    return { allowed: false, reason: `cStat 656 block on ${authorizer}`, until: a.blockedUntil };
  }
  if (req.kind === "authorize") {
    const prefix = `reject:${req.chave}:${req.fingerprint}:`;
    for (const [key, list] of Object.entries(a.hits)) {
      if (!key.startsWith(prefix)) continue;
      const hits = recent(list, now);
      if (hits.length >= budgets.identicalRejectionsPerHour) {
        return {
          allowed: false,
          reason: `the same document was rejected ${hits.length} times with cStat ${key.slice(prefix.length)}`,
          until: hits[0]! + HOUR_MS,
        };
      }
    }
    return { allowed: true };
  }
  if (req.kind === "status") {
    const last = a.hits.status?.at(-1);
    return last !== undefined && now - last < budgets.statusMinIntervalMs
      ? {
          allowed: false,
          reason: "status requests are spaced to avoid 656",
          until: last + budgets.statusMinIntervalMs,
        }
      : { allowed: true };
  }
  const b = budgetKey(req)!;
  const hits = recent(a.hits[b.key], now);
  if (hits.length >= b.limitOf(budgets)) {
    return {
      allowed: false,
      reason: `budget of ${b.limitOf(budgets)} ${b.key.split(":")[0]} requests per hour used`,
      until: hits[0]! + HOUR_MS,
    };
  }
  return { allowed: true };
}

/** Pure: the state after a request was sent and answered (cStat undefined: no answer). */
export function recordRequest(
  state: GovernorState,
  authorizer: string,
  req: GovernedRequest,
  cStat: string | undefined,
  now: number,
  budgets: GovernorBudgets = DEFAULT_BUDGETS,
): GovernorState {
  const prev = state.authorizers[authorizer] ?? { blocks656: 0, hits: {} };
  const hits: Record<string, number[]> = {};
  for (const [k, list] of Object.entries(prev.hits)) {
    const kept = recent(list, now);
    if (kept.length > 0) hits[k] = kept;
  }
  const b = budgetKey(req);
  if (b) hits[b.key] = [...(hits[b.key] ?? []), now];
  if (req.kind === "status") hits.status = [now];
  const accepted =
    cStat === undefined || ["100", "150", "102", "135", "136", "155", "104", "107", "217"].includes(cStat);
  if (req.kind === "authorize" && !accepted && cStat !== "656") {
    const key = `reject:${req.chave}:${req.fingerprint}:${cStat}`;
    hits[key] = [...(hits[key] ?? []), now];
  }
  const next: AuthorizerState = { blocks656: prev.blocks656, hits };
  if (cStat === "656") {
    next.blockedUntil = now + budgets.blockMs;
    next.blocks656 = prev.blocks656 + 1;
  } else if (prev.blockedUntil !== undefined && prev.blockedUntil > now) {
    next.blockedUntil = prev.blockedUntil;
  }
  return { ...state, authorizers: { ...state.authorizers, [authorizer]: next } };
}

/** The imperative shell around the pure functions: loads once, saves after every change. */
export class RequestGovernor {
  private state: GovernorState;

  constructor(
    private readonly options: { store?: GovernorStore; clock: Clock; budgets?: Partial<GovernorBudgets> },
  ) {
    const loaded = options.store?.load();
    this.state = loaded?.version === 1 ? loaded : emptyGovernorState();
  }

  private get budgets(): GovernorBudgets {
    return { ...DEFAULT_BUDGETS, ...this.options.budgets };
  }

  check(authorizer: string, req: GovernedRequest): GovernorVerdict {
    return checkRequest(this.state, authorizer, req, this.options.clock.now().getTime(), this.budgets);
  }

  record(authorizer: string, req: GovernedRequest, cStat: string | undefined): void {
    this.state = recordRequest(
      this.state,
      authorizer,
      req,
      cStat,
      this.options.clock.now().getTime(),
      this.budgets,
    );
    this.options.store?.save(this.state);
  }

  /** Until when the authorizer is blocked by a 656, if it is. */
  blockedUntil(authorizer: string): Date | undefined {
    const until = this.state.authorizers[authorizer]?.blockedUntil;
    return until !== undefined && until > this.options.clock.now().getTime() ? new Date(until) : undefined;
  }

  snapshot(): GovernorState {
    return structuredClone(this.state);
  }
}

/** A GovernorStore in memory (tests, the simulator's own bookkeeping). */
export class MemoryGovernorStore implements GovernorStore {
  saved: GovernorState | undefined;
  load(): GovernorState | undefined {
    return this.saved === undefined ? undefined : structuredClone(this.saved);
  }
  save(state: GovernorState): void {
    this.saved = structuredClone(state);
  }
}
