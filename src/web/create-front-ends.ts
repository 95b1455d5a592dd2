// One call for the composition root: users, catalog, HTTP server (not listening) and, when configured,
// the serial technician console, all set from config.frontEnd. main.ts then calls app.listen with
// config.http.host/port, and stop() on shutdown.
import type Database from "better-sqlite3";
import type { FastifyInstance } from "fastify";
import type { KioskService } from "../app/kiosk-service.js";
import { type AuditSink, AuthStore, type InitialUser } from "../auth/auth-store.js";
import { createSqliteUserRepository } from "../auth/user-repository.js";
import { Catalog } from "../catalog/catalog.js";
import type { Clock } from "../clock.js";
import type { ResolvedConfig } from "../config/schema.js";
import type { ConsoleProviders } from "../console/console-providers.js";
import type { LogRing } from "../console/log-ring.js";
import { type SerialConsole, startSerialConsole } from "../console/serial-console.js";
import type { Logger } from "../log.js";
import { buildServer } from "./build-server.js";
import type { WebDeps } from "./web-deps.js";

export interface FrontEndOptions {
  config: Pick<ResolvedConfig, "frontEnd" | "hardware">;
  service: KioskService;
  /** Where users and products live: the journal's handle, or openUsersDatabase(<dataDir>/users.db). */
  db: Database.Database;
  clock: Clock;
  log: Logger;
  audit: AuditSink;
  /** The ring the root logger writes to (createRingLogger), for the console's `log` command. */
  ring: LogRing;
  consoleProviders: ConsoleProviders;
  receiptPreview?: boolean;
  /** Demo only: cut/restore the embedded SEFAZ simulator from the UI (see WebDeps.demo). */
  demo?: WebDeps["demo"];
  /** First run only (no users yet); without them a supervisor PIN is generated and logged once. */
  initialUsers?: InitialUser[];
}

export interface FrontEnds {
  app: FastifyInstance;
  auth: AuthStore;
  catalog: Catalog;
  console: SerialConsole | null;
  /** The generated first-run supervisor PIN (also in the log), or null. */
  bootstrapPin: string | null;
  stop(): Promise<void>;
}

export async function createFrontEnds(o: FrontEndOptions): Promise<FrontEnds> {
  const fe = o.config.frontEnd;
  const auth = new AuthStore({
    users: createSqliteUserRepository(o.db),
    clock: o.clock,
    audit: o.audit,
    log: o.log.child({ part: "auth" }),
    maxAttempts: fe.maxPinAttempts,
    lockoutMs: fe.lockoutMinutes * 60_000,
    idleMs: fe.sessionIdleMinutes * 60_000,
  });
  const bootstrapPin = auth.bootstrap(o.initialUsers ?? []);
  const catalog = new Catalog({ db: o.db, weighedMode: fe.weighedBarcode });
  const webDeps: WebDeps = {
    service: o.service,
    auth,
    catalog,
    clock: o.clock,
    log: o.log.child({ part: "web" }),
  };
  if (o.receiptPreview !== undefined) webDeps.receiptPreview = o.receiptPreview;
  webDeps.pixPaymentType = fe.pixPaymentType;
  if (o.demo !== undefined) webDeps.demo = o.demo;
  const app = buildServer(webDeps);
  const c = o.config.hardware.console;
  let serialConsole: SerialConsole | null = null;
  if (c.driver === "serial") {
    try {
      serialConsole = await startSerialConsole({
        path: c.path,
        baudRate: c.baudRate,
        auth,
        providers: o.consoleProviders,
        ring: o.ring,
        clock: o.clock,
        log: o.log.child({ part: "console" }),
        idleMs: fe.consoleIdleMinutes * 60_000,
        exportRoots: fe.exportRoots,
      });
    } catch (error) {
      // A missing console port must not stop the sales: report it and carry on.
      o.log.error("technician console not started", { path: c.path, error: error as Error });
    }
  }
  return {
    app,
    auth,
    catalog,
    console: serialConsole,
    bootstrapPin,
    stop: async () => {
      await serialConsole?.stop();
      await app.close();
    },
  };
}
