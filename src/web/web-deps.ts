// What the web server is built from (the composition root passes these).
import type { KioskService } from "../app/kiosk-service.js";
import type { AuthStore } from "../auth/auth-store.js";
import type { Catalog } from "../catalog/catalog.js";
import type { Logger } from "../log.js";

export interface WebDeps {
  service: KioskService;
  auth: AuthStore;
  catalog: Catalog;
  log: Logger;
  /** Show the printed receipt's text in the UI (demo: the printer is simulated). */
  receiptPreview?: boolean;
  /** Where the static UI lives; defaults to ./public next to this module. */
  publicDir?: string;
}
