// The sync engine: runs rounds on demand (the `sync` command, POST /api/sync) and in the
// background while the link is online and there is work, with back-off after failed rounds.
// Rounds never overlap: a request during a round waits for it and then runs its own.
import { KioskError } from "../../errors.js";
import type { Logger } from "../../log.js";
import { timeZoneOfUf } from "../../watchdog/deadline.js";
import { retryDelayMs } from "../../watchdog/drain-planner.js";
import { realTimers, type Timers } from "../../watchdog/link-watchdog.js";
import type { KioskCore } from "../open-core.js";
import { gateValidator } from "../schema-dir.js";
import { emptyTally, type NoteOutcome, type RoundContext } from "./round-context.js";
import { SyncMemory } from "./sync-memory.js";
import { type RoundResult, runSyncRound } from "./sync-round.js";
import { hasSyncWork } from "./sync-work.js";

export type { RoundResult } from "./sync-round.js";

export interface SyncEvents {
  progress: { done: number; total: number };
  /** What happened to one note (or range) in a round. */
  note: { chave: string; outcome: NoteOutcome };
  /** A round finished. */
  round: RoundResult;
}

export interface SyncEngine {
  /**
   * One full round now (waits for a round in progress first). `ignoreBackoff`: an operator's explicit
   * request (sync command, POST /api/sync) does not wait for back-off; holds and the 656 governor stay.
   */
  runRound(options?: RoundOptions): Promise<RoundResult>;
  /** Background rounds while the link is online and there is work; idempotent. */
  start(): void;
  stop(): Promise<void>;
  readonly draining: boolean;
  /** Notes and ranges held for an operator, with the reason in Portuguese. */
  held(): Array<{ key: string; reason: string }>;
  /**
   * An operator fixed the cause of a hold (certificate, configuration, contingency rules): the note
   * (a rejected offline one goes back to the queue with its key unchanged) or range is tried again.
   */
  release(key: string, operator: string): void;
  on<E extends keyof SyncEvents>(event: E, fn: (payload: SyncEvents[E]) => void): void;
}

export interface RoundOptions {
  ignoreBackoff?: boolean;
}

export interface SyncEngineDeps {
  core: Pick<KioskCore, "config" | "journal" | "sefaz" | "identity" | "clock">;
  isOnline: () => boolean;
  log: Logger;
  timers?: Timers;
  concurrency?: number;
  /** Background pacing (ms): idle re-check, and the pause between rounds while work remains. */
  idleMs?: number;
  busyMs?: number;
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { core, log } = deps;
  const sefaz = core.sefaz;
  if (sefaz === undefined)
    throw new KioskError(
      "KIOSK_ERR_INTERNAL",
      "the sync engine needs a SEFAZ client (the core was opened offline-only)",
    );
  const timers = deps.timers ?? realTimers;
  const memory = new SyncMemory(core.journal);
  const listeners: { [E in keyof SyncEvents]: Array<(p: SyncEvents[E]) => void> } = {
    progress: [],
    note: [],
    round: [],
  };
  const emit = <E extends keyof SyncEvents>(event: E, payload: SyncEvents[E]) => {
    for (const fn of listeners[event]) {
      try {
        fn(payload);
      } catch (error) {
        log.error("sync listener failed", { event, error });
      }
    }
  };
  let xsd: ReturnType<typeof gateValidator> | null = null;
  let current: Promise<RoundResult> | null = null;
  let running = false;
  let timer: unknown = null;
  let failures = 0;

  const oneRound = async (options: RoundOptions): Promise<RoundResult> => {
    if (xsd === null) xsd = gateValidator(core.config);
    memory.refresh();
    const ctx: RoundContext = {
      config: core.config,
      journal: core.journal,
      sefaz,
      identity: core.identity,
      clock: core.clock,
      log,
      memory,
      ...(xsd ? { xsd } : {}),
      tally: emptyTally(),
      concurrency: deps.concurrency ?? core.config.sefaz.drainConcurrency,
      ignoreBackoff: options.ignoreBackoff ?? false,
      halted: null,
      inFlight: new Set(),
      onNote: (chave, outcome) => emit("note", { chave, outcome }),
    };
    const result = await runSyncRound(ctx, (done, total) => emit("progress", { done, total }));
    if (result.halted) log.warn("sync round stopped early", { halted: result.halted });
    log.info("sync round done", { ...result });
    emit("round", result);
    return result;
  };

  const runRound = (options: RoundOptions = {}): Promise<RoundResult> => {
    const previous = current ?? Promise.resolve(null);
    const mine = previous.catch(() => null).then(() => oneRound(options));
    current = mine;
    void mine
      .finally(() => {
        if (current === mine) current = null;
      })
      .catch(() => {});
    return mine;
  };

  const schedule = (ms: number) => {
    if (!running) return;
    if (timer !== null) timers.clear(timer);
    timer = timers.set(() => {
      timer = null;
      void tick();
    }, ms);
  };

  const tick = async () => {
    if (!running) return;
    const idleMs = deps.idleMs ?? 15_000;
    const now = core.clock.now();
    if (
      !deps.isOnline() ||
      !hasSyncWork(
        core.journal,
        memory,
        now,
        core.config.sefaz.timeoutMs + core.config.sefaz.onlineWaitMs,
        timeZoneOfUf(core.config.emitter.address.uf),
      )
    ) {
      const wake = memory.nextWake(now);
      schedule(wake === null ? idleMs : Math.min(idleMs, Math.max(0, wake.getTime() - now.getTime())));
      return;
    }
    try {
      const r = await runRound();
      failures = r.halted !== null && !r.reached ? failures + 1 : 0;
    } catch (error) {
      failures++;
      log.error("sync round failed", { error });
    }
    schedule(failures > 0 ? retryDelayMs(failures) : (deps.busyMs ?? 1_000));
  };

  return {
    runRound,
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer !== null) timers.clear(timer);
      timer = null;
      await current?.catch(() => null);
    },
    get draining() {
      return current !== null;
    },
    held: () => memory.held(),
    release(key, operator) {
      const note = core.journal.getNote(key);
      if (note?.state === "rejected" && note.tpEmis === 9)
        core.journal.transition(key, "pending", { reason: "released by an operator after a hold" }, operator);
      memory.forget(key);
    },
    on(event, fn) {
      listeners[event].push(fn);
    },
  };
}
