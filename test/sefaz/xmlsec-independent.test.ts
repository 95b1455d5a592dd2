// The simulator judges NFC-e it did not make: signed by xmlsec1 (Debian) with the key extracted by
// openssl, then tampered copies. Expected answers: [MOC-A1] rules 297/298, 502, 464, 100.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveEndpoints } from "../../src/fiscal/sefaz/endpoints.js";
import { SefazClient } from "../../src/fiscal/sefaz/sefaz-client.js";
import { HAS_SHARED } from "../helpers/shared.js";
import { CSC, type Harness, startHarness } from "./helpers/harness.js";
import { insertSupl, qrV2Online, templateNfce } from "./helpers/nfce-template.js";
import { HAS_XMLSEC, xmlsecSign } from "./helpers/xmlsec.js";

describe.skipIf(!HAS_SHARED || !HAS_XMLSEC)("simulator judges documents signed by xmlsec1", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ start: "2026-11-22T10:00:30Z" });
  });
  afterAll(async () => h?.close());

  const signedNote = (nNF: number) => {
    const note = templateNfce({ dhEmi: "2026-11-22T07:00:00-03:00", nNF });
    return {
      note,
      xml: xmlsecSign(insertSupl(note.xml, qrV2Online(note.chave, CSC.id, CSC.token)), "infNFe"),
    };
  };

  it("authorizes an untouched xmlsec1 signature (100) and attaches the protocol byte-exactly", async () => {
    const { note, xml } = signedNote(1);
    const r = await h.client.authorize(xml);
    expect(r.outcome).toBe("authorized");
    if (r.outcome !== "authorized") return;
    expect(r.cStat).toBe("100");
    expect(r.nProt).toMatch(/^[0-9]{15}$/);
    expect(r.nfeProcXml).toContain(xml);
    expect(
      r.nfeProcXml.startsWith('<nfeProc xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00"><NFe'),
    ).toBe(true);
    expect(r.protNFeXml).toContain(`<chNFe>${note.chave}</chNFe>`);
  });

  it("answers 297 to a value changed after signing", async () => {
    const { xml } = signedNote(2);
    const r = await h.client.authorize(xml.replace("<vProd>12.50</vProd>", "<vProd>12.51</vProd>"));
    expect(r).toMatchObject({ outcome: "rejected", cStat: "297", action: "fix" });
  });

  it("answers 225 (schema first) to a SHA-256 digest method, and 298 to transforms out of order", async () => {
    // [MOC-A1] the XSD fixes the algorithms, so SEFAZ stops at the schema (225) before the signature.
    const sha256 = signedNote(3).xml.replace("xmldsig#sha1", "xmlenc#sha256");
    expect(await h.client.authorize(sha256)).toMatchObject({ outcome: "rejected", cStat: "225" });
    const enveloped = '<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>';
    const c14n = '<Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>';
    const swapped = signedNote(6).xml.replace(enveloped + c14n, c14n + enveloped);
    expect(swapped).toContain(c14n + enveloped);
    expect(await h.client.authorize(swapped)).toMatchObject({ outcome: "rejected", cStat: "298" });
  });

  it("answers 464 when the QR hash was made with another CSC", async () => {
    const note = templateNfce({ dhEmi: "2026-11-22T07:00:00-03:00", nNF: 4 });
    const xml = xmlsecSign(
      insertSupl(note.xml, qrV2Online(note.chave, CSC.id, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")),
      "infNFe",
    );
    expect(await h.client.authorize(xml)).toMatchObject({ outcome: "rejected", cStat: "464" });
  });

  it("answers 502 when the key does not match the fields (signed consistently)", async () => {
    const note = templateNfce({ dhEmi: "2026-11-22T07:00:00-03:00", nNF: 5 });
    const lying = note.xml.replace("<nNF>5</nNF>", "<nNF>6</nNF>");
    const xml = xmlsecSign(insertSupl(lying, qrV2Online(note.chave, CSC.id, CSC.token)), "infNFe");
    expect(await h.client.authorize(xml)).toMatchObject({ outcome: "rejected", cStat: "502" });
  });

  const xmlsecClient = (tamper: (xml: string) => string = (x) => x) =>
    new SefazClient({
      transport: h.transport,
      endpoints: resolveEndpoints("SP", "homologacao", h.sim.urls),
      tpAmb: "2",
      emitter: { cnpj: "06157250000116" },
      sign: (xml, target) => tamper(xmlsecSign(xml, target)),
      clock: h.clock,
    });

  it("registers a cancellation and an inutilização signed by xmlsec1 (135, 102), and answers 297 when tampered", async () => {
    const { xml } = signedNote(20);
    const auth = await h.client.authorize(xml);
    expect(auth.outcome).toBe("authorized");
    if (auth.outcome !== "authorized") return;
    const cancel = {
      chave: /Id="NFe(\d{44})"/.exec(xml)![1]!,
      nProt: auth.nProt,
      xJust: "Cliente desistiu da compra",
      dhEvento: "2026-11-22T07:00:40-03:00",
    };
    const tampered = xmlsecClient((x) => x.replace("Cliente desistiu", "Cliente DESISTIU"));
    expect(await tampered.cancel(cancel)).toMatchObject({ outcome: "rejected", cStat: "297" });
    expect(await xmlsecClient().cancel(cancel)).toMatchObject({ outcome: "registered", cStat: "135" });
    const range = { series: 1, nNFIni: 300, nNFFin: 301, year: 2026, xJust: "Numeracao pulada por falha" };
    expect(await xmlsecClient((x) => x.replace("<nNFFin>301", "<nNFFin>302")).inutilize(range)).toMatchObject(
      { cStat: "297" },
    );
    expect(await xmlsecClient().inutilize(range)).toMatchObject({ outcome: "done", cStat: "102" });
  });
});
