// Authorization rules of the simulator, through the real client over TLS. Each test cites the rule.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpsTransport } from "../../src/fiscal/sefaz/https-transport.js";
import { HAS_SHARED } from "../helpers/shared.js";
import { CSC, finalize, type Harness, identity, startHarness } from "./helpers/harness.js";
import { templateNfce } from "./helpers/nfce-template.js";

// Sim clock 10:00:30Z = 07:00:30-03:00.
const NOW_LOCAL = "2026-11-22T07:00:00-03:00";

describe.skipIf(!HAS_SHARED)("simulator: authorization rules", () => {
  let h: Harness;
  let n = 100;
  const next = () => ++n;
  beforeAll(async () => {
    h = await startHarness({ start: "2026-11-22T10:00:30Z" });
  });
  afterAll(async () => h?.close());

  it("authorizes online notes with QR v2 and v3, and offline notes with QR v2 and v3 ([MAN6] §4)", async () => {
    for (const [tpEmis, version] of [
      [1, 2],
      [1, 3],
      [9, 2],
      [9, 3],
    ] as const) {
      const note = templateNfce({
        dhEmi: NOW_LOCAL,
        nNF: next(),
        tpEmis,
        dest: { type: "CPF", value: "12345678909" },
      });
      const r = await h.client.authorize(finalize(note, { version }));
      expect(r, `tpEmis ${tpEmis} v${version}`).toMatchObject({ outcome: "authorized", cStat: "100" });
    }
  });

  it("rejects a second note with the same natural key: same key 204, other key 539 ([MOC-A1] 2B08-10)", async () => {
    const nNF = next();
    const first = templateNfce({ dhEmi: NOW_LOCAL, nNF, cNF: "11223344" });
    expect((await h.client.authorize(finalize(first))).outcome).toBe("authorized");
    expect(await h.client.authorize(finalize(first))).toMatchObject({
      outcome: "rejected",
      cStat: "204",
      action: "query-first",
    });
    const otherCnf = templateNfce({ dhEmi: NOW_LOCAL, nNF, cNF: "55667788" });
    const r = await h.client.authorize(finalize(otherCnf));
    expect(r).toMatchObject({ outcome: "rejected", cStat: "539", action: "give-up" });
    if (r.outcome === "rejected") expect(r.xMotivo).toContain(first.chave);
    // tpEmis is part of the natural key (Ajuste SINIEF 19/19): the same number offline is another note.
    const offline = templateNfce({ dhEmi: NOW_LOCAL, nNF, cNF: "55667788", tpEmis: 9 });
    expect((await h.client.authorize(finalize(offline))).outcome).toBe("authorized");
  });

  it("decides two simultaneous notes with one natural key one at a time: one 100, one 539", async () => {
    const nNF = next();
    const a = finalize(templateNfce({ dhEmi: NOW_LOCAL, nNF, cNF: "10203040" }));
    const b = finalize(templateNfce({ dhEmi: NOW_LOCAL, nNF, cNF: "50607080" }));
    const results = await Promise.all([h.client.authorize(a), h.newClient().authorize(b)]);
    const codes = results
      .map((r) => (r.outcome === "authorized" || r.outcome === "rejected" ? r.cStat : r.outcome))
      .sort();
    expect(codes).toEqual(["100", "539"]);
  });

  it("checks the contingency fields: 556, 557, 558, 569 ([MOC-A1] B28)", async () => {
    const withCont = templateNfce({ dhEmi: NOW_LOCAL, nNF: next() });
    const online = withCont.xml.replace(
      "<verProc>sefaz-test</verProc>",
      `<verProc>sefaz-test</verProc><dhCont>${NOW_LOCAL}</dhCont><xJust>SEFAZ INDISPONIVEL AGORA MESMO</xJust>`,
    );
    expect(await h.client.authorize(finalize({ ...withCont, xml: online }))).toMatchObject({ cStat: "556" });
    const off = templateNfce({ dhEmi: NOW_LOCAL, nNF: next(), tpEmis: 9 });
    const noCont = off.xml.replace(/<dhCont>.*<\/xJust>/, "");
    expect(await h.client.authorize(finalize({ ...off, xml: noCont }))).toMatchObject({ cStat: "557" });
    const future = templateNfce({
      dhEmi: NOW_LOCAL,
      nNF: next(),
      tpEmis: 9,
      dhCont: "2026-11-22T07:10:00-03:00",
    });
    expect(await h.client.authorize(finalize(future))).toMatchObject({ cStat: "558" });
    const old = templateNfce({
      dhEmi: NOW_LOCAL,
      nNF: next(),
      tpEmis: 9,
      dhCont: "2026-10-01T07:00:00-03:00",
    });
    expect(await h.client.authorize(finalize(old))).toMatchObject({ cStat: "569" });
  });

  it("checks dhEmi: 703 in the future, 704 online and older than 5 minutes, 150 offline after 24 h (B09-40)", async () => {
    const future = templateNfce({ dhEmi: "2026-11-22T07:06:00-03:00", nNF: next() });
    expect(await h.client.authorize(finalize(future))).toMatchObject({ cStat: "703" });
    const late = templateNfce({ dhEmi: "2026-11-22T06:54:00-03:00", nNF: next() });
    expect(await h.client.authorize(finalize(late))).toMatchObject({ cStat: "704" });
    const oldOffline = templateNfce({ dhEmi: "2026-11-21T06:00:00-03:00", nNF: next(), tpEmis: 9 });
    expect(await h.client.authorize(finalize(oldOffline))).toMatchObject({
      outcome: "authorized",
      cStat: "150",
    });
  });

  it("checks the key: 253 bad check digit, 659 AAMM ([MOC-A1] B23)", async () => {
    const note = templateNfce({ dhEmi: NOW_LOCAL, nNF: next() });
    const wrongDv = String((Number(note.chave.slice(43)) + 1) % 10);
    const badKey = note.chave.slice(0, 43) + wrongDv;
    const xml = note.xml
      .replace(`NFe${note.chave}`, `NFe${badKey}`)
      .replace(/<cDV>\d<\/cDV>/, `<cDV>${wrongDv}</cDV>`);
    expect(await h.client.authorize(finalize({ ...note, xml, chave: badKey }))).toMatchObject({
      cStat: "253",
    });
    const octNote = templateNfce({ dhEmi: "2026-10-22T07:00:00-03:00", nNF: next() });
    const moved = octNote.xml.replace(
      "<dhEmi>2026-10-22T07:00:00-03:00</dhEmi>",
      `<dhEmi>${NOW_LOCAL}</dhEmi>`,
    );
    expect(
      await h.client.authorize(finalize({ ...octNote, xml: moved, dhEmi: NOW_LOCAL, dayOfMonth: "22" })),
    ).toMatchObject({ cStat: "659" });
  });

  it("checks the QR code: 462 unknown CSC id, 464 wrong token, 444 v2 by a CPF emitter", async () => {
    const a = templateNfce({ dhEmi: NOW_LOCAL, nNF: next() });
    expect(await h.client.authorize(finalize(a, { csc: { id: "7", token: CSC.token } }))).toMatchObject({
      cStat: "462",
    });
    const b = templateNfce({ dhEmi: NOW_LOCAL, nNF: next(), tpEmis: 9 });
    expect(
      await h.client.authorize(finalize(b, { csc: { id: "1", token: "ABCDEF0123456789ABCDEF0123456789" } })),
    ).toMatchObject({ cStat: "464" });
    const cpfNote = templateNfce({
      dhEmi: NOW_LOCAL,
      nNF: next(),
      emitter: { type: "CPF", value: "90483926086" },
    });
    const cpfClient = h.newClient({ which: "cpf" });
    expect(await cpfClient.authorize(finalize(cpfNote, { id: identity("cpf") }))).toMatchObject({
      cStat: "444",
    });
    expect(await cpfClient.authorize(finalize(cpfNote, { id: identity("cpf"), version: 3 }))).toMatchObject({
      outcome: "authorized",
    });
  });

  it("checks the QR v3: online with a signature fails the XSD pattern (225), 225 offline without, 583 wrong one (NT 2025.001)", async () => {
    const online = templateNfce({ dhEmi: NOW_LOCAL, nNF: next() });
    const signedOnline = finalize(online, { version: 3 });
    const withSig = signedOnline.replace(/(\?p=[0-9]{44}\|3\|2)</, "$1|QUFBQQ==<");
    // The PL_009/PL_010 qrCode pattern already refuses it, so the schema answers before rule 445.
    expect(await h.client.authorize(withSig)).toMatchObject({ cStat: "225" });
    const off = templateNfce({ dhEmi: NOW_LOCAL, nNF: next(), tpEmis: 9 });
    const signedOff = finalize(off, { version: 3 });
    // Without the signature the qrCode pattern fails too (225); judge-qr.test.ts checks 474/445 themselves.
    expect(
      await h.client.authorize(signedOff.replace(/\|[A-Za-z0-9+/=]+<\/qrCode>/, "|</qrCode>")),
    ).toMatchObject({ cStat: "225" });
    const otherSig = finalize(templateNfce({ dhEmi: NOW_LOCAL, nNF: next(), tpEmis: 9 }), { version: 3 });
    const foreign = /\|([A-Za-z0-9+/=]+)<\/qrCode>/.exec(otherSig)![1]!;
    expect(
      await h.client.authorize(signedOff.replace(/\|[A-Za-z0-9+/=]+<\/qrCode>/, `|${foreign}</qrCode>`)),
    ).toMatchObject({ cStat: "583" });
  });

  it("checks the certificate holder: 213 when the signer's CNPJ base differs from the emitter's", async () => {
    const note = templateNfce({
      dhEmi: NOW_LOCAL,
      nNF: next(),
      emitter: { type: "CNPJ", value: "99999090910270" },
    });
    expect(await h.client.authorize(finalize(note))).toMatchObject({
      outcome: "rejected",
      cStat: "213",
      action: "give-up",
    });
  });

  it("rejects a lote that is not schema-valid with 225, and an inutilized number with 206", async () => {
    const note = templateNfce({ dhEmi: NOW_LOCAL, nNF: next() });
    const broken = finalize(note).replace("<natOp>VENDA</natOp>", "");
    expect(await h.client.authorize(broken)).toMatchObject({
      outcome: "rejected",
      cStat: "225",
      action: "fix",
    });
    const nNF = next();
    expect(
      await h.client.inutilize({
        series: 1,
        nNFIni: nNF,
        nNFFin: nNF,
        year: 2026,
        xJust: "Numero pulado por falha do sistema",
      }),
    ).toMatchObject({ outcome: "done" });
    expect(await h.client.authorize(finalize(templateNfce({ dhEmi: NOW_LOCAL, nNF })))).toMatchObject({
      cStat: "206",
    });
  });
});

describe.skipIf(!HAS_SHARED)("simulator: transmitter certificate", () => {
  it("answers 281 once the TLS client certificate has expired ([MOC-A1] 281)", async () => {
    // The CNPJ test certificate is valid until 2034-06-05; the simulator's clock is past that.
    const h = await startHarness({ start: "2034-07-01T10:00:30Z" });
    try {
      expect(await h.client.status()).toMatchObject({ outcome: "answered", cStat: "281" });
      const note = templateNfce({ dhEmi: "2034-07-01T07:00:00-03:00", nNF: 1 });
      expect(await h.client.authorize(finalize(note))).toMatchObject({
        outcome: "rejected",
        cStat: "281",
        action: "give-up",
      });
    } finally {
      await h.close();
    }
  });

  it("reports a key pair OpenSSL will not use (the MD5-signed expired test A1) as unreachable, not an exception", async () => {
    const expired = identity("expired");
    const t = createHttpsTransport({
      privateKeyPem: expired.privateKeyPem,
      certificatePem: expired.certificatePem,
    });
    const r = await t.send({ url: "https://127.0.0.1:1/ws", action: "x", envelope: "<x/>", timeoutMs: 1000 });
    expect(r).toMatchObject({ kind: "unreachable", reason: expect.stringMatching(/too weak|md/i) });
  });

  it("turns a malformed URL into an unreachable outcome, not an exception", async () => {
    const id = identity();
    const t = createHttpsTransport({ privateKeyPem: id.privateKeyPem, certificatePem: id.certificatePem });
    expect(await t.send({ url: "not a url", action: "x", envelope: "<x/>", timeoutMs: 1000 })).toMatchObject({
      kind: "unreachable",
    });
  });
});
