// The running kiosk behind the KioskService interface: sales through the emission pipeline, the
// contingency mode from the link watchdog (or an operator), sync rounds, receipts and devices.
import { EventEmitter } from "node:events";
import { resolveExportDir } from "../console/console-commands.js";
import { KioskError } from "../errors.js";
import type { Hal } from "../hal/create-hal.js";
import { type KioskFault, ledPattern } from "../hal/leds/led-pattern.js";
import { exportJournal } from "../journal/export-files.js";
import { noteListRow } from "../journal/list-row.js";
import { statesForFilter } from "../journal/states.js";
import type { LinkWatchdog } from "../watchdog/link-watchdog.js";
import { correctHeldNote, type HeldItem, heldItems } from "./held-correction.js";
import type {
  EmitResult,
  HeldNote,
  KioskEvents,
  KioskService,
  NoteListItem,
  StatusResult,
  SyncResult,
} from "./kiosk-service.js";
import type { KioskCore } from "./open-core.js";
import { statusView } from "./status-view.js";
import type { FieldChange, ItemCorrection } from "./sync/fiscal-edit.js";

/** What the service needs of the sync engine (src/app/sync). */
export interface SyncPort {
  runRound(options?: { ignoreBackoff?: boolean }): Promise<SyncResult>;
  readonly draining: boolean;
  held(): Array<{ key: string; reason: string }>;
  release(key: string, operator: string): void;
}

const RANGE_KEY = /^inut:\d+:(\d+)-\d+$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface CancelPort {
  cancel(chave: string, reason: string, operator: string): Promise<{ cStat: string; nProt: string | null }>;
}

export interface ServiceDeps {
  core: KioskCore;
  hal: Hal;
  watchdog: LinkWatchdog;
  sync: SyncPort;
  canceller: CancelPort;
  /** Privileged actions go to the journal's audit trail. */
  audit: (who: string, action: string, detail: Record<string, unknown>) => void;
}

/** Where the nightly journal check leaves its verdict (the fault LED reads it). */
export const JOURNAL_CHECK_KEY = "journal.lastCheck";

export class KioskServiceImpl implements KioskService {
  readonly events = new EventEmitter<KioskEvents>();
  private lastStatusKey = "";

  constructor(private readonly deps: ServiceDeps) {
    deps.core.contingency.onChange(() => this.publishStatus());
  }

  async emitSale(sale: unknown, options: { offline?: boolean; operator?: string } = {}): Promise<EmitResult> {
    const result = await this.deps.core.pipeline.emit(sale, options);
    const payments = (sale as { payments?: Array<{ type?: string }> }).payments ?? [];
    // Cash sale: open the drawer once the note is recorded (a failed pulse never undoes the sale).
    if (payments.some((p) => p.type === "01")) {
      const drawer = await this.deps.hal.drawer.open().catch(() => ({ opened: false }));
      if (!drawer.opened) this.deps.core.log.warn("cash drawer did not open", { chave: result.chave });
    }
    this.publishStatus();
    return result;
  }

  status(): StatusResult {
    const { core, hal, sync } = this.deps;
    const view = statusView({
      config: core.config,
      journal: core.journal,
      model: core.contingency.snapshot(),
      now: core.clock.now(),
    });
    const devices = Object.fromEntries(
      Object.entries(hal.statusAll()).map(([name, s]) => [
        name,
        { state: s.state, detail: s.detail, since: s.since.toISOString() },
      ]),
    );
    return { ...view, draining: sync.draining, devices };
  }

  listNotes(filter: { status?: string } = {}): NoteListItem[] {
    if (filter.status !== undefined && statesForFilter(filter.status) === undefined)
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", `unknown status "${filter.status}"`, {
        field: "status",
      });
    // The same rows as `journal list --json` (interfaces.md: GET /api/notes is that list).
    return this.deps.core.journal.listNotes(filter).map(noteListRow);
  }

  async syncNow(operator = "system"): Promise<SyncResult> {
    this.deps.audit(operator, "sync", {});
    // An operator asked: skip back-off waits (holds and the 656 block still apply).
    const result = await this.deps.sync.runRound({ ignoreBackoff: true });
    this.publishStatus();
    return result;
  }

  setContingency(action: "enter" | "exit", reason: string, operator: string): StatusResult {
    const trimmed = reason.trim();
    if (trimmed.length < 3)
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "reason must say why (at least 3 characters)", {
        field: "reason",
      });
    const { watchdog, core } = this.deps;
    watchdog.observe(
      action === "enter"
        ? { type: "manual-enter", by: operator, reason: trimmed }
        : { type: "manual-exit", by: operator, reason: trimmed },
    );
    core.contingency.apply(watchdog.mode());
    this.deps.audit(operator, `contingency-${action}`, { reason: trimmed });
    this.publishStatus();
    return this.status();
  }

  receiptLines(chave: string): string[] {
    return this.deps.core.receipts.render(chave).lines;
  }

  async reprint(chave: string, operator: string): Promise<{ printed: boolean; reason?: string }> {
    this.deps.audit(operator, "reprint", { chave });
    return this.deps.core.receipts.printNote(chave, operator);
  }

  async cancel(
    chave: string,
    reason: string,
    operator: string,
  ): Promise<{ cStat: string; nProt: string | null }> {
    this.deps.audit(operator, "cancel", { chave, reason });
    const result = await this.deps.canceller.cancel(chave, reason, operator);
    this.publishStatus();
    return result;
  }

  heldNotes(): HeldNote[] {
    return this.deps.sync.held().map(({ key, reason }) => ({
      chave: key,
      nNF: this.deps.core.journal.getNote(key)?.nNF ?? Number(RANGE_KEY.exec(key)?.[1] ?? 0),
      reason,
    }));
  }

  releaseHeld(chave: string, operator: string): void {
    const held = this.deps.sync.held().find((h) => h.key === chave);
    if (held === undefined)
      throw new KioskError("KIOSK_ERR_NOT_FOUND", `nothing is held under ${chave}`, {
        field: "chave",
        operatorMessage: "Esta nota não está retida (talvez já tenha sido liberada).",
      });
    this.deps.audit(operator, "release-held", { chave, reason: held.reason });
    this.deps.sync.release(chave, operator);
    this.publishStatus();
  }

  heldItems(chave: string): HeldItem[] {
    return heldItems(this.deps.core, chave, this.isHeld(chave));
  }

  async correctHeld(chave: string, corrections: ItemCorrection[], operator: string): Promise<FieldChange[]> {
    const changes = await correctHeldNote(this.deps.core, chave, this.isHeld(chave), corrections, operator);
    // Rebuilt and "pending" again: the engine forgets the hold, and the next round sends it.
    this.deps.audit(operator, "correct-held", { chave, changes });
    this.deps.sync.release(chave, operator);
    this.publishStatus();
    return changes;
  }

  private isHeld(chave: string): boolean {
    return this.deps.sync.held().some((h) => h.key === chave);
  }

  exportAccountant(month: string | undefined, dir: string, operator: string): { files: number } {
    if (month !== undefined && !MONTH.test(month))
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "month must be YYYY-MM", {
        field: "month",
        operatorMessage: "Informe o mês como AAAA-MM (por exemplo 2026-11).",
      });
    // Only into a mounted stick (config.frontEnd.exportRoots), as the console's export command.
    const target = resolveExportDir(dir, this.deps.core.config.frontEnd.exportRoots);
    if (typeof target !== "string")
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", `export folder refused: ${dir}`, {
        field: "dir",
        operatorMessage: target.join("; "),
      });
    const stamp = this.deps.core.clock.now().toISOString().replace(/[-:]/g, "").slice(0, 15);
    const out = `${target}/nfce-${month ?? "tudo"}-${stamp}`;
    try {
      const { files } = exportJournal(this.deps.core.journal, out, month);
      this.deps.audit(operator, "export", { dir: out, month: month ?? null, files: files.length });
      return { files: files.length };
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new KioskError(
        code === "ENOSPC" ? "KIOSK_ERR_DISK_FULL" : "KIOSK_ERR_DEVICE",
        `export to ${out} failed: ${String(error)}`,
        {
          field: "dir",
          operatorMessage:
            code === "ENOSPC"
              ? "O pendrive está cheio: libere espaço e tente de novo."
              : "Não foi possível gravar no pendrive: verifique se está conectado e sem proteção contra gravação.",
          retryable: true,
        },
      );
    }
  }

  /** Faults for the LEDs, from device and service state. */
  faults(): KioskFault[] {
    const faults: KioskFault[] = [];
    const devices = this.deps.hal.statusAll();
    if (devices.printer.state === "down") faults.push("printer");
    if (devices.scanner.state === "down") faults.push("scanner");
    const check = this.deps.core.journal.getState<{ ok: boolean }>(JOURNAL_CHECK_KEY);
    if (check && !check.ok) faults.push("journal");
    return faults;
  }

  /** Recomputes status, drives the LEDs, and tells listeners when something they show changed. */
  publishStatus(): void {
    const status = this.status();
    this.deps.hal.leds.show(
      ledPattern({
        mode: status.mode,
        deadlineNear: status.deadlineLevel === "urgent" || status.deadlineLevel === "overdue",
        faults: this.faults(),
        pending: status.pending,
      }),
    );
    const key = JSON.stringify({ ...status, devices: undefined });
    if (key !== this.lastStatusKey) {
      this.lastStatusKey = key;
      this.events.emit("status", status);
    }
  }
}
