// Every fault mode of the simulator (interfaces.md "Fault control"), seen by the real client over
// TLS, and what the client makes of it: results, never exceptions, and never a blind resend.
import { readFileSync } from "node:fs";
import { createServer, request } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveEndpoints } from "../../src/fiscal/sefaz/endpoints.js";
import { createHttpsTransport } from "../../src/fiscal/sefaz/https-transport.js";
import { SefazClient } from "../../src/fiscal/sefaz/sefaz-client.js";
import { HAS_SHARED } from "../helpers/shared.js";
import { finalize, type Harness, startHarness, waitForDecision } from "./helpers/harness.js";
import { templateNfce } from "./helpers/nfce-template.js";

const LOCAL = "2026-11-22T07:00:00-03:00";

function post(h: Harness, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request(
      `${h.sim.url}${path}`,
      { method: "POST", ca: h.sim.caPem, headers: { "Content-Type": "application/json" } },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    r.on("error", reject);
    r.end(body);
  });
}

function get(h: Harness, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(`${h.sim.url}${path}`, { ca: h.sim.caPem }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => {
        text += c.toString();
      });
      res.on("end", () => resolve(text));
    })
      .on("error", reject)
      .end();
  });
}

describe.skipIf(!HAS_SHARED)("fault modes over real TLS", () => {
  let h: Harness;
  let n = 700;
  const next = () => ++n;
  beforeAll(async () => {
    h = await startHarness({ start: "2026-11-22T10:00:30Z" });
  });
  afterAll(async () => h?.close());

  it("normal: status 107, in operation", async () => {
    h.sim.setFault({ mode: "normal" });
    expect(await h.client.status()).toMatchObject({ outcome: "answered", cStat: "107", inOperation: true });
  });

  it("paused: 108 for status and authorization, classified transient", async () => {
    expect((await post(h, "/_sim/faults", '{"mode":"paused"}')).status).toBe(200);
    h.clock.advance(16_000); // the governor spaces status requests
    expect(await h.client.status()).toMatchObject({ outcome: "answered", cStat: "108", inOperation: false });
    const r = await h.client.authorize(finalize(templateNfce({ dhEmi: LOCAL, nNF: next() })));
    expect(r).toMatchObject({ outcome: "rejected", cStat: "108", action: "transient" });
    h.sim.setFault({ mode: "normal" });
  });

  it("reject: the next authorizations get the forced code, at lote level (999) or note level (297)", async () => {
    await post(h, "/_sim/faults", '{"mode":"reject","cStat":999}');
    expect(await h.client.authorize(finalize(templateNfce({ dhEmi: LOCAL, nNF: next() })))).toMatchObject({
      cStat: "999",
      action: "transient",
    });
    await post(h, "/_sim/faults", '{"mode":"reject","cStat":297}');
    expect(await h.client.authorize(finalize(templateNfce({ dhEmi: LOCAL, nNF: next() })))).toMatchObject({
      cStat: "297",
      action: "fix",
    });
    await post(h, "/_sim/faults", '{"mode":"normal"}');
  });

  it("down: requests are reset (outcome unknown, never an exception) while the control path still answers", async () => {
    expect((await post(h, "/_sim/faults", '{"mode":"down"}')).status).toBe(200);
    h.clock.advance(16_000);
    expect((await h.client.status()).outcome).toBe("unknown");
    const note = templateNfce({ dhEmi: LOCAL, nNF: next() });
    expect((await h.client.authorize(finalize(note))).outcome).toBe("unknown");
    expect((await post(h, "/_sim/faults", '{"mode":"normal"}')).status).toBe(200);
    // Nothing was processed while down: the key is unknown to SEFAZ, so sending it is safe.
    expect(await h.client.consult(note.chave)).toMatchObject({ outcome: "not-found", cStat: "217" });
    expect((await h.client.authorize(finalize(note))).outcome).toBe("authorized");
  });

  it("slow: a delay under the timeout only slows; over it the outcome is unknown and a query finds the note", async () => {
    h.sim.setFault({ mode: "slow", delayMs: 150 });
    expect((await h.client.authorize(finalize(templateNfce({ dhEmi: LOCAL, nNF: next() })))).outcome).toBe(
      "authorized",
    );
    h.sim.setFault({ mode: "slow", delayMs: 2500 });
    // The timeout must dwarf a TLS handshake on a loaded machine, or the outcome is "unreachable".
    const impatient = h.newClient({ timeoutMs: 1200 });
    const note = templateNfce({ dhEmi: LOCAL, nNF: next() });
    const r = await impatient.authorize(finalize(note));
    expect(r).toMatchObject({ outcome: "unknown" });
    h.sim.setFault({ mode: "normal" });
    await waitForDecision(h, note.chave); // the slow request still finishes on the server
    expect(await h.client.consult(note.chave)).toMatchObject({ outcome: "authorized", cStat: "100" });
  });

  it("timeout-after-processing: authorized but unanswered; the query recovers the protocol, a resend would be 204", async () => {
    await post(h, "/_sim/faults", '{"mode":"timeout-after-processing"}');
    const note = templateNfce({ dhEmi: LOCAL, nNF: next() });
    const signed = finalize(note);
    expect(await h.newClient({ timeoutMs: 1200 }).authorize(signed)).toMatchObject({ outcome: "unknown" });
    await post(h, "/_sim/faults", '{"mode":"normal"}');
    await waitForDecision(h, note.chave);
    const c = await h.client.consult(note.chave);
    expect(c).toMatchObject({ outcome: "authorized", cStat: "100" });
    if (c.outcome === "authorized") expect(c.protNFeXml).toContain(`<chNFe>${note.chave}</chNFe>`);
    expect(await h.client.authorize(signed)).toMatchObject({
      outcome: "rejected",
      cStat: "204",
      action: "query-first",
    });
  });

  it("refuses a bad fault body with 400 and lists what it decided at GET /_sim/notes", async () => {
    const bad = await post(h, "/_sim/faults", '{"mode":"slow"}');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/delayMs/);
    expect((await post(h, "/_sim/faults", "not json")).status).toBe(400);
    const notes = JSON.parse(await get(h, "/_sim/notes")) as { notes: { chave: string }[]; log: unknown[] };
    expect(notes.notes.length).toBeGreaterThan(2);
    expect(notes.log.length).toBeGreaterThan(2);
  });

  it("unreachable: nothing listening means the request never left", async () => {
    const t = createHttpsTransport({
      privateKeyPem: h.id.privateKeyPem,
      certificatePem: h.id.certificatePem,
      extraCaPem: h.sim.caPem,
    });
    const client = new SefazClient({
      transport: t,
      endpoints: resolveEndpoints("SP", "homologacao", { status: "https://127.0.0.1:1/ws" }),
      tpAmb: "2",
      emitter: { cnpj: "06157250000116" },
      sign: () => {
        throw new Error("not used");
      },
    });
    expect((await client.status()).outcome).toBe("unreachable");
  });

  it("gives up on a runaway answer (over 5 MB) as an unknown outcome instead of filling memory", async () => {
    const server = createServer(
      { key: readFileSync(join(h.dir, "server-key.pem")), cert: readFileSync(join(h.dir, "server.pem")) },
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/soap+xml" });
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        for (let i = 0; i < 8; i++) res.write(chunk);
        res.end();
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const t = createHttpsTransport({
        privateKeyPem: h.id.privateKeyPem,
        certificatePem: h.id.certificatePem,
        extraCaPem: h.sim.caPem,
      });
      const r = await t.send({
        url: `https://127.0.0.1:${port}/ws`,
        action: "x",
        envelope: "<x/>",
        timeoutMs: 20_000,
      });
      expect(r).toMatchObject({ kind: "unknown", reason: expect.stringMatching(/larger than/) });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("never trusts a server outside the configured CAs (TLS verification stays on)", async () => {
    const t = createHttpsTransport({
      privateKeyPem: h.id.privateKeyPem,
      certificatePem: h.id.certificatePem,
    });
    const r = await t.send({ url: h.sim.urls.status, action: "x", envelope: "<x/>", timeoutMs: 2000 });
    expect(r.kind).toBe("unreachable");
    if (r.kind === "unreachable") expect(r.reason).toMatch(/certificate|self.signed|issuer/i);
  });
});
