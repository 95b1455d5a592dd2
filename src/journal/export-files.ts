// journal export: the month's authorized nfeProc, events and inutilizações as files, plus a
// summary (CSV for a spreadsheet, JSON for a program). Each file is written durably.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileDurable } from "./durable-file.js";
import type { Journal } from "./journal.js";
import type { NoteRecord } from "./types.js";

export interface ExportSummary {
  month: string | null;
  notes: number;
  byStatus: Record<string, number>;
  /** Sum of vNF of authorized notes, exact (string with 2 decimals). */
  authorizedTotal: string;
}

function cents(v: string): bigint {
  const [int, frac = ""] = v.split(".");
  return BigInt(int ?? "0") * 100n + BigInt((frac + "00").slice(0, 2));
}

function money(c: bigint): string {
  return `${c / 100n}.${String(c % 100n).padStart(2, "0")}`;
}

const CSV_COLUMNS = [
  "chave",
  "nNF",
  "serie",
  "tpEmis",
  "status",
  "state",
  "dhEmi",
  "vNF",
  "cStat",
  "nProt",
] as const;

function csvLine(n: NoteRecord): string {
  const cells = [
    n.chave,
    n.nNF,
    n.series,
    n.tpEmis,
    n.status,
    n.state,
    n.dhEmi,
    n.vNF,
    n.cStat ?? "",
    n.nProt ?? "",
  ];
  return cells
    .map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c)))
    .join(",");
}

export function exportJournal(
  journal: Journal,
  outDir: string,
  month?: string,
): { files: string[]; summary: ExportSummary } {
  const notes = journal.listNotes(month === undefined ? {} : { month });
  const items = journal.exportItems(month);
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  for (const item of items) {
    const path = join(outDir, item.name);
    writeFileDurable(path, item.bytes, 0o644);
    files.push(path);
  }
  const byStatus: Record<string, number> = {};
  let total = 0n;
  for (const n of notes) {
    byStatus[n.status] = (byStatus[n.status] ?? 0) + 1;
    if (n.status === "authorized") total += cents(n.vNF);
  }
  const summary: ExportSummary = {
    month: month ?? null,
    notes: notes.length,
    byStatus,
    authorizedTotal: money(total),
  };
  const base = join(outDir, `summary-${month ?? "all"}`);
  writeFileDurable(`${base}.csv`, [CSV_COLUMNS.join(","), ...notes.map(csvLine)].join("\n") + "\n", 0o644);
  writeFileDurable(
    `${base}.json`,
    JSON.stringify({ ...summary, notesList: notes.map((n) => ({ ...n, qrCode: undefined })) }, null, 2),
    0o644,
  );
  files.push(`${base}.csv`, `${base}.json`);
  return { files, summary };
}
