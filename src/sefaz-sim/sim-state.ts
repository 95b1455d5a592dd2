// What the simulator remembers across restarts: authorized notes (with the facts 110112 compares),
// their events, inutilized ranges and the protocol sequence. One JSON file, written atomically.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KioskError } from "../errors.js";
import { writeFileAtomic } from "./atomic-file.js";
import type { NoteFacts } from "./nfe-facts.js";

export interface SimEvent {
  tpEvento: string;
  nSeqEvento: number;
  nProt: string;
  dhRegEvento: string;
  procEventoXml: string;
}

export interface SimNote {
  chave: string;
  natKey: string;
  cStat: string;
  nProt: string;
  dhRecbto: string;
  authorizedAt: number;
  protNFeXml: string;
  facts: NoteFacts;
  events: SimEvent[];
  cancelled: boolean;
}

export interface SimInutilization {
  emitter: string;
  serie: number;
  ano: string;
  nNFIni: number;
  nNFFin: number;
  nProt: string;
}

export interface SimState {
  version: 1;
  seq: number;
  notes: Record<string, SimNote>;
  naturalKeys: Record<string, string>;
  inutilized: SimInutilization[];
}

export class SimStore {
  readonly file: string;
  state: SimState;

  constructor(dir: string) {
    this.file = join(dir, "sefaz-sim-state.json");
    this.state = existsSync(this.file)
      ? this.read()
      : { version: 1, seq: 0, notes: {}, naturalKeys: {}, inutilized: [] };
  }

  /** A damaged file is refused, never overwritten: the notes in it are the simulator's "database". */
  private read(): SimState {
    let parsed: SimState;
    try {
      parsed = JSON.parse(readFileSync(this.file, "utf8")) as SimState;
    } catch (error) {
      throw new KioskError(
        "KIOSK_ERR_INPUT_INVALID",
        `${this.file} is not readable JSON (move it away to start afresh)`,
        {
          field: "--data",
          cause: error,
        },
      );
    }
    if (parsed?.version !== 1 || typeof parsed.notes !== "object") {
      throw new KioskError(
        "KIOSK_ERR_INPUT_INVALID",
        `${this.file}: unknown state version ${String(parsed?.version)}`,
        {
          field: "--data",
        },
      );
    }
    return parsed;
  }

  save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.state));
  }

  /** nProt: authorizer type (1) + cUF (2) + year (2) + sequence (10) = 15 digits. */
  nextProt(cUF: string, now: Date): string {
    this.state.seq += 1;
    const yy = String(now.getUTCFullYear() % 100).padStart(2, "0");
    return `1${cUF}${yy}${String(this.state.seq).padStart(10, "0")}`;
  }

  /** Natural key of an NFC-e: model, UF, emitter, série, number and tpEmis ([MOC-A1] 2B08-10). */
  static naturalKey(f: Pick<NoteFacts, "cUF" | "emitter" | "serie" | "nNF" | "tpEmis">): string {
    return `65:${f.cUF}:${f.emitter}:${f.serie}:${f.nNF}:${f.tpEmis}`;
  }

  isInutilized(emitter: string, serie: number, nNF: number): boolean {
    return this.state.inutilized.some(
      (r) => r.emitter === emitter && r.serie === serie && nNF >= r.nNFIni && nNF <= r.nNFFin,
    );
  }
}
