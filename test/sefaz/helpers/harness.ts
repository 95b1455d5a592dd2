// One simulator plus a client that talks to it over real TLS on loopback, with the test A1.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../../src/clock.js";
import { loadPkcs12, type SigningIdentity } from "../../../src/fiscal/certificate.js";
import { finalizeNfce } from "../../../src/fiscal/finalize-nfce.js";
import { resolveEndpoints } from "../../../src/fiscal/sefaz/endpoints.js";
import { MemoryGovernorStore, RequestGovernor } from "../../../src/fiscal/sefaz/governor.js";
import { createHttpsTransport } from "../../../src/fiscal/sefaz/https-transport.js";
import { SefazClient } from "../../../src/fiscal/sefaz/sefaz-client.js";
import type { SoapTransport } from "../../../src/fiscal/sefaz/soap-transport.js";
import { signXml } from "../../../src/fiscal/sign-xml.js";
import { type SefazSimulator, startSefazSimulator } from "../../../src/sefaz-sim/index.js";
import { CERTS, SHARED_DIR } from "../../helpers/shared.js";
import { TEST_CSC as CSC } from "../../helpers/test-config.js";

export { CSC };

const identities = new Map<string, SigningIdentity>();

/** The test A1, decoded once per process (PKCS#12 decoding in JS is slow). */
export function identity(which: "cnpj" | "cpf" | "expired" = "cnpj"): SigningIdentity {
  let id = identities.get(which);
  if (!id) {
    id = loadPkcs12(readFileSync(CERTS[which].path), CERTS[which].password);
    identities.set(which, id);
  }
  return id;
}

export interface Harness {
  sim: SefazSimulator;
  clock: ManualClock;
  dir: string;
  id: SigningIdentity;
  client: SefazClient;
  transport: SoapTransport;
  governor: RequestGovernor;
  newClient(options?: { timeoutMs?: number; which?: "cnpj" | "cpf" }): SefazClient;
  close(): Promise<void>;
}

export async function startHarness(
  options: { start?: string; dir?: string; limits?: Record<string, number> } = {},
): Promise<Harness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "sefaz-sim-"));
  const clock = new ManualClock(options.start ?? "2026-11-22T10:00:00Z");
  const sim = await startSefazSimulator({
    dataDir: dir,
    cscs: { [CSC.id]: CSC.token },
    sharedDir: SHARED_DIR,
    clock,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const id = identity();
  const governor = new RequestGovernor({ clock, store: new MemoryGovernorStore() });
  const newClient = (o: { timeoutMs?: number; which?: "cnpj" | "cpf" } = {}) => {
    const who = o.which === "cpf" ? identity("cpf") : id;
    const transport = createHttpsTransport({
      privateKeyPem: who.privateKeyPem,
      certificatePem: who.certificatePem,
      extraCaPem: sim.caPem,
    });
    return new SefazClient({
      transport,
      endpoints: resolveEndpoints("SP", "homologacao", sim.urls),
      tpAmb: "2",
      emitter: o.which === "cpf" ? { cpf: who.cpf! } : { cnpj: who.cnpj! },
      sign: (xml, target) => signXml(xml, target, who),
      governor,
      clock,
      timeoutMs: o.timeoutMs ?? 30_000,
    });
  };
  const transport = createHttpsTransport({
    privateKeyPem: id.privateKeyPem,
    certificatePem: id.certificatePem,
    extraCaPem: sim.caPem,
  });
  return {
    sim,
    clock,
    dir,
    id,
    transport,
    governor,
    client: newClient(),
    newClient,
    close: async () => {
      await sim.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs a template note the way the emission service does (finalizeNfce: signature, then QR). */
export function finalize(
  note: import("./nfce-template.js").TemplateNote,
  options: { version?: 2 | 3; csc?: { id: string; token: string }; id?: SigningIdentity } = {},
): string {
  return finalizeNfce(note.xml, {
    identity: options.id ?? identity(),
    qrCodeVersion: options.version ?? 2,
    csc: options.csc ?? CSC,
    uf: "SP",
    tpAmb: 2,
    chave: note.chave,
    tpEmis: note.tpEmis,
    dayOfMonth: note.dayOfMonth,
    vNF: note.vNF,
    ...(note.dest ? { dest: note.dest } : {}),
  }).xml;
}

/** Polls until the simulator has decided about this key (its log names it), for timing-free tests. */
export async function waitForDecision(h: Harness, chave: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!h.sim.log().some((e) => e.chave === chave)) {
    if (Date.now() > until) throw new Error(`the simulator never decided about ${chave}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
