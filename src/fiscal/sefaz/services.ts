// The six NFC-e 4.00 services: WSDL namespace (also the nfeDadosMsg namespace), SOAP action and
// which URL key serves each (nfce-reference.md §5).
import type { ServiceKey } from "./endpoints.js";

export interface SoapService {
  urlKey: ServiceKey;
  wsdl: string;
  action: string;
}

const WSDL = "http://www.portalfiscal.inf.br/nfe/wsdl";

export const SERVICES = {
  NFeAutorizacao4: { urlKey: "autorizacao", wsdl: `${WSDL}/NFeAutorizacao4`, action: "nfeAutorizacaoLote" },
  NFeRetAutorizacao4: {
    urlKey: "retAutorizacao",
    wsdl: `${WSDL}/NFeRetAutorizacao4`,
    action: "nfeRetAutorizacaoLote",
  },
  NFeStatusServico4: { urlKey: "status", wsdl: `${WSDL}/NFeStatusServico4`, action: "nfeStatusServicoNF" },
  NFeConsultaProtocolo4: {
    urlKey: "consulta",
    wsdl: `${WSDL}/NFeConsultaProtocolo4`,
    action: "nfeConsultaNF",
  },
  NFeInutilizacao4: { urlKey: "inutilizacao", wsdl: `${WSDL}/NFeInutilizacao4`, action: "nfeInutilizacaoNF" },
  NFeRecepcaoEvento4: { urlKey: "evento", wsdl: `${WSDL}/NFeRecepcaoEvento4`, action: "nfeRecepcaoEvento" },
} as const satisfies Record<string, SoapService>;

export type ServiceName = keyof typeof SERVICES;

export const NFE_NS = "http://www.portalfiscal.inf.br/nfe";

export function soapActionOf(service: ServiceName): string {
  const s = SERVICES[service];
  return `${s.wsdl}/${s.action}`;
}
