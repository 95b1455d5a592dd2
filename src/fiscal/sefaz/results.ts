// What the client returns: results, never exceptions, for everything SEFAZ or the network can do.

export type RejectAction = "fix" | "give-up" | "query-first" | "transient";

/** The request never left (refused, DNS, TLS handshake): safe to go offline and retry later. */
export type Unreachable = { outcome: "unreachable"; reason: string };
/** The request may have been processed (timeout after sending, reset): query by key first. */
export type Unknown = { outcome: "unknown"; reason: string };
/** The governor held the request to avoid cStat 656; nothing was sent. */
export type Blocked = { outcome: "blocked"; reason: string; until: string };
export type Rejected = { outcome: "rejected"; cStat: string; xMotivo: string; action: RejectAction };
export type NotSent = Unreachable | Unknown | Blocked;

export type AuthorizationResult =
  | {
      outcome: "authorized";
      cStat: string;
      xMotivo: string;
      nProt: string;
      dhRecbto: string;
      protNFeXml: string;
      nfeProcXml: string;
    }
  | Rejected
  | NotSent;

export type StatusResult =
  | {
      outcome: "answered";
      cStat: string;
      xMotivo: string;
      inOperation: boolean;
      dhRecbto?: string;
      tMed?: number;
    }
  | NotSent;

export type ConsultResult =
  | {
      outcome: "authorized";
      cStat: string;
      xMotivo: string;
      nProt: string;
      dhRecbto: string;
      protNFeXml: string;
    }
  | {
      outcome: "cancelled";
      cStat: string;
      xMotivo: string;
      nProt?: string;
      protNFeXml?: string;
      /** procEventoNFe elements as received (the cancellation among them). */
      eventsXml: string[];
    }
  /** cStat 217: SEFAZ has no note with this key: safe to send it. */
  | { outcome: "not-found"; cStat: string; xMotivo: string }
  | Rejected
  | NotSent;

export type InutilizationResult =
  | {
      outcome: "done";
      cStat: string;
      xMotivo: string;
      nProt: string;
      dhRecbto: string;
      procInutNFeXml: string;
    }
  | Rejected
  | NotSent;

export type EventResult =
  | {
      outcome: "registered";
      cStat: string;
      xMotivo: string;
      nProt: string;
      dhRegEvento: string;
      /** The signed evento as sent (the journal keeps it beside procEventoXml). */
      eventoXml: string;
      retEventoXml: string;
      procEventoXml: string;
    }
  | Rejected
  | NotSent;
