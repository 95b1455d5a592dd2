// A hand-written KioskService that behaves like the real one at the edges the front ends see:
// increasing nNF, online notes authorized, offline notes pending until a drain, contingency switches.
import { EventEmitter } from "node:events";
import type { HeldItem } from "../../src/app/held-correction.js";
import type {
  EmitResult,
  HeldNote,
  KioskEvents,
  KioskService,
  NoteListItem,
  StatusResult,
  SyncResult,
} from "../../src/app/kiosk-service.js";
import { applyCorrections, type FieldChange, type ItemCorrection } from "../../src/app/sync/fiscal-edit.js";
import type { Clock } from "../../src/clock.js";
import { KioskError } from "../../src/errors.js";
import { parseSale } from "../../src/fiscal/sale.js";

interface FakeNote extends NoteListItem {
  total: number;
  lines: string[];
  authorizedAt: number | null;
  xMotivo: string | null;
  sale: unknown;
}

export class FakeKioskService implements KioskService {
  readonly events = new EventEmitter<KioskEvents>();
  readonly notes: FakeNote[] = [];
  readonly calls: Array<{ method: string; operator?: string | undefined; args?: unknown }> = [];
  linkUp = true;
  printerOk = true;
  /** Next drained notes are rejected with this cStat (then it resets). */
  rejectNext: { cStat: string; xMotivo: string } | null = null;
  /** Delay per note while draining, so a UI can show progress. */
  drainStepMs = 0;
  private mode: "online" | "contingency" = "online";
  private cause: string | null = null;
  private manual = false;
  private draining = false;
  private nNF = 100;

  constructor(private readonly clock: Clock) {}

  /** Test handle: the link to SEFAZ drops; the service switches to contingency. */
  cutLink(cause = "sefaz-down"): void {
    this.linkUp = false;
    this.mode = "contingency";
    this.cause = cause;
    this.publish();
  }

  /** Test handle: the printer runs out of paper (false) or is fixed (true). */
  setPrinter(ok: boolean): void {
    this.printerOk = ok;
    this.publish();
  }

  /** Test handle: the link returns; like the real service, it drains on its own unless told not to. */
  async restoreLink(drain = true): Promise<void> {
    this.linkUp = true;
    if (!this.manual) {
      this.mode = "online";
      this.cause = null;
    }
    this.publish();
    if (drain) await this.syncNow("auto");
  }

  async emitSale(sale: unknown, options: { offline?: boolean; operator?: string } = {}): Promise<EmitResult> {
    this.calls.push({ method: "emitSale", operator: options.operator, args: sale });
    const total = validateSale(sale);
    const online = !options.offline && this.mode === "online" && this.linkUp;
    const nNF = ++this.nNF;
    const chave = `35260306157250000116650010000${String(nNF).padStart(5, "0")}${online ? 1 : 9}1234567${nNF % 10}5`;
    const now = this.clock.now();
    const lines = [
      "QUIOSQUE TESTE",
      "CNPJ 06.157.250/0001-16",
      "DANFE NFC-e - Documento Auxiliar",
      ...(online ? [] : ["EMITIDA EM CONTINGENCIA", "Pendente de autorizacao"]),
      `NFC-e n. ${nNF} Serie 1`,
      `TOTAL R$ ${total.toFixed(2).replace(".", ",")}`,
      `Chave: ${chave}`,
    ];
    const note: FakeNote = {
      chave,
      nNF,
      serie: 1,
      tpEmis: online ? 1 : 9,
      status: online ? "authorized" : "pending",
      cStat: online ? "100" : null,
      nProt: online ? `1352600000${nNF}` : null,
      emittedAt: now.toISOString(),
      total,
      lines,
      authorizedAt: online ? now.getTime() : null,
      xMotivo: null,
      sale,
    };
    this.notes.push(note);
    this.events.emit("receipt", { chave, lines });
    this.publish();
    return {
      chave,
      nNF,
      serie: 1,
      tpEmis: note.tpEmis,
      status: note.status,
      cStat: note.cStat,
      nProt: note.nProt,
      qrCode: `https://www.homologacao.nfce.fazenda.sp.gov.br/qrcode?p=${chave}|2|2|1|ABC`,
      printed: this.printerOk,
      ...(this.printerOk ? {} : { printError: "Impressora sem papel" }),
    };
  }

  status(): StatusResult {
    const pending = this.notes.filter((n) => n.status === "pending");
    const oldest = pending[0]?.emittedAt ?? null;
    const deadline = oldest ? new Date(new Date(oldest).getTime() + 24 * 3600_000) : null;
    const left = deadline ? deadline.getTime() - this.clock.now().getTime() : null;
    return {
      mode: this.mode,
      cause: this.cause,
      pending: pending.length,
      oldestPendingAt: oldest,
      deadlineAt: deadline ? deadline.toISOString() : null,
      deadlineLevel:
        left === null || left > 6 * 3600_000
          ? "ok"
          : left > 3600_000
            ? "warn"
            : left > 0
              ? "urgent"
              : "overdue",
      causeText: this.cause === null ? undefined : this.manual ? "Contingência manual" : "SEFAZ fora do ar",
      draining: this.draining,
      rejected: this.notes.filter((n) => n.status === "rejected").length,
      manual: this.manual,
      devices: {
        printer: {
          state: this.printerOk ? "ok" : "down",
          detail: this.printerOk ? "pronta" : "sem papel",
          since: "2026-03-01T11:00:00.000Z",
        },
      },
    };
  }

  listNotes(filter: { status?: string } = {}): NoteListItem[] {
    return this.notes
      .filter((n) => filter.status === undefined || n.status === filter.status)
      .map(({ chave, nNF, serie, tpEmis, status, cStat, nProt, emittedAt }) => ({
        chave,
        nNF,
        serie,
        tpEmis,
        status,
        cStat,
        nProt,
        emittedAt,
      }));
  }

  async syncNow(operator?: string): Promise<SyncResult> {
    this.calls.push({ method: "syncNow", operator });
    if (!this.linkUp) {
      throw new KioskError("KIOSK_ERR_SEFAZ_TRANSPORT", "SEFAZ unreachable", {
        operatorMessage: "SEFAZ inacessível: as notas continuam pendentes.",
        retryable: true,
      });
    }
    const pending = this.notes.filter((n) => n.status === "pending");
    const result: SyncResult = { sent: 0, authorized: 0, rejected: 0, pending: 0 };
    this.draining = true;
    this.publish();
    for (const note of pending) {
      if (this.drainStepMs > 0) await new Promise((r) => setTimeout(r, this.drainStepMs));
      result.sent++;
      if (this.rejectNext) {
        note.status = "rejected";
        note.cStat = this.rejectNext.cStat;
        note.xMotivo = this.rejectNext.xMotivo;
        this.rejectNext = null;
        result.rejected++;
      } else {
        note.status = "authorized";
        note.cStat = "100";
        note.nProt = `1352600000${note.nNF}`;
        note.authorizedAt = this.clock.now().getTime();
        result.authorized++;
      }
      this.publish();
    }
    this.draining = false;
    result.pending = this.notes.filter((n) => n.status === "pending").length;
    this.publish();
    return result;
  }

  setContingency(action: "enter" | "exit", reason: string, operator: string): StatusResult {
    this.calls.push({ method: "setContingency", operator, args: { action, reason } });
    if (action === "enter") {
      this.mode = "contingency";
      this.cause = "manual";
      this.manual = true;
    } else {
      this.manual = false;
      this.mode = this.linkUp ? "online" : "contingency";
      this.cause = this.linkUp ? null : "sefaz-down";
    }
    this.publish();
    return this.status();
  }

  receiptLines(chave: string): string[] {
    return this.find(chave).lines;
  }

  async reprint(chave: string, operator: string): Promise<{ printed: boolean; reason?: string }> {
    this.calls.push({ method: "reprint", operator, args: chave });
    const note = this.find(chave);
    if (!this.printerOk) return { printed: false, reason: "Impressora sem papel" };
    this.events.emit("receipt", { chave, lines: ["SEGUNDA VIA", ...note.lines] });
    return { printed: true };
  }

  async cancel(
    chave: string,
    reason: string,
    operator: string,
  ): Promise<{ cStat: string; nProt: string | null }> {
    this.calls.push({ method: "cancel", operator, args: { chave, reason } });
    const note = this.find(chave);
    if (note.status !== "authorized" || note.authorizedAt === null) {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "only an authorized note can be cancelled", {
        field: "chave",
        operatorMessage: "Só uma nota autorizada pode ser cancelada.",
      });
    }
    if (this.clock.now().getTime() - note.authorizedAt > 30 * 60_000) {
      throw new KioskError("KIOSK_ERR_DEADLINE", "cancellation window (30 min) is over", {
        operatorMessage: "Prazo de cancelamento (30 min) encerrado.",
      });
    }
    note.status = "cancelled";
    note.cStat = "135";
    this.publish();
    return { cStat: "135", nProt: `1352600009${note.nNF}` };
  }

  /** Rejected notes are held for an operator, like the sync engine does with non-correctable rejections. */
  heldNotes(): HeldNote[] {
    return this.notes
      .filter((n) => n.status === "rejected")
      .map((n) => ({ chave: n.chave, nNF: n.nNF, reason: `Rejeição ${n.cStat}: ${n.xMotivo ?? ""}`.trim() }));
  }

  releaseHeld(chave: string, operator: string): void {
    this.calls.push({ method: "releaseHeld", operator, args: chave });
    const note = this.notes.find((n) => n.chave === chave && n.status === "rejected");
    if (!note)
      throw new KioskError("KIOSK_ERR_NOT_FOUND", `nothing is held under ${chave}`, {
        field: "chave",
        operatorMessage: "Esta nota não está retida (talvez já tenha sido liberada).",
      });
    note.status = "pending";
    note.cStat = null;
    note.xMotivo = null;
    this.publish();
  }

  heldItems(chave: string): HeldItem[] {
    const items = (this.held(chave).sale as { items: Array<Record<string, unknown>> }).items;
    return items.map((item, index) => ({
      index,
      code: String(item["code"]),
      description: String(item["description"]),
      ncm: String(item["ncm"]),
      cest: (item["cest"] as string | undefined) ?? null,
      cfop: String(item["cfop"]),
      tax: item["tax"] as Record<string, unknown>,
    }));
  }

  async correctHeld(chave: string, corrections: ItemCorrection[], operator: string): Promise<FieldChange[]> {
    this.calls.push({ method: "correctHeld", operator, args: { chave, corrections } });
    const note = this.held(chave);
    const { sale, changes } = applyCorrections(note.sale, corrections);
    parseSale(sale, 1); // the real service's sale rules (a Simples Nacional emitter)
    note.sale = sale;
    note.status = "pending";
    note.cStat = null;
    note.xMotivo = null;
    this.publish();
    return changes;
  }

  private held(chave: string): FakeNote {
    const note = this.notes.find((n) => n.chave === chave && n.status === "rejected" && n.tpEmis === 9);
    if (!note)
      throw new KioskError("KIOSK_ERR_NOT_FOUND", `no rejected offline note is held under ${chave}`, {
        field: "chave",
        operatorMessage: "Esta nota não está retida por rejeição (talvez já tenha sido liberada).",
      });
    return note;
  }

  exportAccountant(month: string | undefined, dir: string, operator: string): { files: number } {
    this.calls.push({ method: "exportAccountant", operator, args: { month, dir } });
    if (!dir.startsWith("/media/"))
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", `export folder refused: ${dir}`, {
        field: "dir",
        operatorMessage: "só é permitido exportar para um pendrive montado em: /media",
      });
    const notes = this.notes.filter((n) => month === undefined || n.emittedAt.startsWith(month));
    return { files: notes.filter((n) => n.status === "authorized").length + 2 };
  }

  private find(chave: string): FakeNote {
    const note = this.notes.find((n) => n.chave === chave);
    if (!note) throw new KioskError("KIOSK_ERR_NOT_FOUND", `no note ${chave}`, { field: "chave" });
    return note;
  }

  private publish(): void {
    this.events.emit("status", this.status());
  }
}

function validateSale(sale: unknown): number {
  const s = sale as { items?: unknown; payments?: unknown };
  if (!Array.isArray(s.items) || s.items.length === 0) {
    throw new KioskError("KIOSK_ERR_SALE_INVALID", "items must have at least one item", { field: "items" });
  }
  let total = 0;
  s.items.forEach((item: { quantity?: unknown; unitPrice?: unknown; discount?: unknown }, i) => {
    if (typeof item?.quantity !== "number" || item.quantity <= 0) {
      throw new KioskError("KIOSK_ERR_SALE_INVALID", "quantity must be > 0", {
        field: `items[${i}].quantity`,
      });
    }
    if (typeof item.unitPrice !== "number" || item.unitPrice <= 0) {
      throw new KioskError("KIOSK_ERR_SALE_INVALID", "unitPrice must be > 0", {
        field: `items[${i}].unitPrice`,
      });
    }
    total += Math.round(item.quantity * item.unitPrice * 100) / 100 - (Number(item.discount) || 0);
  });
  const paid = Array.isArray(s.payments)
    ? s.payments.reduce((acc: number, p: { amount?: unknown }) => acc + (Number(p?.amount) || 0), 0)
    : 0;
  if (paid + 0.001 < total) {
    throw new KioskError("KIOSK_ERR_SALE_INVALID", "payments do not cover the total", { field: "payments" });
  }
  return Math.round(total * 100) / 100;
}
