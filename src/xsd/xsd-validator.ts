// Validation against the official XSDs (PL_009_V4 / PL_010_V1.30) with libxml2 compiled to wasm,
// so it runs the same on x86 CI and on an arm64 Pi without a native build. The schema files are
// read once per validator and kept in memory.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateXML, type XMLFileInfo } from "xmllint-wasm";

/** Root schema file per document kind, as named in both official packages. */
export const ROOT_SCHEMAS = {
  nfe: "nfe_v4.00.xsd",
  enviNFe: "enviNFe_v4.00.xsd",
  nfeProc: "procNFe_v4.00.xsd",
  inutNFe: "inutNFe_v4.00.xsd",
  procInutNFe: "procInutNFe_v4.00.xsd",
  consSitNFe: "consSitNFe_v4.00.xsd",
  consStatServ: "consStatServ_v4.00.xsd",
  retEnviNFe: "retEnviNFe_v4.00.xsd",
  retConsSitNFe: "retConsSitNFe_v4.00.xsd",
  retConsStatServ: "retConsStatServ_v4.00.xsd",
  retInutNFe: "retInutNFe_v4.00.xsd",
  envEventoCancNFe: "envEventoCancNFe_v1.00.xsd",
  procEventoCancNFe: "procEventoCancNFe_v1.00.xsd",
  retEnvEventoCancNFe: "retEnvEventoCancNFe_v1.00.xsd",
  envEventoCancSubst: "envEventoCancSubst_v1.00.xsd",
  procEventoCancSubst: "procEventoCancSubst_v1.00.xsd",
  retEnvEventoCancSubst: "retEnvEventoCancSubst_v1.00.xsd",
  envEvento: "envEvento_v1.00.xsd",
} as const;

export type SchemaKind = keyof typeof ROOT_SCHEMAS;

export interface XsdResult {
  valid: boolean;
  errors: string[];
}

export class XsdValidator {
  private files: XMLFileInfo[] | undefined;

  /** dir: one official schema package, e.g. ../shared/schemas/PL_010_V1.30 */
  constructor(readonly dir: string) {}

  static available(dir: string | undefined): dir is string {
    return dir !== undefined && existsSync(join(dir, ROOT_SCHEMAS.nfe));
  }

  private load(): XMLFileInfo[] {
    this.files ??= readdirSync(this.dir)
      .filter((f) => f.endsWith(".xsd"))
      .map((f) => ({ fileName: f, contents: readFileSync(join(this.dir, f), "utf8") }));
    return this.files;
  }

  /** Validates one document. */
  async validate(xml: string, kind: SchemaKind = "nfe"): Promise<XsdResult> {
    const [result] = await this.validateMany([xml], kind);
    return result!;
  }

  /** Validates many documents of one kind in a single libxml2 run (fast for test suites). */
  async validateMany(xmls: readonly string[], kind: SchemaKind = "nfe"): Promise<XsdResult[]> {
    if (xmls.length === 0) return [];
    const files = this.load();
    const rootName = ROOT_SCHEMAS[kind];
    const schema = files.find((f) => f.fileName === rootName);
    if (!schema) throw new Error(`schema ${rootName} not found in ${this.dir}`);
    const names = xmls.map((_, i) => `doc${i}.xml`);
    const result = await validateXML({
      xml: xmls.map((contents, i) => ({ fileName: names[i]!, contents })),
      schema,
      preload: files.filter((f) => f !== schema),
      maxMemoryPages: 16384,
    });
    const errorsByDoc = new Map<string, string[]>(names.map((n) => [n, []]));
    for (const e of result.errors) {
      const name = e.loc?.fileName ?? "";
      const list = errorsByDoc.get(name) ?? errorsByDoc.get(names[0]!)!;
      list.push(e.loc ? `line ${e.loc.lineNumber}: ${e.message}` : e.message);
    }
    return names.map((n) => {
      const errors = errorsByDoc.get(n)!;
      return { valid: errors.length === 0, errors };
    });
  }
}
