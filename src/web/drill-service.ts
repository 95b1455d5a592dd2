// Outage drill for training: a stand-in KioskService that plays an outage (contingency, pending notes,
// a drain when the supervisor ends the outage) without touching the journal, SEFAZ or the real
// numbering. Its notes use series 999 (never a configured series) and keys starting "00" (no UF has
// code 00), and every receipt says it has no fiscal value.
import { randomInt } from "node:crypto";
import { EventEmitter } from "node:events";
import type {
  EmitResult,
  HeldNote,
  KioskEvents,
  KioskService,
  NoteListItem,
  StatusResult,
  SyncResult,
} from "../app/kiosk-service.js";
import type { Clock } from "../clock.js";
import { KioskError } from "../errors.js";

export const DRILL_SERIE = 999;
const DRILL_BANNER = "*** TREINO - SEM VALOR FISCAL ***";

interface DrillNote extends NoteListItem {
  lines: string[];
}

export class DrillService implements KioskService {
  readonly events = new EventEmitter<KioskEvents>();
  private readonly notes: DrillNote[] = [];
  private mode: "online" | "contingency" = "contingency";
  private draining = false;

  constructor(
    private readonly clock: Clock,
    readonly until: Date,
  ) {}

  async emitSale(sale: unknown, options: { offline?: boolean; operator?: string } = {}): Promise<EmitResult> {
    const items = (sale as { items?: unknown } | null)?.items;
    if (!Array.isArray(items) || items.length === 0) {
      throw new KioskError("KIOSK_ERR_SALE_INVALID", "items must have at least one item", { field: "items" });
    }
    const total = items.reduce((acc: number, i: { quantity?: unknown; unitPrice?: unknown }) => {
      return acc + Math.round(Number(i?.quantity) * Number(i?.unitPrice) * 100) / 100;
    }, 0);
    const online = this.mode === "online" && !options.offline;
    const nNF = this.notes.length + 1;
    const chave = `00${"0".repeat(18)}65${DRILL_SERIE}${String(nNF).padStart(9, "0")}${online ? 1 : 9}${String(randomInt(0, 1e8)).padStart(8, "0")}0`;
    const lines = [
      DRILL_BANNER,
      `TREINO n. ${nNF} - ${online ? "autorizada (simulado)" : "contingencia (simulado)"}`,
      `TOTAL R$ ${total.toFixed(2).replace(".", ",")}`,
      ...(options.operator ? [`Operador: ${options.operator}`] : []),
      DRILL_BANNER,
    ];
    const note: DrillNote = {
      chave,
      nNF,
      serie: DRILL_SERIE,
      tpEmis: online ? 1 : 9,
      status: online ? "authorized" : "pending",
      cStat: online ? "100" : null,
      nProt: null,
      emittedAt: this.clock.now().toISOString(),
      lines,
    };
    this.notes.push(note);
    this.events.emit("receipt", { chave, lines });
    this.publish();
    return {
      chave,
      nNF,
      serie: DRILL_SERIE,
      tpEmis: note.tpEmis,
      status: note.status,
      cStat: note.cStat,
      nProt: null,
      qrCode: "",
      printed: false,
      printError: "treino: nada é impresso",
    };
  }

  status(): StatusResult & { drill: { until: string } } {
    const pending = this.notes.filter((n) => n.status === "pending");
    const oldest = pending[0]?.emittedAt ?? null;
    return {
      mode: this.mode,
      cause: this.mode === "online" ? null : "drill",
      causeText: "TREINO: queda simulada, nenhuma nota real é emitida",
      pending: pending.length,
      oldestPendingAt: oldest,
      deadlineAt: oldest ? new Date(new Date(oldest).getTime() + 24 * 3600_000).toISOString() : null,
      draining: this.draining,
      manual: true,
      drill: { until: this.until.toISOString() },
    };
  }

  listNotes(filter: { status?: string } = {}): NoteListItem[] {
    return this.notes
      .filter((n) => filter.status === undefined || n.status === filter.status)
      .map(({ lines: _lines, ...item }) => item);
  }

  /** "Ending the outage": every pending training note becomes authorized, one status event each. */
  async syncNow(): Promise<SyncResult> {
    if (this.mode === "contingency") {
      throw new KioskError("KIOSK_ERR_SEFAZ_TRANSPORT", "drill: the simulated outage is still on", {
        operatorMessage: "Treino: a queda simulada continua. Saia da contingência para simular a volta.",
        retryable: true,
      });
    }
    const pending = this.notes.filter((n) => n.status === "pending");
    this.draining = true;
    for (const note of pending) {
      note.status = "authorized";
      note.cStat = "100";
      this.publish();
    }
    this.draining = false;
    this.publish();
    return { sent: pending.length, authorized: pending.length, rejected: 0, pending: 0 };
  }

  setContingency(action: "enter" | "exit"): StatusResult {
    this.mode = action === "enter" ? "contingency" : "online";
    this.publish();
    return this.status();
  }

  receiptLines(chave: string): string[] {
    return this.find(chave).lines;
  }

  async reprint(chave: string): Promise<{ printed: boolean; reason?: string }> {
    this.events.emit("receipt", { chave, lines: this.find(chave).lines });
    return { printed: false, reason: "treino: nada é impresso" };
  }

  async cancel(chave: string): Promise<{ cStat: string; nProt: string | null }> {
    const note = this.find(chave);
    if (note.status !== "authorized") {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "only an authorized note can be cancelled", {
        field: "chave",
        operatorMessage: "Só uma nota autorizada pode ser cancelada.",
      });
    }
    note.status = "cancelled";
    note.cStat = "135";
    this.publish();
    return { cStat: "135", nProt: null };
  }

  heldNotes(): HeldNote[] {
    return [];
  }

  releaseHeld(chave: string): void {
    throw new KioskError("KIOSK_ERR_NOT_FOUND", `no training note held under ${chave}`, {
      field: "chave",
      operatorMessage: "Treino: nenhuma nota retida.",
    });
  }

  heldItems(chave: string): never {
    throw new KioskError("KIOSK_ERR_NOT_FOUND", `no training note held under ${chave}`, {
      field: "chave",
      operatorMessage: "Treino: nenhuma nota retida.",
    });
  }

  correctHeld(chave: string): Promise<never> {
    return Promise.reject(
      new KioskError("KIOSK_ERR_NOT_FOUND", `no training note held under ${chave}`, {
        field: "chave",
        operatorMessage: "Treino: nenhuma nota retida.",
      }),
    );
  }

  exportAccountant(): { files: number } {
    throw new KioskError("KIOSK_ERR_INPUT_INVALID", "drill: nothing to export", {
      operatorMessage: "Treino: as notas de treino não são exportadas. Encerre o treino para exportar.",
    });
  }

  private find(chave: string): DrillNote {
    const note = this.notes.find((n) => n.chave === chave);
    if (!note) throw new KioskError("KIOSK_ERR_NOT_FOUND", `no training note ${chave}`, { field: "chave" });
    return note;
  }

  private publish(): void {
    this.events.emit("status", this.status());
  }
}
