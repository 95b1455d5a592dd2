// The gate's signature check through libxml2 ([MOC-A1] F01 -> 298, F02 -> 297): its C14N shortcut
// gives libxml2's own subset canonical form byte for byte, a one-byte change in DigestValue or
// SignatureValue is refused, and a note signed by xmlsec1 (not by our signer) passes.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkNfce, type GateContext, runGate } from "../../../src/fiscal/gate/index.js";
import type { LightElement } from "../../../src/fiscal/gate/light-element.js";
import { parseLightXml } from "../../../src/fiscal/gate/light-xml.js";
import { canonicalCut, canonicalDocument, canonicalElement } from "../../../src/fiscal/gate/native-c14n.js";
import { withNativeDocument } from "../../../src/fiscal/gate/native-document.js";
import { verifyXmlSignature } from "../../../src/fiscal/verify-signature.js";
import { CompiledXsdValidator } from "../../../src/xsd/compiled-xsd-validator.js";
import { CERTS, HAS_SHARED, SCHEMA_DIRS } from "../../helpers/shared.js";
import { finalNote, GATE_CSC, NOW, swap } from "../crypto/gate-helpers.js";
import { HAS_XMLSEC, identity } from "../crypto/helpers.js";

const CTX: GateContext = { csc: GATE_CSC, expectedEmitter: { cnpj: "06157250000116" }, now: NOW };
const rulesOf = (xml: string) => checkNfce(xml, CTX).map((p) => p.rule);

/** infNFe and SignedInfo canonicalized three ways: shortcut, libxml2 subset ("reference"), auto. */
function canonicalForms(xml: string) {
  const { root } = parseLightXml(xml);
  const find = (name: string): LightElement => {
    const stack = [root];
    while (stack.length > 0) {
      const el = stack.pop()!;
      if (el.localName === name) return el;
      stack.push(...el.children);
    }
    throw new Error(`no ${name}`);
  };
  return withNativeDocument(xml, ({ doc }) => {
    const forms = (target: LightElement) => {
      const whole = Buffer.from(canonicalDocument(doc!)); // copied: the next call reuses the buffer
      const cut = canonicalCut(whole, target);
      return {
        cut: cut && Buffer.concat(cut).toString("utf8"),
        auto: Buffer.concat(canonicalElement(doc!, target, whole)).toString("utf8"),
        reference: Buffer.concat(canonicalElement(doc!, target, undefined, "reference")).toString("utf8"),
      };
    };
    return { infNFe: forms(find("infNFe")), signedInfo: forms(find("SignedInfo")) };
  });
}

const NFE = 'xmlns="http://www.portalfiscal.inf.br/nfe"';
const DSIG = 'xmlns="http://www.w3.org/2000/09/xmldsig#"';

describe.skipIf(!HAS_SHARED)("C14N of infNFe and SignedInfo (REC-xml-c14n-20010315)", () => {
  const note = finalNote({ version: 3 });
  const manyItems = note.replace(/<det nItem="1">.*<\/det>/, (dets) => dets.repeat(40));
  /** Texts where the shortcut applies: it must give libxml2's subset form exactly. */
  const SHORTCUT: Record<string, string> = {
    "a final note": note,
    "a note with dest (v2)": finalNote({ dest: { type: "CPF", value: "12345678909" } }),
    "80 items": manyItems,
    "infNFe declaring the default namespace again": swap(note, "<infNFe ", `<infNFe ${NFE} `),
    "SignedInfo declaring its namespace itself": swap(note, "<SignedInfo>", `<SignedInfo ${DSIG}>`),
    "SignedInfo in a namespace of its own": swap(note, "<SignedInfo>", '<SignedInfo xmlns="urn:other">'),
    "entities in text and attributes": swap(
      swap(note, "<natOp>VENDA</natOp>", "<natOp>A &amp; B &lt;C&gt; &quot;D&quot; &#xE7;</natOp>"),
      "<ide>",
      '<ide note="x &gt; y &amp; &quot;z&quot; &#10;&#9;">',
    ),
    "a comment, a PI and CDATA in infNFe": swap(
      note,
      "<natOp>VENDA</natOp>",
      "<!-- c --><?keep me?><natOp><![CDATA[VEN<DA>]]></natOp>",
    ),
    "an element undeclaring the default namespace": swap(
      note,
      "<natOp>VENDA</natOp>",
      '<natOp xmlns="">VENDA</natOp>',
    ),
    "a prefixed namespace inside infNFe": swap(note, "<natOp>", '<natOp xmlns:p="urn:p" p:a="1">'),
  };
  for (const [name, xml] of Object.entries(SHORTCUT)) {
    it(`the shortcut gives libxml2's subset form: ${name}`, () => {
      const { infNFe, signedInfo } = canonicalForms(xml);
      expect(infNFe.cut).toBe(infNFe.reference);
      expect(signedInfo.cut).toBe(signedInfo.reference);
      expect(infNFe.auto).toBe(infNFe.reference);
      expect(infNFe.reference.startsWith(`<infNFe ${NFE} Id="NFe`)).toBe(true);
      expect(signedInfo.reference).toMatch(/^<SignedInfo xmlns="[^"]+"><CanonicalizationMethod/);
    });
  }

  /** Texts where it does not: libxml2 canonicalizes the subset itself. */
  const FALLBACK: Record<string, string> = {
    "a prefixed namespace declared on NFe": swap(note, `<NFe ${NFE}>`, `<NFe ${NFE} xmlns:p="urn:p">`),
    "xml:lang on NFe (inherited by the subset)": swap(note, `<NFe ${NFE}>`, `<NFe ${NFE} xml:lang="pt">`),
    "infNFe's start tag inside a PI": swap(note, "<natOp>", "<?x <infNFe ?><natOp>"),
    "infNFe's end tag inside a PI": swap(note, "<natOp>", "<?x </infNFe>?><natOp>"),
  };
  for (const [name, xml] of Object.entries(FALLBACK)) {
    it(`libxml2 canonicalizes the subset itself: ${name}`, () => {
      const { infNFe } = canonicalForms(xml);
      expect(infNFe.cut).toBeUndefined();
      expect(infNFe.auto).toBe(infNFe.reference);
    });
  }

  it("xml:lang on NFe is part of infNFe's subset form", () => {
    const { infNFe } = canonicalForms(swap(note, `<NFe ${NFE}>`, `<NFe ${NFE} xml:lang="pt">`));
    expect(infNFe.reference).toMatch(/^<infNFe xmlns="[^"]+" Id="[^"]+" versao="4.00" xml:lang="pt">/);
  });

  it("the digest of the canonical infNFe is the note's DigestValue", () => {
    const { infNFe } = canonicalForms(note);
    const digest = createHash("sha1").update(infNFe.reference, "utf8").digest("base64");
    expect(note).toContain(`<DigestValue>${digest}</DigestValue>`);
  });
});

describe.skipIf(!HAS_SHARED)("the signature's values, checked on libxml2's canonical forms", () => {
  const note = finalNote({ version: 3 }); // QR v3 does not repeat the digest: only the signature rules see it
  const change = (xml: string, element: string, index: number) =>
    xml.replace(new RegExp(`<${element}>([^<]+)<`), (_m, value: string) => {
      const c = value[index]!;
      return `<${element}>${value.slice(0, index)}${c === "A" ? "B" : "A"}${value.slice(index + 1)}<`;
    });

  it("the clean note passes", () => {
    expect(rulesOf(note)).toEqual([]);
  });

  it("one character of DigestValue changed -> 297", () => {
    for (const index of [0, 13, 26]) expect(rulesOf(change(note, "DigestValue", index))).toEqual(["297"]);
  });

  it("one character of SignatureValue changed -> 297", () => {
    for (const index of [0, 100, 300])
      expect(rulesOf(change(note, "SignatureValue", index))).toEqual(["297"]);
  });

  it("one byte of infNFe changed after signing -> 297 (the digest no longer matches)", () => {
    const problems = checkNfce(swap(note, "<natOp>VENDA", "<natOp>VENDAS"), CTX);
    expect(problems.map((p) => p.rule)).toEqual(["297"]);
    expect(problems[0]!.message).toMatch(/DigestValue .* differs from the computed/);
  });

  it("SignedInfo changed after signing (same digest) -> 297 from the RSA check", () => {
    const problems = checkNfce(swap(note, "<SignedInfo>", `<SignedInfo Id="x">`), CTX);
    expect(problems.map((p) => p.rule)).toEqual(["297"]);
    expect(problems[0]!.message).toMatch(/SignatureValue does not match/);
  });

  it("a structural defect is 298 before any value is computed", () => {
    expect(rulesOf(swap(note, "xmldsig#sha1", "xmlenc#sha256"))).toEqual(["298"]);
    expect(rulesOf(swap(note, "<DigestMethod ", "<Digest "))).toContain("298");
  });

  it("a namespace name libxml2 refuses -> 243", () => {
    expect(rulesOf(swap(note, "portalfiscal.inf.br/nfe", "portalfiscal inf.br/nfe"))).toContain("243");
  });
});

describe.skipIf(!HAS_XMLSEC)("a note signed by xmlsec1 passes the gate", () => {
  it("infNFe changed, then signed by xmlsec1 --sign with the kiosk's key", () => {
    const dir = mkdtempSync(join(tmpdir(), "gate-xmlsec-"));
    const cert = CERTS.cnpj;
    const pem = execFileSync(
      "openssl",
      ["pkcs12", "-in", cert.path, "-passin", `pass:${cert.password}`, "-nocerts", "-nodes"],
      { encoding: "utf8" },
    );
    writeFileSync(join(dir, "key.pem"), pem);
    const ours = finalNote({ version: 3 });
    // A change our signer never saw, and the values emptied: xmlsec1 computes both.
    const template = swap(ours, "<natOp>VENDA</natOp>", "<natOp>VENDA AO CONSUMIDOR</natOp>")
      .replace(/<DigestValue>[^<]*</, "<DigestValue><")
      .replace(/<SignatureValue>[^<]*</, "<SignatureValue><");
    writeFileSync(join(dir, "template.xml"), template);
    execFileSync("xmlsec1", [
      "--sign",
      "--id-attr:Id",
      "infNFe",
      "--privkey-pem",
      join(dir, "key.pem"),
      "--output",
      join(dir, "signed.xml"),
      join(dir, "template.xml"),
    ]);
    // xmlsec1 adds an XML declaration and a final newline (refused as 588 whitespace, not signed) and
    // wraps SignatureValue in lines (Base64 allows it): only the former is undone.
    const signed = readFileSync(join(dir, "signed.xml"), "utf8")
      .replace(/^<\?xml[^>]*>\n/, "")
      .trimEnd();
    expect(signed).toMatch(/<SignatureValue>[^<]*\n[^<]*<\/SignatureValue>/);
    expect(/<DigestValue>([^<]+)</.exec(signed)![1]).not.toBe(/<DigestValue>([^<]+)</.exec(ours)![1]);
    expect(checkNfce(signed, { ...CTX, certificateBase64: identity("cnpj").certificateBase64 })).toEqual([]);
    expect(rulesOf(swap(signed, "VENDA AO CONSUMIDOR", "VENDA AO CONSUMIDOR."))).toEqual(["297"]);
  });
});

describe.skipIf(!HAS_SHARED)("runGate with the compiled XSD shares the gate's parse", () => {
  const compiled = new CompiledXsdValidator(SCHEMA_DIRS.PL_010_V1_30);
  const calls: string[] = [];
  const xsd = {
    validate: (xml: string) => {
      calls.push("validate");
      return compiled.validate(xml);
    },
    validateDocument: (doc: Parameters<CompiledXsdValidator["validateDocument"]>[0]) => {
      calls.push("validateDocument");
      return compiled.validateDocument(doc);
    },
  };

  it("a clean note passes; the text is parsed once", async () => {
    calls.length = 0;
    expect(await runGate(finalNote(), CTX, xsd)).toEqual({ ok: true, problems: [] });
    expect(calls).toEqual(["validateDocument"]);
  });

  it("what only the schema sees is found on the shared parse (natOp missing, re-signed)", async () => {
    calls.length = 0;
    const result = await runGate(finalNote({ mutate: (x) => swap(x, "<natOp>VENDA</natOp>", "") }), CTX, xsd);
    expect(result.problems.map((p) => p.rule)).toEqual(["xsd"]);
    expect(calls).toEqual(["validateDocument"]);
  });

  it("a text libxml2 cannot parse goes to validate(), which reports the parse error", async () => {
    calls.length = 0;
    const result = await runGate(finalNote().slice(0, -20), CTX, xsd);
    expect(result.problems.map((p) => p.rule)).toContain("243");
    expect(result.problems.filter((p) => p.rule === "xsd").length).toBeGreaterThan(0);
    expect(calls).toEqual(["validate"]);
  });
});

describe.skipIf(!HAS_SHARED)(
  "the libxml2 signature check agrees with xml-crypto's (verifyXmlSignature)",
  () => {
    it("on 600 notes with one digit or one character changed, both find the signature broken or both not", () => {
      const notes = [finalNote({ version: 3 }), finalNote({ dest: { type: "CPF", value: "12345678909" } })];
      let seed = 2024;
      const next = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      let broken = 0;
      for (let i = 0; i < 600; i++) {
        const xml = notes[i % 2]!;
        const at = next(xml.length);
        const c = "0123456789ABCxyz=+/ "[next(20)]!;
        const damaged = xml.slice(0, at) + c + xml.slice(at + 1);
        const rules = rulesOf(damaged);
        // Not read (243), or refused before any rule runs (516: not an NF-e root).
        if (rules.includes("243") || rules.includes("516")) continue;
        const gate = rules.includes("297") || rules.includes("298");
        const reference = verifyXmlSignature(damaged, "infNFe");
        expect(gate, `${JSON.stringify(c)} at ${at}: ${reference.reason}; gate ${rules}`).toBe(
          !reference.valid,
        );
        if (gate) broken++;
      }
      expect(broken).toBeGreaterThan(100);
    });
  },
);
