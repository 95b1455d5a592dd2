// The client's messages through the recording fake: the SOAP 1.2 envelope of §5 exactly, requests
// valid against the official XSDs, answers (4-digit cStat, 17-digit nProt) parsed into results.
import { beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { resolveEndpoints } from "../../src/fiscal/sefaz/endpoints.js";
import { RecordingTransport } from "../../src/fiscal/sefaz/recording-transport.js";
import { SefazClient } from "../../src/fiscal/sefaz/sefaz-client.js";
import { extractSoapPayload } from "../../src/fiscal/sefaz/soap-envelope.js";
import { signXml } from "../../src/fiscal/sign-xml.js";
import { XsdValidator } from "../../src/xsd/xsd-validator.js";
import { HAS_SHARED, SCHEMA_DIRS } from "../helpers/shared.js";
import { finalize, identity } from "./helpers/harness.js";
import { templateNfce } from "./helpers/nfce-template.js";

const NS = "http://www.portalfiscal.inf.br/nfe";

function clientWith(transport: RecordingTransport) {
  const id = identity();
  return new SefazClient({
    transport,
    endpoints: resolveEndpoints("SP", "homologacao"),
    tpAmb: "2",
    emitter: { cnpj: "06157250000116" },
    sign: (xml, target) => signXml(xml, target, id),
    clock: new ManualClock("2026-11-22T10:00:00Z"),
  });
}

const payload = (t: RecordingTransport, i = 0) => {
  const p = extractSoapPayload(t.requests[i]!.envelope, "nfeDadosMsg");
  if (!p.ok) throw new Error(p.reason);
  return p.message;
};

describe.skipIf(!HAS_SHARED)("client messages", () => {
  let pl009: XsdValidator;
  let pl010: XsdValidator;
  beforeAll(() => {
    pl009 = new XsdValidator(SCHEMA_DIRS.PL_009_V4);
    pl010 = new XsdValidator(SCHEMA_DIRS.PL_010_V1_30);
  });

  it("sends the status request in the §5 envelope, to the SP URL, with the action in the content type", async () => {
    const t = new RecordingTransport();
    await clientWith(t).status();
    expect(t.requests[0]!.url).toBe("https://homologacao.nfce.fazenda.sp.gov.br/ws/NFeStatusServico4.asmx");
    expect(t.requests[0]!.action).toBe(
      "http://www.portalfiscal.inf.br/nfe/wsdl/NFeStatusServico4/nfeStatusServicoNF",
    );
    expect(t.requests[0]!.envelope).toBe(
      '<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body>' +
        '<nfeDadosMsg xmlns="http://www.portalfiscal.inf.br/nfe/wsdl/NFeStatusServico4">' +
        `<consStatServ xmlns="${NS}" versao="4.00"><tpAmb>2</tpAmb><cUF>35</cUF><xServ>STATUS</xServ></consStatServ>` +
        "</nfeDadosMsg></soap12:Body></soap12:Envelope>",
    );
  });

  it("builds requests valid against PL_009_V4 and PL_010_V1.30: consStatServ, consSitNFe, enviNFe, inutNFe, both events", async () => {
    const t = new RecordingTransport();
    const c = clientWith(t);
    const note = templateNfce({ dhEmi: "2026-11-22T07:00:00-03:00" });
    await c.status();
    await c.consult(note.chave);
    await c.authorize(finalize(note));
    await c.inutilize({ series: 1, nNFIni: 10, nNFFin: 12, year: 2026, xJust: "Numeracao pulada por falha" });
    await c.cancel({
      chave: note.chave,
      nProt: "135260000000001",
      xJust: "Cliente desistiu da compra",
      dhEvento: "2026-11-22T07:10:00-03:00",
    });
    const ref = templateNfce({ dhEmi: "2026-11-22T07:00:00-03:00", tpEmis: 9 }).chave;
    await c.cancelBySubstitution({
      chave: note.chave,
      nProt: "135260000000001",
      xJust: "Cliente desistiu da compra",
      chNFeRef: ref,
      dhEvento: "2026-11-22T07:10:00-03:00",
    });
    const kinds = [
      "consStatServ",
      "consSitNFe",
      "enviNFe",
      "inutNFe",
      "envEventoCancNFe",
      "envEventoCancSubst",
    ] as const;
    for (const [i, kind] of kinds.entries()) {
      for (const v of [pl009, pl010])
        expect((await v.validate(payload(t, i), kind)).errors, `${kind} ${v.dir}`).toEqual([]);
    }
    expect(payload(t, 2)).toMatch(/<idLote>[0-9]{1,15}<\/idLote><indSinc>1<\/indSinc><NFe /);
    expect(payload(t, 3)).toContain('<infInut Id="ID35260615725000011665001000000010000000012">');
    expect(payload(t, 4)).toContain(`Id="ID110111${note.chave}01"`);
  });

  it("parses an authorization with a 4-digit lote cStat path, a 17-digit nProt, and builds nfeProc byte-exactly", async () => {
    const note = templateNfce({ dhEmi: "2026-11-22T07:00:00-03:00" });
    const signed = finalize(note);
    const prot = `<protNFe versao="4.00"><infProt><tpAmb>2</tpAmb><verAplic>SP_NFCE_PL_009_V400</verAplic><chNFe>${note.chave}</chNFe><dhRecbto>2026-11-22T07:00:02-03:00</dhRecbto><nProt>13526000000000123</nProt><digVal>${/<DigestValue>([^<]+)/.exec(signed)![1]}</digVal><cStat>100</cStat><xMotivo>Autorizado o uso da NF-e</xMotivo></infProt></protNFe>`;
    const t = new RecordingTransport().enqueueMessage(
      "NFeAutorizacao4",
      `<retEnviNFe xmlns="${NS}" versao="4.00"><tpAmb>2</tpAmb><verAplic>SP</verAplic><cStat>104</cStat><xMotivo>Lote processado</xMotivo><cUF>35</cUF><dhRecbto>2026-11-22T07:00:02-03:00</dhRecbto>${prot}</retEnviNFe>`,
    );
    const r = await clientWith(t).authorize(signed);
    expect(r).toMatchObject({ outcome: "authorized", nProt: "13526000000000123", protNFeXml: prot });
    if (r.outcome !== "authorized") return;
    expect(r.nfeProcXml).toBe(`<nfeProc xmlns="${NS}" versao="4.00">${signed}${prot}</nfeProc>`);
    // NT 2025.002 §5.1: only PL_010 admits the 17-digit nProt; PL_009 still says [0-9]{15}.
    expect((await pl010.validate(r.nfeProcXml, "nfeProc")).errors).toEqual([]);
    expect((await pl009.validate(r.nfeProcXml, "nfeProc")).valid).toBe(false);
  });

  it("turns every answer into a result: note-level rejection, unknown cStat, garbage, reset, 503", async () => {
    const note = templateNfce({ dhEmi: "2026-11-22T07:00:00-03:00" });
    const signed = finalize(note);
    const lote = (inner: string) =>
      `<retEnviNFe xmlns="${NS}" versao="4.00"><tpAmb>2</tpAmb><verAplic>x</verAplic>${inner}<cUF>35</cUF><dhRecbto>2026-11-22T07:00:02-03:00</dhRecbto></retEnviNFe>`;
    const t = new RecordingTransport()
      .enqueueMessage("NFeAutorizacao4", lote("<cStat>1234</cStat><xMotivo>Rejeicao RTC</xMotivo>"))
      .enqueueMessage("NFeAutorizacao4", lote("<cStat>103</cStat><xMotivo>Lote recebido</xMotivo>"))
      .enqueue({ kind: "response", status: 200, body: "<html>proxy error</html>" })
      .enqueue({ kind: "response", status: 503, body: "" })
      .enqueue({ kind: "unknown", reason: "ECONNRESET" });
    const c = clientWith(t);
    expect(await c.authorize(signed)).toMatchObject({ outcome: "rejected", cStat: "1234", action: "fix" });
    expect(await c.authorize(signed)).toMatchObject({ outcome: "unknown" });
    expect(await c.authorize(signed)).toMatchObject({ outcome: "unknown" });
    expect(await c.authorize(signed)).toMatchObject({ outcome: "unreachable" });
    expect(await c.authorize(signed)).toMatchObject({ outcome: "unknown", reason: "ECONNRESET" });
    expect(await c.authorize("<NFe/>")).toMatchObject({ outcome: "rejected", cStat: "502" });
    expect(t.requests).toHaveLength(5);
  });
});

describe("SOAP answers from other front ends", () => {
  const ret = `<retConsStatServ xmlns="${NS}" versao="4.00"><tpAmb>2</tpAmb><verAplic>MG</verAplic><cStat>107</cStat><xMotivo>Servico em Operacao</xMotivo><cUF>31</cUF><dhRecbto>2026-11-22T07:00:00-03:00</dhRecbto></retConsStatServ>`;
  const env = (body: string) =>
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>${body}</soap:Body></soap:Envelope>`;

  it("reads the message under nfeResultMsg, under a …Result wrapper, or right in the Body", () => {
    for (const body of [
      `<nfeResultMsg xmlns="http://www.portalfiscal.inf.br/nfe/wsdl/NFeStatusServico4">${ret}</nfeResultMsg>`,
      `<nfeStatusServicoNFResult xmlns="http://www.portalfiscal.inf.br/nfe/wsdl/NFeStatusServico4">${ret}</nfeStatusServicoNFResult>`,
      ret,
    ]) {
      const p = extractSoapPayload(env(body), "nfeResultMsg");
      expect(p).toMatchObject({ ok: true, message: ret });
    }
    expect(
      extractSoapPayload(
        env("<soap:Fault><soap:Reason><soap:Text>boom</soap:Text></soap:Reason></soap:Fault>"),
        "nfeResultMsg",
      ),
    ).toMatchObject({ ok: false, reason: "SOAP fault: boom" });
    expect(extractSoapPayload("<html>502 Bad Gateway</html>", "nfeResultMsg")).toMatchObject({ ok: false });
  });
});

describe.skipIf(!HAS_SHARED)("caller mistakes", () => {
  it("are refused before anything is signed or sent", async () => {
    const t = new RecordingTransport();
    const c = clientWith(t);
    const chave = templateNfce({ dhEmi: "2026-11-22T07:00:00-03:00" }).chave;
    const base = {
      chave,
      nProt: "135260000000001",
      xJust: "Cliente desistiu da compra",
      dhEvento: "2026-11-22T07:10:00-03:00",
    };
    await expect(
      c.inutilize({ series: 1, nNFIni: 5, nNFFin: 4, year: 2026, xJust: "Numeracao pulada por falha" }),
    ).rejects.toMatchObject({ code: "KIOSK_ERR_INPUT_INVALID", field: "nNFIni" });
    await expect(
      c.inutilize({ series: 1, nNFIni: 5, nNFFin: 5, year: 2026, xJust: "curta" }),
    ).rejects.toMatchObject({ field: "xJust" });
    await expect(c.cancel({ ...base, xJust: " Cliente desistiu da compra" })).rejects.toMatchObject({
      field: "xJust",
    });
    await expect(c.cancel({ ...base, nProt: "123" })).rejects.toMatchObject({ field: "nProt" });
    await expect(c.cancelBySubstitution({ ...base, chNFeRef: "123" })).rejects.toMatchObject({
      field: "chNFeRef",
    });
    expect(t.requests).toHaveLength(0);
  });
});
