// XSD validation with each root schema compiled once and kept (libxml2 in wasm via libxml2-wasm):
// about 0.3 ms per NFC-e, where XsdValidator (xmllint-wasm) recompiles the schema on every call
// (100-200 ms). The pre-print gate validates one document per sale on the emission's critical
// path, so it uses this one (docs/bench.md). Same libxml2 schema engine, same official XSDs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT_SCHEMAS, type SchemaKind, type XsdResult, XsdValidator } from "./xsd-validator.js";

type LibXml2 = typeof import("libxml2-wasm");
type Compiled = InstanceType<LibXml2["XsdValidator"]>;

interface Detail {
  message: string;
  line?: number;
}

let loading: Promise<LibXml2> | undefined;

/** Loaded on first use (the wasm module costs start-up time a kiosk with gate.xsd "off" need not pay). */
function libxml2(): Promise<LibXml2> {
  loading ??= (async () => {
    const lib = await import("libxml2-wasm");
    const { xmlRegisterFsInputProviders } = await import("libxml2-wasm/lib/nodejs.mjs");
    // xs:include / xs:import of the official package are read from the schema folder.
    xmlRegisterFsInputProviders();
    return lib;
  })();
  return loading;
}

function describe(error: unknown): string[] {
  const details = (error as { details?: Detail[] }).details;
  if (Array.isArray(details) && details.length > 0)
    return details.map((d) => (d.line ? `line ${d.line}: ${d.message.trim()}` : d.message.trim()));
  return [error instanceof Error ? error.message.trim() : String(error)];
}

export class CompiledXsdValidator {
  private readonly compiled = new Map<SchemaKind, Promise<Compiled>>();

  /** dir: one official schema package, e.g. ../shared/schemas/PL_010_V1.30 */
  constructor(readonly dir: string) {}

  static available(dir: string | undefined): dir is string {
    return XsdValidator.available(dir);
  }

  private validatorFor(kind: SchemaKind): Promise<Compiled> {
    let v = this.compiled.get(kind);
    if (!v) {
      v = libxml2().then((lib) => {
        const path = join(this.dir, ROOT_SCHEMAS[kind]);
        // The schema document stays alive with its validator: the compiled schema points into it.
        const schema = lib.XmlDocument.fromString(readFileSync(path, "utf8"), { url: path });
        return lib.XsdValidator.fromDoc(schema);
      });
      // A schema that failed to compile is tried again next time (and reported each time).
      v.catch(() => this.compiled.delete(kind));
      this.compiled.set(kind, v);
    }
    return v;
  }

  async validate(xml: string, kind: SchemaKind = "nfe"): Promise<XsdResult> {
    const validator = await this.validatorFor(kind);
    const lib = await libxml2();
    let doc: InstanceType<LibXml2["XmlDocument"]>;
    try {
      doc = lib.XmlDocument.fromString(xml);
    } catch (error) {
      return { valid: false, errors: describe(error) };
    }
    try {
      return check(validator, doc);
    } finally {
      doc.dispose();
    }
  }

  /** Validates a document already parsed by libxml2-wasm (the caller keeps and disposes it). */
  async validateDocument(
    doc: InstanceType<LibXml2["XmlDocument"]>,
    kind: SchemaKind = "nfe",
  ): Promise<XsdResult> {
    return check(await this.validatorFor(kind), doc);
  }
}

function check(validator: Compiled, doc: InstanceType<LibXml2["XmlDocument"]>): XsdResult {
  try {
    validator.validate(doc);
    return { valid: true, errors: [] };
  } catch (error) {
    return { valid: false, errors: describe(error) };
  }
}
