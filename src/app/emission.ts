// The emission pipeline, outbox-shaped: checks -> number -> build and sign (pure) -> gate -> ONE
// journal transaction with the exact signed bytes -> paper or network -> outcome committed.
// A document that fails the gate is never recorded, printed or sent: its number is not consumed.
import type { Clock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import { KioskError } from "../errors.js";
import type { SigningIdentity } from "../fiscal/certificate.js";
import { assertCertificateUsable } from "../fiscal/certificate.js";
import { type GateXsdValidator, runGate } from "../fiscal/gate/index.js";
import { parseSale, type Sale } from "../fiscal/sale.js";
import type { AuthorizationResult } from "../fiscal/sefaz/results.js";
import { textOf } from "../fiscal/sefaz/xml-text.js";
import type { Journal } from "../journal/journal.js";
import type { NoteRecord } from "../journal/types.js";
import type { Logger } from "../log.js";
import type { EmitResult } from "./kiosk-service.js";
import { type PreparedNote, prepareNote } from "./prepare-note.js";
import type { ReceiptPrinting } from "./receipt-printing.js";
import { SerialQueue } from "./serial-queue.js";

/** What the pipeline needs to know about the contingency mode, and how it tells it to switch. */
export interface ContingencyPort {
  /** The current episode when in contingency, else null. */
  current(): { dhCont: Date; xJust: string } | null;
  /** An authorization failed in a way that means "go offline now" (cause for the status line). */
  enter(cause: "sefaz-down" | "sefaz-slow" | "sefaz-paused", detail: string): { dhCont: Date; xJust: string };
  /** Refuses one more offline note at the configured limits (KIOSK_ERR_CONTINGENCY_LIMIT). */
  assertOfflineAllowed(now: Date): void;
}

/** The one part of the SEFAZ client the pipeline uses. */
export interface Authorizer {
  authorize(signedNfe: string): Promise<AuthorizationResult>;
}

export interface EmissionDeps {
  config: ResolvedConfig;
  journal: Journal;
  identity: SigningIdentity;
  clock: Clock;
  random: () => number;
  log: Logger;
  receipts: ReceiptPrinting;
  contingency: ContingencyPort;
  /** Absent: this process cannot reach SEFAZ (emit --offline). */
  authorizer?: Authorizer;
  xsd?: GateXsdValidator;
  /** Throws KIOSK_ERR_CLOCK_UNTRUSTED / _BEHIND_JOURNAL / KIOSK_ERR_DISK_FULL when emitting is unsafe. */
  assertSafeToEmit(now: Date): Promise<void>;
  /** Called with the outcome of an online attempt that answered after the sale went offline. */
  onLateAnswer?: (chave: string, result: AuthorizationResult) => void;
  /**
   * Run when the last queued sale has ended (receipt handed over, outcome committed) and none waits:
   * the composition root collects the young generation there (young-collection.ts).
   */
  betweenSales?: () => void;
}

export interface EmitOptions {
  offline?: boolean;
  operator?: string;
}

const TRANSIENT_REJECTIONS = new Set(["108", "109", "999"]);

function resultOf(
  note: NoteRecord,
  qrCode: string,
  printed?: { printed: boolean; reason?: string },
): EmitResult {
  return {
    chave: note.chave,
    nNF: note.nNF,
    serie: note.series,
    tpEmis: note.tpEmis,
    status: note.status,
    cStat: note.cStat ?? null,
    nProt: note.nProt ?? null,
    qrCode,
    ...(printed
      ? { printed: printed.printed, ...(printed.reason ? { printError: printed.reason } : {}) }
      : {}),
  };
}

export class EmissionPipeline {
  /** One emission at a time: numbers are reserved in order and the printer serves one receipt. */
  private readonly queue = new SerialQueue();
  /** Sales accepted and not yet ended. */
  private inFlight = 0;

  constructor(private readonly deps: EmissionDeps) {}

  emit(rawSale: unknown, options: EmitOptions = {}): Promise<EmitResult> {
    const sale = parseSale(rawSale, this.deps.config.emitter.crt);
    this.inFlight++;
    return this.queue
      .run(() => this.emitParsed(sale, rawSale, options))
      .finally(() => {
        // Before the caller resumes, so the work never lands inside the next sale. Never lets a
        // failure here turn a recorded and printed sale into an error (a cashier would sell it again).
        if (--this.inFlight !== 0 || !this.deps.betweenSales) return;
        try {
          this.deps.betweenSales();
        } catch (error) {
          this.deps.log.warn("work between sales failed", { error: String(error) });
        }
      });
  }

  private async emitParsed(sale: Sale, rawSale: unknown, options: EmitOptions): Promise<EmitResult> {
    const { deps } = this;
    const now = deps.clock.now();
    await deps.assertSafeToEmit(now);
    assertCertificateUsable(deps.identity, now, deps.config.emitter);
    const episode = deps.contingency.current();
    if (options.offline || episode || !deps.authorizer) {
      const ep = episode ?? { dhCont: now, xJust: deps.config.contingency.xJust };
      return this.emitOffline(sale, rawSale, ep, options.operator);
    }
    return this.emitOnline(sale, rawSale, options.operator);
  }

  /** Prepares and gates a note for the next number; nothing is recorded if the gate fails. */
  private async prepareGated(
    sale: Sale,
    tpEmis: 1 | 9,
    now: Date,
    contingency?: { dhCont: Date; xJust: string },
  ) {
    const { deps } = this;
    const nNF = deps.journal.nextNumber(deps.config.series);
    const prepared = prepareNote({
      sale,
      config: deps.config,
      identity: deps.identity,
      nNF,
      tpEmis,
      now,
      random: deps.random,
      ...(contingency ? { contingency } : {}),
    });
    const gate = await runGate(
      prepared.final.xml,
      {
        ...(deps.config.csc ? { csc: { id: deps.config.csc.id, token: deps.config.csc.token } } : {}),
        expectedEmitter: deps.config.emitter,
        now,
        certificateBase64: deps.identity.certificateBase64,
      },
      deps.xsd,
    );
    if (!gate.ok) {
      deps.log.error("gate refused a document; nothing recorded", { problems: gate.problems });
      throw new KioskError(
        "KIOSK_ERR_GATE_FAILED",
        `the document failed the pre-print gate: ${gate.problems.map((p) => `[${p.rule}] ${p.message}`).join("; ")}`,
        {
          operatorMessage:
            "A nota não passou na verificação antes da impressão. Nada foi impresso. Chame o suporte.",
        },
      );
    }
    return prepared;
  }

  private record(
    prepared: PreparedNote,
    rawSale: unknown,
    who: string,
    extra: { replacesChave?: string } = {},
  ) {
    const { built, final } = prepared;
    const sale = rawSale as { customer?: { cpf?: string; cnpj?: string } };
    const customerDoc = sale.customer?.cpf ?? sale.customer?.cnpj;
    // The values exactly as the signed document carries them (xJust unescaped: it is rebuilt from
    // this field when a rejected offline note is corrected).
    const tpEmis = textOf(final.xml, "tpEmis") === "9" ? 9 : 1;
    const dhCont = textOf(final.xml, "dhCont");
    const xJust = textOf(final.xml, "xJust");
    return this.deps.journal.insertNote(
      {
        chave: built.chave,
        series: this.deps.config.series,
        nNF: Number(built.chave.slice(25, 34)),
        tpEmis,
        cNF: built.cNF,
        dhEmi: built.dhEmi,
        vNF: built.vNF,
        xml: final.xml,
        qrCode: final.qrCode,
        ...(customerDoc ? { customerDoc } : {}),
        saleJson: JSON.stringify(rawSale),
        ...(dhCont ? { dhCont } : {}),
        ...(xJust ? { xJust } : {}),
        ...(extra.replacesChave ? { replacesChave: extra.replacesChave } : {}),
      },
      who,
    );
  }

  private async emitOffline(
    sale: Sale,
    rawSale: unknown,
    episode: { dhCont: Date; xJust: string },
    operator = "system",
    replacesChave?: string,
  ): Promise<EmitResult> {
    const { deps } = this;
    const now = deps.clock.now();
    deps.contingency.assertOfflineAllowed(now);
    const prepared = await this.prepareGated(sale, 9, now, episode);
    const chave = prepared.built.chave;
    const receipt = deps.receipts.renderSigned(prepared.final.xml, { tpEmis: 9 });
    // One durable commit for the note, its state and the receipt bytes (fsyncs are slow on SD cards).
    deps.journal.atomically(() => {
      this.record(prepared, rawSale, operator, replacesChave ? { replacesChave } : {});
      deps.journal.transition(chave, "pending", { reason: "offline contingency" }, operator);
      deps.receipts.record(chave, receipt, operator);
    });
    const printed = await deps.receipts.print(chave, receipt, operator);
    return resultOf(deps.journal.getNote(chave)!, prepared.final.qrCode, printed);
  }

  private async emitOnline(sale: Sale, rawSale: unknown, operator = "system"): Promise<EmitResult> {
    const { deps } = this;
    const now = deps.clock.now();
    const prepared = await this.prepareGated(sale, 1, now);
    const chave = prepared.built.chave;
    deps.journal.atomically(() => {
      this.record(prepared, rawSale, operator);
      deps.journal.transition(chave, "transmitting", { reason: "online authorization" }, operator);
    });

    const attempt = deps.authorizer!.authorize(prepared.final.xml);
    const waited = await raceTimeout(attempt, deps.config.sefaz.onlineWaitMs);
    if (waited === TIMEOUT) {
      // The customer does not wait: the attempt stays "unknown" (queried by key later) and the sale
      // goes offline with a NEW number ([A4] §5: never reuse a number that may have been transmitted).
      deps.journal.transition(
        chave,
        "unknown",
        { reason: `no answer in ${deps.config.sefaz.onlineWaitMs} ms` },
        "system",
      );
      void attempt.then((late) => deps.onLateAnswer?.(chave, late)).catch(() => {});
      const ep = deps.contingency.enter("sefaz-slow", "authorization did not answer in time");
      return this.emitOffline(sale, rawSale, ep, operator, chave);
    }
    const result = waited;
    switch (result.outcome) {
      case "authorized": {
        const { cStat, xMotivo, nProt, dhRecbto, nfeProcXml } = result;
        const receipt = deps.receipts.renderSigned(prepared.final.xml, { tpEmis: 1, nProt, dhRecbto });
        deps.journal.atomically(() => {
          deps.journal.storeAuthorization(chave, { cStat, xMotivo, nProt, dhRecbto, nfeProcXml }, "sefaz");
          deps.receipts.record(chave, receipt, operator);
        });
        const printed = await deps.receipts.print(chave, receipt, operator);
        return resultOf(deps.journal.getNote(chave)!, prepared.final.qrCode, printed);
      }
      case "unknown": {
        deps.journal.transition(chave, "unknown", { reason: result.reason }, "system");
        const ep = deps.contingency.enter("sefaz-down", result.reason);
        return this.emitOffline(sale, rawSale, ep, operator, chave);
      }
      case "unreachable":
      case "blocked": {
        // The request never left: SEFAZ cannot have this key. Its number is voided later.
        deps.journal.transition(
          chave,
          "abandoned",
          { reason: `${result.outcome}: ${result.reason}` },
          "system",
        );
        const ep = deps.contingency.enter("sefaz-down", result.reason);
        return this.emitOffline(sale, rawSale, ep, operator);
      }
      case "rejected": {
        if (TRANSIENT_REJECTIONS.has(result.cStat) || result.action === "transient") {
          // Paused or failing service (108/109/999): the note was not accepted; go offline.
          deps.journal.transition(
            chave,
            "rejected",
            { cStat: result.cStat, xMotivo: result.xMotivo },
            "sefaz",
          );
          deps.journal.transition(
            chave,
            "abandoned",
            { reason: "service unavailable; number to be voided" },
            "system",
          );
          const ep = deps.contingency.enter(
            result.cStat === "108" || result.cStat === "109" ? "sefaz-paused" : "sefaz-down",
            result.xMotivo,
          );
          return this.emitOffline(sale, rawSale, ep, operator);
        }
        deps.journal.transition(chave, "rejected", { cStat: result.cStat, xMotivo: result.xMotivo }, "sefaz");
        throw new KioskError(
          "KIOSK_ERR_SEFAZ_REJECTED",
          `SEFAZ rejected the note: ${result.cStat} ${result.xMotivo}`,
          {
            operatorMessage: `Nota rejeitada pela SEFAZ (${result.cStat}): ${result.xMotivo}. Nada foi impresso; chame o supervisor.`,
          },
        );
      }
    }
  }
}

const TIMEOUT = Symbol("timeout");

function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
