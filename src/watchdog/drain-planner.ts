// Draining the offline queue when health returns (issue 5 "Draining"): oldest first, one note per
// request (NFC-e lote = exactly one note, synchronous: [NT2023.002] 126/452), bounded concurrency,
// back-off per note, and nothing at all while the 656 governor says no. Pure: the lead wires it.

export interface DrainNote {
  chave: string;
  nNF: number;
  /** "pending": send it; "unknown": an answer was lost, query by key first; "transmitting": in flight. */
  state: "pending" | "unknown" | "transmitting" | "held";
  emittedAt: Date;
  /** Transmission attempts that ended without an answer worth keeping (unreachable, transient). */
  attempts: number;
  lastAttemptAt: Date | null;
  /** Set by nextStepForNote's "retry" (e.g. 656: one hour). */
  notBefore?: Date | null;
}

export interface GovernorPermission {
  allowed: boolean;
  /** When the governor allows requests again (656 block), if it knows. */
  retryAt?: Date | null;
  /** Requests left in the current budget window, if bounded. */
  remaining?: number;
}

export interface DrainPolicy {
  concurrency: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const DEFAULT_DRAIN_POLICY: DrainPolicy = {
  concurrency: 2,
  backoffBaseMs: 5_000,
  backoffCapMs: 300_000,
};

export type DrainAction = { kind: "send"; chave: string } | { kind: "query"; chave: string };

export interface DrainPlan {
  actions: DrainAction[];
  /** When to plan again if nothing else happens (a back-off or a governor block ends); null: on an event. */
  wakeAt: Date | null;
  waitingFor: "nothing" | "link" | "governor" | "concurrency" | "backoff" | "empty";
}

/** Back-off after `attempts` failed attempts: 0, base, 2*base, 4*base ... up to the cap. */
export function retryDelayMs(attempts: number, policy: DrainPolicy = DEFAULT_DRAIN_POLICY): number {
  if (attempts <= 0) return 0;
  return Math.min(policy.backoffCapMs, policy.backoffBaseMs * 2 ** (attempts - 1));
}

function readyAt(note: DrainNote, policy: DrainPolicy): number {
  const backoff =
    note.lastAttemptAt === null ? 0 : note.lastAttemptAt.getTime() + retryDelayMs(note.attempts, policy);
  return Math.max(backoff, note.notBefore?.getTime() ?? 0);
}

export function planDrain(input: {
  notes: readonly DrainNote[];
  linkOnline: boolean;
  permission: GovernorPermission;
  now: Date;
  policy?: DrainPolicy;
}): DrainPlan {
  const policy = input.policy ?? DEFAULT_DRAIN_POLICY;
  const now = input.now.getTime();
  const candidates = input.notes
    .filter((n) => n.state === "pending" || n.state === "unknown")
    .sort((a, b) => a.emittedAt.getTime() - b.emittedAt.getTime() || a.nNF - b.nNF);
  if (candidates.length === 0) return { actions: [], wakeAt: null, waitingFor: "empty" };
  if (!input.linkOnline) return { actions: [], wakeAt: null, waitingFor: "link" };
  if (!input.permission.allowed) {
    return { actions: [], wakeAt: input.permission.retryAt ?? null, waitingFor: "governor" };
  }
  const inFlight = input.notes.filter((n) => n.state === "transmitting").length;
  let slots = Math.max(0, policy.concurrency - inFlight);
  if (input.permission.remaining !== undefined)
    slots = Math.min(slots, Math.max(0, input.permission.remaining));
  if (slots === 0) {
    const governorBound = input.permission.remaining !== undefined && input.permission.remaining <= 0;
    return {
      actions: [],
      wakeAt: governorBound ? (input.permission.retryAt ?? null) : null,
      waitingFor: governorBound ? "governor" : "concurrency",
    };
  }
  const actions: DrainAction[] = [];
  let wakeAt: number | null = null;
  for (const note of candidates) {
    const ready = readyAt(note, policy);
    if (ready > now) {
      wakeAt = wakeAt === null ? ready : Math.min(wakeAt, ready);
      continue;
    }
    if (actions.length < slots)
      actions.push({ kind: note.state === "unknown" ? "query" : "send", chave: note.chave });
  }
  const waitingFor = actions.length > 0 ? "nothing" : "backoff";
  return { actions, wakeAt: wakeAt === null ? null : new Date(wakeAt), waitingFor };
}
