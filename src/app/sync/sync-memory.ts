// What the sync engine remembers between rounds and across restarts (the `sync` command is a new
// process each time): failed attempts and back-off per note or range, automatic corrections made,
// and the pt-BR reason of anything held for an operator. Kept in the journal's settings table.
import type { Journal } from "../../journal/journal.js";

export const SYNC_MEMORY_KEY = "sync.memory";

export interface ItemMemory {
  /** Attempts that ended without an answer worth keeping (unreachable, transient). */
  attempts: number;
  lastAttemptAt?: string;
  /** Not before this instant (back-off, 656 block, late-arrival margin). */
  notBefore?: string;
  /** Automatic same-key corrections already made ([A4] §3). */
  corrections: number;
  /** SEFAZ refused 110111 as late (501): only 110112 is left for this attempt. */
  cancelWindowClosed?: boolean;
  /** Held for an operator: the reason in Portuguese. */
  held?: string;
}

type Stored = Record<string, ItemMemory>;

const EMPTY: ItemMemory = { attempts: 0, corrections: 0 };

/** Read once (and at each round's start), written through on every change. */
export class SyncMemory {
  private cache: Stored | null = null;

  constructor(private readonly journal: Pick<Journal, "getState" | "setState">) {}

  /** Re-reads the journal (another process, e.g. the sync command, may have written it). */
  refresh(): void {
    this.cache = null;
  }

  private all(): Stored {
    this.cache ??= this.journal.getState<Stored>(SYNC_MEMORY_KEY) ?? {};
    return this.cache;
  }

  get(key: string): ItemMemory {
    return { ...EMPTY, ...this.all()[key] };
  }

  update(key: string, change: (m: ItemMemory) => ItemMemory): ItemMemory {
    const all = { ...this.all() };
    const next = change({ ...EMPTY, ...all[key] });
    all[key] = next;
    this.journal.setState(SYNC_MEMORY_KEY, all);
    this.cache = all;
    return next;
  }

  /** Forget a settled item (authorized, voided, cancelled). */
  forget(key: string): void {
    if (!(key in this.all())) return;
    const all = { ...this.all() };
    delete all[key];
    this.journal.setState(SYNC_MEMORY_KEY, all);
    this.cache = all;
  }

  /** Ready now: not held, and no back-off pending (unless an explicit request ignores back-off). */
  ready(key: string, now: Date, ignoreBackoff = false): boolean {
    const m = this.get(key);
    if (m.held !== undefined) return false;
    return ignoreBackoff || m.notBefore === undefined || Date.parse(m.notBefore) <= now.getTime();
  }

  held(): Array<{ key: string; reason: string }> {
    return Object.entries(this.all())
      .filter(([, m]) => m.held !== undefined)
      .map(([key, m]) => ({ key, reason: m.held! }));
  }

  /** The earliest back-off end among items not held, if any. */
  nextWake(now: Date): Date | null {
    let min: number | null = null;
    for (const m of Object.values(this.all())) {
      if (m.held !== undefined || m.notBefore === undefined) continue;
      const t = Date.parse(m.notBefore);
      if (t > now.getTime() && (min === null || t < min)) min = t;
    }
    return min === null ? null : new Date(min);
  }
}
