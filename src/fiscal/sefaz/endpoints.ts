// Which SEFAZ answers for a UF and environment, as data (nfce-reference.md §5). A config's
// sefaz.urls overrides single services, e.g. to point the kiosk at the simulator.
import endpointsData from "./data/endpoints.json" with { type: "json" };

export const SERVICE_KEYS = [
  "autorizacao",
  "retAutorizacao",
  "status",
  "consulta",
  "inutilizacao",
  "evento",
] as const;
export type ServiceKey = (typeof SERVICE_KEYS)[number];
export type ServiceUrls = Record<ServiceKey, string>;
export type Environment = "homologacao" | "producao";

interface EndpointsData {
  ufs: Record<string, string>;
  authorizerByUf: Record<string, string>;
  authorizers: Record<string, Record<Environment, ServiceUrls>>;
}
const DATA = endpointsData as EndpointsData;

export interface ResolvedEndpoints {
  /** Authorizer name (SVRS, SP, MG ...): the 656 budgets are kept per authorizer. */
  authorizer: string;
  /** IBGE code of the UF (cUF). */
  cUF: string;
  urls: ServiceUrls;
}

/** IBGE code of a UF ("SP" -> "35"); undefined for an unknown UF. */
export function ufCode(uf: string): string | undefined {
  return DATA.ufs[uf];
}

/** The UF of an IBGE code ("35" -> "SP"). */
export function ufFromCode(cUF: string): string | undefined {
  return Object.entries(DATA.ufs).find(([, code]) => code === cUF)?.[0];
}

export function resolveEndpoints(
  uf: string,
  environment: Environment,
  overrides: Partial<Record<ServiceKey, string | undefined>> = {},
): ResolvedEndpoints {
  const cUF = ufCode(uf);
  const authorizer = DATA.authorizerByUf[uf];
  const builtIn = authorizer === undefined ? undefined : DATA.authorizers[authorizer]?.[environment];
  if (cUF === undefined || authorizer === undefined || builtIn === undefined) {
    throw new Error(`no NFC-e authorizer known for UF ${uf}`);
  }
  const urls = { ...builtIn };
  for (const key of SERVICE_KEYS) {
    const url = overrides[key];
    if (url !== undefined) urls[key] = url;
  }
  return { authorizer, cUF, urls };
}

/** Every authorizer and environment, for shape tests. */
export function allAuthorizers(): Record<string, Record<Environment, ServiceUrls>> {
  return DATA.authorizers;
}
