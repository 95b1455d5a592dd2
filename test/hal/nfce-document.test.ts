// The one-pass XML reader of the DANFE reads what fast-xml-parser read (the reference in
// helpers/reference-nfce-document.ts): fixture notes, and notes varied in the ways real XML varies
// (escaped text, accents, pretty printing, prefixes, CDATA, comments, nfeProc or bare NFe).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isKioskError } from "../../src/errors.js";
import { readNfceDocument } from "../../src/hal/printer/danfe/nfce-document.js";
import { readNfceDocumentReference } from "./helpers/reference-nfce-document.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "hal", "nfce");
const NOTES = ["online-authorized", "offline", "homologacao"].map((f) =>
  readFileSync(join(FIXTURES, `${f}.xml`), "utf8"),
);

type Outcome = { ok: unknown } | { coded: true } | { crash: unknown };
function outcome(read: (xml: string) => unknown, xml: string): Outcome {
  try {
    return { ok: read(xml) };
  } catch (error) {
    return isKioskError(error) && error.code === "KIOSK_ERR_INPUT_INVALID"
      ? { coded: true }
      : { crash: error };
  }
}

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const textValue = fc.string({
  unit: fc.constantFrom(..."ABCabc 0123.,-/&<>\"'çÇãÁéÊõúü°ºª€\u00a0\t\n\r".split("")),
  minLength: 1,
  maxLength: 40,
});

/** Replaces the text of every <tag> with a generated value (escaped as a serializer would). */
function withText(xml: string, tag: string, value: string): string {
  return xml.replace(new RegExp(`<${tag}>[^<]*</${tag}>`, "g"), `<${tag}>${escapeXml(value)}</${tag}>`);
}

const variations: ((xml: string) => string)[] = [
  (x) => x,
  (x) => x.replace(/></g, ">\n    <"), // pretty printed
  (x) =>
    x.replace(/<(\/?)([A-Za-z])/g, "<$1nfe:$2").replace(/<nfe:(nfeProc|NFe) xmlns=/g, "<nfe:$1 xmlns:nfe="),
  (x) => x.replace(/<qrCode>([^<]*)<\/qrCode>/, "<qrCode><![CDATA[$1]]></qrCode>"),
  (x) => x.replace(/<\/ide>/, "<!-- ide ends --></ide>").replace(/\?>/, "?>\r\n"),
  (x) => x.replace(/^(<\?xml[^>]*\?>)?<nfeProc[^>]*>/, "").replace(/<protNFe[\s\S]*<\/nfeProc>\s*$/, ""),
  (x) => x.replace(/<infCpl>/, "<infCpl>  \r\n").replace(/<\/xNome>/, " </xNome>"),
];

describe("readNfceDocument equals the fast-xml-parser reading", () => {
  it("on the fixture notes and their variations", () => {
    for (const note of NOTES)
      for (const vary of variations) {
        const xml = vary(note);
        expect(outcome(readNfceDocument, xml)).toEqual(outcome(readNfceDocumentReference, xml));
        expect("ok" in outcome(readNfceDocument, xml)).toBe(true);
      }
  });

  it("on notes with generated names, descriptions, units, payments and messages", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTES),
        fc.constantFrom(...variations),
        fc.constantFrom("xProd", "xNome", "uCom", "cProd", "infCpl", "xLgr", "xBairro", "xPag", "infAdFisco"),
        textValue,
        (note, vary, tag, value) => {
          const xml = vary(withText(note, tag, value));
          expect(outcome(readNfceDocument, xml)).toEqual(outcome(readNfceDocumentReference, xml));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("damaged XML: never a crash; when both readers return a document, the same one", () => {
    const note = NOTES[0] as string;
    // The reader passes over the signature and the item taxes unread, so damage there may leave it
    // a document the lenient reference reads differently: compared on a note without them.
    const bare = note
      .replace(/<Signature[\s\S]*<\/Signature>/, "")
      .replace(/<imposto>[\s\S]*?<\/imposto>/g, "");
    fc.assert(
      fc.property(fc.constantFrom(note, bare), fc.nat(note.length), fc.nat(120), (xml, at, len) => {
        for (const damaged of [xml.slice(0, at), xml.slice(0, at) + xml.slice(at + len)]) {
          const mine = outcome(readNfceDocument, damaged);
          expect("crash" in mine).toBe(false);
          if (xml !== bare) continue;
          const reference = outcome(readNfceDocumentReference, damaged);
          if ("ok" in mine && "ok" in reference) expect(mine).toEqual(reference);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("character references are decoded (the old reader printed '&#233;' as is)", () => {
    const xml = (NOTES[1] as string).replace(/<xProd>[^<]*<\/xProd>/, "<xProd>CAF&#201; &#xC7;</xProd>");
    expect(readNfceDocument(xml).items[0]?.xProd).toBe("CAFÉ Ç");
  });

  it("a DOCTYPE is refused with a coded error", () => {
    const xml = `<!DOCTYPE NFe [<!ENTITY e "x">]>${NOTES[1]}`;
    expect(outcome(readNfceDocument, xml)).toEqual({ coded: true });
  });
});
