// The fiscal core of a running kiosk, composed from the configuration: journal, certificate,
// contingency state, SEFAZ client, receipt printing and the emission pipeline. The CLI commands and
// the service both start here; devices are passed in (the service owns the HAL).
import { randomInt } from "node:crypto";
import { type Clock, systemClock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import type { SigningIdentity } from "../fiscal/certificate.js";
import type { GateXsdValidator } from "../fiscal/gate/index.js";
import { createSefazClient, governorStoreOn } from "../fiscal/sefaz/create-sefaz-client.js";
import type { SefazClient } from "../fiscal/sefaz/sefaz-client.js";
import type { SoapTransport } from "../fiscal/sefaz/soap-transport.js";
import type { Printer } from "../hal/printer/printer.js";
import { journalFromConfig } from "../journal/journal-from-config.js";
import type { SqliteJournal } from "../journal/sqlite-journal.js";
import type { Logger } from "../log.js";
import type { CommandRunner } from "../watchdog/command-runner.js";
import { ContingencyState } from "./contingency-state.js";
import { EmissionPipeline } from "./emission.js";
import { createSafetyCheck } from "./emission-safety.js";
import { loadIdentity } from "./load-identity.js";
import { ReceiptPrinting, type RenderedReceipt } from "./receipt-printing.js";
import { gateValidator } from "./schema-dir.js";
import { youngCollector } from "./young-collection.js";

export interface CoreOptions {
  config: ResolvedConfig;
  log: Logger;
  clock?: Clock;
  printer?: Printer;
  /** No SEFAZ client at all (emit --offline): nothing can leave the kiosk. */
  offlineOnly?: boolean;
  random?: () => number;
  transport?: SoapTransport;
  /** Root of /sys, /run, /dev for the clock check (tests use a temp tree). */
  root?: string;
  run?: CommandRunner;
  onReceipt?: (chave: string, receipt: RenderedReceipt) => void;
}

export interface KioskCore {
  config: ResolvedConfig;
  clock: Clock;
  log: Logger;
  journal: SqliteJournal;
  identity: SigningIdentity;
  contingency: ContingencyState;
  sefaz?: SefazClient;
  receipts: ReceiptPrinting;
  pipeline: EmissionPipeline;
  /** The pre-print gate's compiled XSD (absent: gate.xsd "off" or no schemas), shared by every rebuild. */
  xsd?: GateXsdValidator;
  close(): void;
}

/** Uniform in [0, 1) from the CSPRNG: cNF must not be guessable. */
const secureRandom = () => randomInt(0, 2 ** 47) / 2 ** 47;

export function openCore(options: CoreOptions): KioskCore {
  const { config, log } = options;
  const clock = options.clock ?? systemClock;
  const identity = loadIdentity(config);
  const journal = journalFromConfig(config, clock, log);
  try {
    const contingency = new ContingencyState(journal, config, clock);
    const sefaz = options.offlineOnly
      ? undefined
      : createSefazClient(config, identity, {
          clock,
          governorStore: governorStoreOn(journal),
          ...(options.transport ? { transport: options.transport } : {}),
        });
    const receipts = new ReceiptPrinting({
      config,
      journal,
      log,
      ...(options.printer ? { printer: options.printer } : {}),
      ...(options.onReceipt ? { onReceipt: options.onReceipt } : {}),
    });
    const xsd = gateValidator(config);
    const pipeline = new EmissionPipeline({
      config,
      journal,
      identity,
      clock,
      random: options.random ?? secureRandom,
      log,
      receipts,
      contingency,
      ...(sefaz ? { authorizer: sefaz } : {}),
      ...(xsd ? { xsd } : {}),
      betweenSales: youngCollector(),
      assertSafeToEmit: createSafetyCheck({
        config,
        journal,
        ...(options.root ? { root: options.root } : {}),
        ...(options.run ? { run: options.run } : {}),
      }),
    });
    return {
      config,
      clock,
      log,
      journal,
      identity,
      contingency,
      ...(sefaz ? { sefaz } : {}),
      receipts,
      pipeline,
      ...(xsd ? { xsd } : {}),
      close: () => journal.close(),
    };
  } catch (err) {
    journal.close();
    throw err;
  }
}
