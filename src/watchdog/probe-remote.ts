// The probes that leave the box: DNS of the authorizer, a TLS handshake with the client
// certificate (SEFAZ uses mutual TLS), and the status service (cStat 107). No ICMP (platform-notes §8).
import { lookup } from "node:dns/promises";
import { connect } from "node:tls";
import type { LinkCause } from "./link-state.js";

export type ProbeOutcome =
  | { ok: true; latencyMs: number; detail: string }
  | { ok: false; cause: LinkCause; detail: string; immediate?: boolean };

type Now = () => number;

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface DnsProbeOptions {
  host: string;
  /** e.g. (h) => dns.promises.lookup(h, {all: true}).then(a => a.map(x => x.address)) */
  resolve: (host: string) => Promise<readonly string[]>;
  timeoutMs?: number;
  now?: Now;
}

/** The real resolver: the system's (getaddrinfo, /etc/hosts and nsswitch included), every address. */
export const systemResolve = async (host: string): Promise<string[]> =>
  (await lookup(host, { all: true })).map((a) => a.address);

export async function probeDns(options: DnsProbeOptions): Promise<ProbeOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  try {
    const answer = await withTimeout(options.resolve(options.host), options.timeoutMs ?? 2_000);
    if (answer === "timeout")
      return { ok: false, cause: "internet", detail: `DNS de ${options.host}: sem resposta` };
    if (answer.length === 0)
      return { ok: false, cause: "internet", detail: `DNS de ${options.host}: sem endereço` };
    return { ok: true, latencyMs: now() - started, detail: `DNS de ${options.host}: ${answer[0]}` };
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    return { ok: false, cause: "internet", detail: `DNS de ${options.host}: ${code}` };
  }
}

export interface TlsProbeOptions {
  host: string;
  port?: number;
  /** Name checked against the server certificate; defaults to host. */
  servername?: string;
  /** Client certificate: PEM key + cert, or a PFX with its passphrase. */
  key?: string | Buffer;
  cert?: string | Buffer;
  pfx?: Buffer;
  passphrase?: string;
  /** Extra trusted CAs (sefaz.caFile). Without it, Node's root store. */
  ca?: string | Buffer | Array<string | Buffer>;
  timeoutMs?: number;
  /** How long to wait after the handshake for a refusal of the client certificate (TLS 1.3). */
  graceMs?: number;
  now?: Now;
}

// Errors that say the network path is broken, rather than the server refusing us.
const PATH_ERRORS = new Set(["ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND"]);

/**
 * Opens a TLS session with the client certificate and closes it. With TLS 1.3 the client's
 * certificate travels after the client sees the handshake done, so a server that refuses it answers
 * with an alert a moment later: the probe waits graceMs (or the server's close) before calling it ok.
 */
export function probeTls(options: TlsProbeOptions): Promise<ProbeOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const port = options.port ?? 443;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const where = `TLS ${options.host}:${port}`;
  return new Promise((resolve) => {
    let settled = false;
    let latencyMs = -1;
    let grace: NodeJS.Timeout | undefined;
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      socket.destroy();
      resolve(outcome);
    };
    const succeed = () => finish({ ok: true, latencyMs, detail: `${where}: ok` });
    const socket = connect({
      host: options.host,
      port,
      servername: options.servername ?? (/^[0-9.]+$|:/.test(options.host) ? undefined : options.host),
      key: options.key,
      cert: options.cert,
      pfx: options.pfx,
      passphrase: options.passphrase,
      ca: options.ca,
      rejectUnauthorized: true,
    });
    const timer = setTimeout(() => {
      if (latencyMs >= 0) succeed();
      else finish({ ok: false, cause: "internet", detail: `${where}: sem resposta em ${timeoutMs} ms` });
    }, timeoutMs);
    socket.once("secureConnect", () => {
      latencyMs = now() - started;
      socket.end();
      grace = setTimeout(succeed, options.graceMs ?? 500);
    });
    socket.once("close", () => {
      if (latencyMs >= 0) succeed();
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      finish({
        ok: false,
        cause: PATH_ERRORS.has(code) ? "internet" : "sefaz-down",
        detail: `${where}: ${code}`,
      });
    });
  });
}

export interface StatusProbeOptions {
  /** The SEFAZ status service (consStatServ); the SEFAZ client provides it. */
  status: () => Promise<{ cStat: string | number; xMotivo?: string }>;
  /** Slower than this counts as a failure with cause sefaz-slow. */
  slowMs?: number;
  timeoutMs?: number;
  now?: Now;
}

export async function probeStatusService(options: StatusProbeOptions): Promise<ProbeOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  let answer: { cStat: string | number; xMotivo?: string } | "timeout";
  try {
    answer = await withTimeout(options.status(), options.timeoutMs ?? 15_000);
  } catch (error) {
    return { ok: false, cause: "sefaz-down", detail: `status SEFAZ: ${(error as Error).message}` };
  }
  const latencyMs = now() - started;
  if (answer === "timeout") return { ok: false, cause: "sefaz-slow", detail: "status SEFAZ: sem resposta" };
  const cStat = String(answer.cStat);
  const motivo = answer.xMotivo ? ` ${answer.xMotivo}` : "";
  // [MOC-A1] 108/109: service paused; nfce-reference §6 "T; go offline".
  if (cStat === "108" || cStat === "109") {
    return { ok: false, cause: "sefaz-paused", immediate: true, detail: `status SEFAZ: ${cStat}${motivo}` };
  }
  if (cStat !== "107") return { ok: false, cause: "sefaz-down", detail: `status SEFAZ: ${cStat}${motivo}` };
  if (latencyMs > (options.slowMs ?? 5_000)) {
    return { ok: false, cause: "sefaz-slow", detail: `status SEFAZ: 107 em ${latencyMs} ms` };
  }
  return { ok: true, latencyMs, detail: `status SEFAZ: 107 em ${latencyMs} ms` };
}
