// Renders a journaled note as the DANFE NFC-e and sends it to the printer. The journal records
// "printed" (with the exact bytes) only when the printer says the job printed; a receipt that did not
// print stays visible and reprintable.
import type { ResolvedConfig } from "../config/schema.js";
import { KioskError } from "../errors.js";
import { renderDanfeReceipt } from "../hal/printer/danfe/render-danfe.js";
import { printerProfile } from "../hal/printer/escpos/profiles.js";
import type { Printer } from "../hal/printer/printer.js";
import type { Journal } from "../journal/journal.js";
import type { Logger } from "../log.js";

export interface RenderedReceipt {
  bytes: Uint8Array;
  lines: string[];
}

export interface ReceiptPrintingDeps {
  config: ResolvedConfig;
  journal: Journal;
  /** Absent: no printer configured (driver "none"). */
  printer?: Printer;
  log: Logger;
  onReceipt?: (chave: string, receipt: RenderedReceipt) => void;
}

export class ReceiptPrinting {
  constructor(private readonly deps: ReceiptPrintingDeps) {}

  render(chave: string): RenderedReceipt {
    const { journal } = this.deps;
    const note = journal.getNote(chave);
    const xml = journal.getDocument(chave, "nfe");
    if (!note || !xml)
      throw new KioskError("KIOSK_ERR_NOT_FOUND", `no note with key ${chave}`, { field: "chave" });
    return this.renderSigned(xml.toString("utf8"), note);
  }

  /**
   * The DANFE of signed bytes the caller holds: the sale path renders the exact text it is about to
   * journal, before its transaction, instead of reading it back (same bytes, less time holding the lock).
   */
  renderSigned(
    signedXml: string,
    note: { tpEmis: 1 | 9; nProt?: string | null; dhRecbto?: string | null },
  ): RenderedReceipt {
    const printer = this.deps.config.hardware.printer;
    const options = {
      profile: printerProfile(printer.model),
      paperWidthMm: printer.paperWidthMm,
      ...(note.nProt && note.dhRecbto ? { protocol: { nProt: note.nProt, dhRecbto: note.dhRecbto } } : {}),
      // [MAN6] §3.1.8: in contingency, a second copy for the store unless it keeps the XML.
      storeCopy: note.tpEmis === 9 && printer.storeCopy === "paper",
    };
    return renderDanfeReceipt(signedXml, options);
  }

  /** Journals the exact receipt bytes before they can reach the paper (outbox order). */
  record(chave: string, receipt: RenderedReceipt, who: string): void {
    if (this.deps.printer) this.deps.journal.recordReceipt(chave, receipt.bytes, who);
  }

  /**
   * Renders the receipt and journals its exact bytes before they can reach the paper (outbox order).
   * Synchronous, so the sale path can run it in the same transaction as the note.
   */
  prepare(chave: string, who: string): RenderedReceipt {
    const receipt = this.render(chave);
    this.record(chave, receipt, who);
    return receipt;
  }

  /** Sends prepared bytes to the printer; "printed" is recorded only when the printer confirms. */
  async print(
    chave: string,
    receipt: RenderedReceipt,
    who: string,
  ): Promise<{ printed: boolean; reason?: string }> {
    this.deps.onReceipt?.(chave, receipt);
    if (!this.deps.printer) return { printed: false, reason: "sem impressora configurada" };
    const result = await this.deps.printer.print(receipt.bytes);
    if (result.printed) this.deps.journal.markPrinted(chave, receipt.bytes, who);
    else this.deps.log.warn("receipt not printed", { chave, reason: result.reason });
    return result.reason ? { printed: result.printed, reason: result.reason } : { printed: result.printed };
  }

  async printNote(chave: string, who: string): Promise<{ printed: boolean; reason?: string }> {
    return this.print(chave, this.prepare(chave, who), who);
  }
}
