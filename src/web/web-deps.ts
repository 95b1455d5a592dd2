// What the web server is built from (the composition root passes these).
import type { KioskService } from "../app/kiosk-service.js";
import type { AuthStore } from "../auth/auth-store.js";
import type { Catalog } from "../catalog/catalog.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { ServiceSwitch } from "./service-switch.js";

export interface WebDeps {
  service: KioskService;
  auth: AuthStore;
  catalog: Catalog;
  log: Logger;
  /** Show the printed receipt's text in the UI (demo: the printer is simulated). */
  receiptPreview?: boolean;
  /** tPag of the PIX button (config frontEnd.pixPaymentType; default "17"). */
  pixPaymentType?: "17" | "20";
  /** Where the static UI lives; defaults to ./public next to this module. */
  publicDir?: string;
  /**
   * Demo only (`npm start`): lets the UI cut and restore the link to the embedded SEFAZ simulator
   * (the lead wires it to POST {simUrl}/_sim/faults). Absent in production: no route, no button.
   */
  demo?: { setSefazFault(mode: "normal" | "down"): Promise<void> };
  /** For the outage drill's time limit; defaults to the system clock. */
  clock?: Clock;
  /** How long an outage drill may last before the real service is back by itself (default 30 min). */
  maxDrillMs?: number;
}

/** What the routes get: the deps plus the active service (the real one, or a drill). */
export interface RouteDeps extends WebDeps {
  active(): KioskService;
  switch: ServiceSwitch;
}
