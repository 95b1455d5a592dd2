// The simulator answers as SEFAZ does: every answer it gives (accepted and rejected) is valid
// against the official ret* schemas, and its services refuse a caller without a client certificate.
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveEndpoints } from "../../src/fiscal/sefaz/endpoints.js";
import { createHttpsTransport } from "../../src/fiscal/sefaz/https-transport.js";
import { SefazClient } from "../../src/fiscal/sefaz/sefaz-client.js";
import { extractSoapPayload } from "../../src/fiscal/sefaz/soap-envelope.js";
import type { SoapRequest, SoapTransport, TransportOutcome } from "../../src/fiscal/sefaz/soap-transport.js";
import { signXml } from "../../src/fiscal/sign-xml.js";
import { type SchemaKind, XsdValidator } from "../../src/xsd/xsd-validator.js";
import { HAS_SHARED, SCHEMA_DIRS } from "../helpers/shared.js";
import { finalize, type Harness, startHarness } from "./helpers/harness.js";
import { templateNfce } from "./helpers/nfce-template.js";

class Tap implements SoapTransport {
  readonly answers: string[] = [];
  constructor(private readonly inner: SoapTransport) {}
  async send(r: SoapRequest): Promise<TransportOutcome> {
    const o = await this.inner.send(r);
    if (o.kind === "response") {
      const p = extractSoapPayload(o.body, "nfeResultMsg");
      if (p.ok) this.answers.push(p.message);
    }
    return o;
  }
}

describe.skipIf(!HAS_SHARED)("simulator answers", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ start: "2026-11-22T10:00:30Z" });
  });
  afterAll(async () => h?.close());

  it("are valid against retConsStatServ, retEnviNFe, retConsSitNFe, retInutNFe and retEnvEvento schemas", async () => {
    const tap = new Tap(
      createHttpsTransport({
        privateKeyPem: h.id.privateKeyPem,
        certificatePem: h.id.certificatePem,
        extraCaPem: h.sim.caPem,
      }),
    );
    const c = new SefazClient({
      transport: tap,
      endpoints: resolveEndpoints("SP", "homologacao", h.sim.urls),
      tpAmb: "2",
      emitter: { cnpj: "06157250000116" },
      sign: (xml, target) => signXml(xml, target, h.id),
      clock: h.clock,
    });
    const note = templateNfce({ dhEmi: "2026-11-22T07:00:00-03:00", nNF: 1 });
    const auth = await c.authorize(finalize(note));
    const nProt = auth.outcome === "authorized" ? auth.nProt : "";
    await c.authorize(finalize(templateNfce({ dhEmi: "2026-11-22T06:00:00-03:00", nNF: 2 })));
    await c.status();
    await c.consult(note.chave);
    await c.consult(templateNfce({ dhEmi: "2026-11-22T07:00:00-03:00", nNF: 3 }).chave);
    await c.inutilize({ series: 1, nNFIni: 10, nNFFin: 11, year: 2026, xJust: "Numeracao pulada por falha" });
    await c.inutilize({ series: 1, nNFIni: 1, nNFFin: 1, year: 2026, xJust: "Numeracao pulada por falha" });
    await c.cancel({
      chave: note.chave,
      nProt: "135260000000999",
      xJust: "Cliente desistiu da compra",
      dhEvento: "2026-11-22T07:01:00-03:00",
    });
    await c.cancel({
      chave: note.chave,
      nProt,
      xJust: "Cliente desistiu da compra",
      dhEvento: "2026-11-22T07:01:00-03:00",
    });
    await c.consult(note.chave);
    expect(tap.answers).toHaveLength(10);
    const kinds: SchemaKind[] = [
      "retEnviNFe",
      "retEnviNFe",
      "retConsStatServ",
      "retConsSitNFe",
      "retConsSitNFe",
      "retInutNFe",
      "retInutNFe",
      "retEnvEventoCancNFe",
      "retEnvEventoCancNFe",
      "retConsSitNFe",
    ];
    expect(tap.answers.map((a) => /<cStat>(\d+)<\/cStat>/.exec(a)?.[1])).toEqual([
      "104",
      "104",
      "107",
      "100",
      "217",
      "102",
      "241",
      "128",
      "128",
      "101",
    ]);
    const xsd = new XsdValidator(SCHEMA_DIRS.PL_009_V4);
    for (const [i, kind] of kinds.entries())
      expect((await xsd.validate(tap.answers[i]!, kind)).errors, `${i} ${kind}`).toEqual([]);
  });

  it("refuses a SOAP call without a client certificate (403), as SEFAZ requires mutual TLS", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const r = request(h.sim.urls.status, { method: "POST", ca: h.sim.caPem }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      r.on("error", reject);
      r.end("<x/>");
    });
    expect(status).toBe(403);
  });
});

describe.skipIf(!HAS_SHARED)("simulator under bad input", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ start: "2026-11-22T10:00:30Z" });
  });
  afterAll(async () => h?.close());

  it("answers garbage with a SOAP fault, a wrong namespace with a fault, a huge body with 413, and keeps serving", async () => {
    const send = (envelope: string, url = h.sim.urls.autorizacao) =>
      h.transport.send({ url, action: "x", envelope, timeoutMs: 5000 });
    const garbage = await send("\u0000\u0001 not xml <<<");
    expect(garbage).toMatchObject({ kind: "response", status: 500 });
    if (garbage.kind === "response") expect(garbage.body).toContain("soap12:Fault");
    const wrongNs = await send(
      '<soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body><nfeDadosMsg xmlns="urn:other"><x/></nfeDadosMsg></soap12:Body></soap12:Envelope>',
    );
    expect(wrongNs).toMatchObject({ kind: "response", status: 500 });
    expect(await send("x".repeat(2 * 1024 * 1024))).toMatchObject({ kind: "response", status: 413 });
    const junkMessage = await send(
      '<soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body><nfeDadosMsg xmlns="http://www.portalfiscal.inf.br/nfe/wsdl/NFeAutorizacao4"><enviNFe>oops</enviNFe></nfeDadosMsg></soap12:Body></soap12:Envelope>',
    );
    expect(junkMessage.kind === "response" && /<cStat>225<\/cStat>/.test(junkMessage.body)).toBe(true);
    expect(await h.client.status()).toMatchObject({ outcome: "answered", cStat: "107" });
  });
});
