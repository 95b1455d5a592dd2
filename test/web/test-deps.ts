// Builds a real server (real SQLite users and catalog) around the fake service, for API and browser tests.
import Database from "better-sqlite3";
import { AuthStore } from "../../src/auth/auth-store.js";
import { createSqliteUserRepository } from "../../src/auth/user-repository.js";
import { Catalog } from "../../src/catalog/catalog.js";
import { type Clock, ManualClock } from "../../src/clock.js";
import { silentLogger } from "../../src/log.js";
import { buildServer } from "../../src/web/build-server.js";
import { sampleSale } from "../helpers/test-config.js";
import { FakeKioskService } from "./fake-service.js";

export const CATALOG_CSV = [
  "code;gtin;description;ncm;cfop;unit;price;weighed;origin;csosn",
  "1001;7891000100103;CAFE TORRADO 500G;09012100;5102;UN;12,50;0;0;102",
  "1002;;PAO FRANCES;19052090;5102;KG;15,90;1;0;102",
  "1003;7894900011517;REFRIGERANTE 2L;22021000;5405;UN;9,99;0;0;500",
].join("\n");

export function createTestDeps(
  options: {
    clock?: Clock;
    receiptPreview?: boolean;
    demo?: { setSefazFault(mode: "normal" | "down"): Promise<void> };
    pixPaymentType?: "17" | "20";
  } = {},
) {
  const clock = options.clock ?? new ManualClock("2026-03-01T12:00:00Z");
  const db = new Database(":memory:");
  const audit: Array<{ who: string; action: string; detail: Record<string, unknown> }> = [];
  const auth = new AuthStore({
    users: createSqliteUserRepository(db),
    clock,
    audit: (who, action, detail) => audit.push({ who, action, detail }),
    log: silentLogger,
  });
  auth.bootstrap([
    { name: "caixa", role: "cashier", pin: "1111" },
    { name: "super", role: "supervisor", pin: "2222" },
    { name: "tecnico", role: "technician", pin: "3333" },
  ]);
  const catalog = new Catalog({ db });
  catalog.importCsv(CATALOG_CSV);
  const service = new FakeKioskService(clock);
  const app = buildServer({
    service,
    auth,
    catalog,
    clock,
    log: silentLogger,
    receiptPreview: options.receiptPreview ?? true,
    ...(options.demo ? { demo: options.demo } : {}),
    ...(options.pixPaymentType ? { pixPaymentType: options.pixPaymentType } : {}),
  });
  return { app, service, auth, catalog, audit, clock };
}

export const SALE = sampleSale();
