// The composition of a SefazClient from the configuration: endpoints of the emitter's UF and
// environment (sefaz.urls overriding), the A1 as TLS client certificate plus sefaz.caFile, signing
// with signXml, and a governor whose state lives wherever the caller keeps state (the journal).
import { readFileSync } from "node:fs";
import type { Clock } from "../../clock.js";
import type { ResolvedConfig } from "../../config/schema.js";
import { KioskError } from "../../errors.js";
import type { SigningIdentity } from "../certificate.js";
import { signXml } from "../sign-xml.js";
import { resolveEndpoints } from "./endpoints.js";
import { type GovernorState, type GovernorStore, RequestGovernor } from "./governor.js";
import { createHttpsTransport } from "./https-transport.js";
import { SefazClient } from "./sefaz-client.js";
import type { SoapTransport } from "./soap-transport.js";

/** Any key-value state keeper, e.g. the journal's getState/setState. */
export interface StateKeeper {
  getState<T>(key: string): T | undefined;
  setState(key: string, value: unknown): void;
}

export const GOVERNOR_STATE_KEY = "sefaz.governor";

export function governorStoreOn(keeper: StateKeeper): GovernorStore {
  return {
    load: () => keeper.getState<GovernorState>(GOVERNOR_STATE_KEY),
    save: (state) => keeper.setState(GOVERNOR_STATE_KEY, state),
  };
}

export interface SefazClientDeps {
  clock: Clock;
  governorStore?: GovernorStore;
  /** Replaces the https transport (tests, recording). */
  transport?: SoapTransport;
}

export function createSefazClient(
  config: ResolvedConfig,
  identity: SigningIdentity,
  deps: SefazClientDeps,
): SefazClient {
  const { cnpj, cpf } = config.emitter;
  const endpoints = resolveEndpoints(config.emitter.address.uf, config.environment, config.sefaz.urls ?? {});
  let extraCaPem: string | undefined;
  if (config.sefaz.caFile !== undefined) {
    try {
      extraCaPem = readFileSync(config.sefaz.caFile, "utf8");
    } catch (error) {
      throw new KioskError("KIOSK_ERR_CONFIG_UNREADABLE", `cannot read sefaz.caFile ${config.sefaz.caFile}`, {
        field: "sefaz.caFile",
        cause: error,
      });
    }
    if (!extraCaPem.includes("-----BEGIN CERTIFICATE-----")) {
      throw new KioskError(
        "KIOSK_ERR_CONFIG_INVALID",
        `sefaz.caFile ${config.sefaz.caFile} holds no PEM certificate`,
        {
          field: "sefaz.caFile",
        },
      );
    }
  }
  const transport =
    deps.transport ??
    createHttpsTransport({
      privateKeyPem: identity.privateKeyPem,
      certificatePem: identity.certificatePem,
      ...(extraCaPem === undefined ? {} : { extraCaPem }),
    });
  return new SefazClient({
    transport,
    endpoints,
    tpAmb: config.environment === "producao" ? "1" : "2",
    emitter: cnpj !== undefined ? { cnpj } : { cpf: cpf ?? "" },
    sign: (xml, target) => signXml(xml, target, identity),
    governor: new RequestGovernor({
      clock: deps.clock,
      ...(deps.governorStore ? { store: deps.governorStore } : {}),
    }),
    clock: deps.clock,
    timeoutMs: config.sefaz.timeoutMs,
    verAplic: "nfce-kiosk",
  });
}
