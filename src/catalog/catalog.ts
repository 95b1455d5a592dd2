// The product catalog in SQLite: lookup by code, GTIN or scale label; CSV import, all or nothing.
import type Database from "better-sqlite3";
import { KioskError } from "../errors.js";
import { parseCsv } from "./csv.js";
import { CSV_COLUMNS, type Product, REQUIRED_COLUMNS, type RowError, rowToProduct } from "./product.js";
import { parseWeighedLabel, type WeighedMode, weighedQuantity } from "./weighed-barcode.js";

export interface LookupResult {
  product: Product;
  /** How the code matched. */
  via: "code" | "gtin" | "label";
  /** Set for scale labels: kg from the label. */
  quantity?: number;
}

export interface ImportReport {
  imported: number;
  errors: RowError[];
}

interface Row {
  code: string;
  gtin: string | null;
  description: string;
  ncm: string;
  cfop: string;
  unit: string;
  price: number;
  weighed: number;
  tax: string;
}

const MAX_IMPORT_ERRORS = 200;

export class Catalog {
  private readonly byCode: Database.Statement<[string], Row>;
  private readonly byGtin: Database.Statement<[string], Row>;
  private readonly upsertStmt: Database.Statement;
  private readonly releaseGtin: Database.Statement;
  private readonly countStmt: Database.Statement<[], { n: number }>;
  private readonly listStmt: Database.Statement<[number], Row>;
  private readonly db: Database.Database;
  readonly weighedMode: WeighedMode;

  constructor(options: { db: Database.Database; weighedMode?: WeighedMode }) {
    this.db = options.db;
    this.weighedMode = options.weighedMode ?? "price";
    this.db.exec(`CREATE TABLE IF NOT EXISTS kiosk_products (
      code TEXT PRIMARY KEY,
      gtin TEXT UNIQUE,
      description TEXT NOT NULL,
      ncm TEXT NOT NULL,
      cfop TEXT NOT NULL,
      unit TEXT NOT NULL,
      price REAL NOT NULL,
      weighed INTEGER NOT NULL,
      tax TEXT NOT NULL
    ) STRICT`);
    this.byCode = this.db.prepare("SELECT * FROM kiosk_products WHERE code = ?");
    this.byGtin = this.db.prepare("SELECT * FROM kiosk_products WHERE gtin = ?");
    this.countStmt = this.db.prepare("SELECT count(*) AS n FROM kiosk_products");
    this.listStmt = this.db.prepare("SELECT * FROM kiosk_products ORDER BY description LIMIT ?");
    this.releaseGtin = this.db.prepare("UPDATE kiosk_products SET gtin = NULL WHERE gtin = ? AND code <> ?");
    this.upsertStmt = this.db.prepare(`INSERT INTO kiosk_products
      (code, gtin, description, ncm, cfop, unit, price, weighed, tax) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(code) DO UPDATE SET gtin=excluded.gtin, description=excluded.description, ncm=excluded.ncm,
      cfop=excluded.cfop, unit=excluded.unit, price=excluded.price, weighed=excluded.weighed, tax=excluded.tax`);
  }

  count(): number {
    return this.countStmt.get()?.n ?? 0;
  }

  list(limit = 500): Product[] {
    return this.listStmt.all(limit).map(toProduct);
  }

  upsert(products: readonly Product[]): void {
    this.db.transaction(() => {
      for (const p of products) {
        // A GTIN moving to another code must not break the UNIQUE constraint mid-import.
        if (p.gtin !== null) this.releaseGtin.run(p.gtin, p.code);
        this.upsertStmt.run(
          p.code,
          p.gtin,
          p.description,
          p.ncm,
          p.cfop,
          p.unit,
          p.price,
          p.weighed ? 1 : 0,
          JSON.stringify(p.tax),
        );
      }
    })();
  }

  /** Code typed or scanned: exact code, then GTIN, then an EAN-13 scale label (prefix 2). */
  lookup(input: string): LookupResult | null {
    const code = input.trim();
    if (code === "" || code.length > 64) return null;
    const direct = this.byCode.get(code);
    if (direct) return { product: toProduct(direct), via: "code" };
    const byGtin = this.byGtin.get(code);
    if (byGtin) return { product: toProduct(byGtin), via: "gtin" };
    const label = parseWeighedLabel(code);
    if (!label) return null;
    const row = this.byCode.get(label.code) ?? this.byCode.get(String(Number(label.code)));
    if (!row?.weighed) return null;
    const product = toProduct(row);
    return { product, via: "label", quantity: weighedQuantity(label, this.weighedMode, product.price) };
  }

  /**
   * Imports a CSV (header row with the CSV_COLUMNS names). All or nothing: with any bad line nothing
   * changes and the report lists every problem by line and field.
   */
  importCsv(text: string): ImportReport {
    if (typeof text !== "string" || text.trim() === "") {
      throw new KioskError("KIOSK_ERR_INPUT_INVALID", "the CSV is empty", { field: "csv" });
    }
    const records = parseCsv(text);
    const header = (records.shift()?.fields ?? []).map((h) => h.trim());
    const errors: RowError[] = [];
    for (const col of REQUIRED_COLUMNS) {
      if (!header.includes(col))
        errors.push({ line: 1, field: col, message: `coluna obrigatória ausente: ${col}` });
    }
    for (const col of header) {
      if (!(CSV_COLUMNS as readonly string[]).includes(col)) {
        errors.push({ line: 1, field: col, message: `coluna desconhecida: ${col}` });
      }
    }
    if (errors.length > 0) return { imported: 0, errors };
    const products: Product[] = [];
    const seen = new Map<string, number>();
    const seenGtin = new Map<string, number>();
    for (const record of records) {
      if (errors.length >= MAX_IMPORT_ERRORS) break;
      if (record.fields.length !== header.length) {
        errors.push({
          line: record.line,
          field: "*",
          message: `esperadas ${header.length} colunas, encontradas ${record.fields.length}`,
        });
        continue;
      }
      const row = Object.fromEntries(header.map((h, i) => [h, record.fields[i] ?? ""]));
      const result = rowToProduct(row, record.line);
      if ("message" in result) {
        errors.push(result);
        continue;
      }
      const previous = seen.get(result.code);
      if (previous !== undefined) {
        errors.push({ line: record.line, field: "code", message: `código repetido (linha ${previous})` });
        continue;
      }
      const gtinLine = result.gtin === null ? undefined : seenGtin.get(result.gtin);
      if (gtinLine !== undefined) {
        errors.push({ line: record.line, field: "gtin", message: `GTIN repetido (linha ${gtinLine})` });
        continue;
      }
      seen.set(result.code, record.line);
      if (result.gtin !== null) seenGtin.set(result.gtin, record.line);
      products.push(result);
    }
    if (errors.length > 0) return { imported: 0, errors };
    this.upsert(products);
    return { imported: products.length, errors: [] };
  }
}

function toProduct(r: Row): Product {
  return {
    code: r.code,
    gtin: r.gtin,
    description: r.description,
    ncm: r.ncm,
    cfop: r.cfop,
    unit: r.unit,
    price: r.price,
    weighed: r.weighed === 1,
    tax: JSON.parse(r.tax) as Product["tax"],
  };
}
