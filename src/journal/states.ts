// The legal moves of a note, as data. Pure: the journal consults it inside its transactions.
import type { ContractStatus, NoteState } from "./types.js";

interface Move {
  to: NoteState;
  /** Only for notes of this tpEmis. */
  tpEmis?: 1 | 9;
}

// Never void a contingency number ([A4] §5): "abandoned" is reachable only by tpEmis 1 notes.
// A rejected offline note is corrected and resent with the same key ([A4] §3), never abandoned.
const MOVES: Record<NoteState, readonly Move[]> = {
  signed: [{ to: "pending", tpEmis: 9 }, { to: "transmitting" }, { to: "abandoned", tpEmis: 1 }],
  pending: [{ to: "transmitting", tpEmis: 9 }],
  transmitting: [
    { to: "authorized" },
    { to: "rejected" },
    { to: "unknown" },
    { to: "pending", tpEmis: 9 },
    { to: "abandoned", tpEmis: 1 },
  ],
  unknown: [
    { to: "authorized" },
    { to: "rejected" },
    { to: "transmitting" },
    { to: "pending", tpEmis: 9 },
    { to: "abandoned", tpEmis: 1 },
  ],
  rejected: [
    { to: "pending", tpEmis: 9 },
    { to: "transmitting", tpEmis: 9 },
    { to: "abandoned", tpEmis: 1 },
  ],
  authorized: [{ to: "cancelled" }, { to: "substituted", tpEmis: 1 }],
  // A later query can still find an abandoned attempt authorized (then it is cancelled by 110112).
  abandoned: [
    { to: "voided", tpEmis: 1 },
    { to: "authorized", tpEmis: 1 },
  ],
  cancelled: [],
  substituted: [],
  voided: [],
};

export function canTransition(from: NoteState, to: NoteState, tpEmis: 1 | 9): boolean {
  return MOVES[from].some((m) => m.to === to && (m.tpEmis === undefined || m.tpEmis === tpEmis));
}

export const NOTE_STATES = Object.keys(MOVES) as NoteState[];

/** Offline notes (tpEmis 9) in these states are the contingency backlog (Journal.offlineBacklog). */
export const BACKLOG_STATES: readonly NoteState[] = [
  "signed",
  "pending",
  "transmitting",
  "unknown",
  "rejected",
];

export function inOfflineBacklog(tpEmis: number, state: NoteState): boolean {
  return tpEmis === 9 && BACKLOG_STATES.includes(state);
}

/**
 * States a note can still leave by itself: the partial index notes_open (migration 3) holds only
 * these, so the queries of work still to do never scan the authorized history.
 */
export const OPEN_STATES: readonly NoteState[] = [...BACKLOG_STATES, "abandoned"];

/** `state IN (...)` of BACKLOG_STATES. */
export const BACKLOG_STATES_SQL = `state IN (${BACKLOG_STATES.map((s) => `'${s}'`).join(", ")})`;

/** `state IN (...)` of OPEN_STATES, spelled as notes_open's WHERE so that SQLite uses that index. */
export const OPEN_STATES_SQL = `state IN (${OPEN_STATES.map((s) => `'${s}'`).join(", ")})`;

export function isNoteState(value: string): value is NoteState {
  return Object.hasOwn(MOVES, value);
}

/** The contract's status (interfaces.md) for a fine state. */
export function contractStatus(state: NoteState): ContractStatus {
  switch (state) {
    case "authorized":
    case "rejected":
    case "voided":
    case "abandoned":
      return state;
    case "cancelled":
    case "substituted":
      return "cancelled";
    default:
      return "pending";
  }
}

/** Fine states matching a --status filter word (contract status or fine state); undefined if unknown. */
export function statesForFilter(word: string): NoteState[] | undefined {
  // A contract status (interfaces.md) wins over the fine state of the same name: "pending" means
  // every note still waiting for SEFAZ (signed, transmitting, unknown too), as integrators expect.
  const states = NOTE_STATES.filter((s) => contractStatus(s) === word);
  if (states.length > 0) return states;
  return isNoteState(word) ? [word] : undefined;
}
