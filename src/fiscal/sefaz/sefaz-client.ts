// The SEFAZ NFC-e 4.00 client: builds each request, sends it through the transport under the
// governor, and turns every answer (or silence) into a result. It never throws for SEFAZ or the
// network, and never resends on its own: an unknown outcome is for the caller to query first.
import { createHash } from "node:crypto";
import { type Clock, systemClock } from "../../clock.js";
import type { ResolvedEndpoints } from "./endpoints.js";
import { type Exchange, governedExchange } from "./governed-exchange.js";
import type { GovernedRequest, RequestGovernor } from "./governor.js";
import { buildNfeProc, buildProcEventoNFe, buildProcInutNFe } from "./nfe-proc.js";
import { checkChave, checkJustification, checkNProt, checkRange } from "./request-checks.js";
import {
  consSitNFeXml,
  consStatServXml,
  type EventDetail,
  envEventoXml,
  enviNFeXml,
  eventoXml,
  inutNFeXml,
  type TpAmb,
} from "./requests.js";
import { readAnswer, readProcEventos, readProtNFe, readRetEvento, rejectActionOf } from "./responses.js";
import type {
  AuthorizationResult,
  ConsultResult,
  EventResult,
  InutilizationResult,
  StatusResult,
} from "./results.js";
import type { ServiceName } from "./services.js";
import type { SoapTransport } from "./soap-transport.js";
import { elementRaw, textOf } from "./xml-text.js";

export type SignTarget = "infEvento" | "infInut";

export interface SefazClientOptions {
  transport: SoapTransport;
  endpoints: ResolvedEndpoints;
  tpAmb: TpAmb;
  emitter: { cnpj?: string; cpf?: string };
  /** Signs the element with this Id-carrying name (wired to signXml with the A1 identity). */
  sign: (xml: string, target: SignTarget) => string;
  governor?: RequestGovernor;
  clock?: Clock;
  timeoutMs?: number;
  verAplic?: string;
}

export interface InutilizationRequest {
  series: number;
  nNFIni: number;
  nNFFin: number;
  /** Four-digit or two-digit year of the numbers. */
  year: number;
  xJust: string;
}

export interface CancelRequest {
  chave: string;
  nProt: string;
  xJust: string;
  /** In the UF's local offset, e.g. "2026-11-22T10:15:00-03:00". */
  dhEvento: string;
}

export interface SubstitutionCancelRequest extends CancelRequest {
  chNFeRef: string;
}

export class SefazClient {
  private readonly clock: Clock;
  private loteCounter = 0;

  constructor(private readonly options: SefazClientOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get authorizer(): string {
    return this.options.endpoints.authorizer;
  }

  async status(): Promise<StatusResult> {
    const { tpAmb, endpoints } = this.options;
    const ex = await this.exchange("NFeStatusServico4", consStatServXml(tpAmb, endpoints.cUF), {
      kind: "status",
    });
    if (!ex.ok) return ex.notSent;
    const answer = readAnswer(ex.message);
    if (!answer) return { outcome: "unknown", reason: "status answer without cStat" };
    const tMed = textOf(ex.message, "tMed");
    const dhRecbto = textOf(ex.message, "dhRecbto");
    return {
      outcome: "answered",
      ...answer,
      inOperation: answer.cStat === "107",
      ...(dhRecbto === undefined ? {} : { dhRecbto }),
      ...(tMed === undefined ? {} : { tMed: Number(tMed) }),
    };
  }

  /** Sends one signed NFC-e (one per lote, synchronous) and attaches the protocol. */
  async authorize(signedNfe: string): Promise<AuthorizationResult> {
    const chave = /Id="NFe([0-9A-Z]{44})"/.exec(signedNfe)?.[1];
    if (chave === undefined) {
      return {
        outcome: "rejected",
        cStat: "502",
        xMotivo: "no infNFe Id in the document (not sent)",
        action: "fix",
      };
    }
    const fingerprint = createHash("sha1").update(signedNfe).digest("hex");
    const req: GovernedRequest = { kind: "authorize", chave, fingerprint };
    const ex = await this.exchange("NFeAutorizacao4", enviNFeXml(this.nextLote(), signedNfe), req);
    if (!ex.ok) return ex.notSent;
    const answer = readAnswer(ex.message);
    if (!answer) return { outcome: "unknown", reason: "answer without cStat" };
    if (answer.cStat === "103" || answer.cStat === "105") {
      return {
        outcome: "unknown",
        reason: `lote received but not processed synchronously (${answer.cStat})`,
      };
    }
    if (answer.cStat !== "104")
      return { outcome: "rejected", ...answer, action: rejectActionOf(answer.cStat) };
    const prot = readProtNFe(ex.message);
    if (!prot) return { outcome: "unknown", reason: "lote processed (104) without protNFe" };
    if (prot.chNFe !== chave)
      return { outcome: "unknown", reason: `protNFe is for another key (${prot.chNFe})` };
    if (prot.cStat !== "100" && prot.cStat !== "150") {
      return {
        outcome: "rejected",
        cStat: prot.cStat,
        xMotivo: prot.xMotivo,
        action: rejectActionOf(prot.cStat),
      };
    }
    return {
      outcome: "authorized",
      cStat: prot.cStat,
      xMotivo: prot.xMotivo,
      nProt: prot.nProt,
      dhRecbto: prot.dhRecbto,
      protNFeXml: prot.raw,
      nfeProcXml: buildNfeProc(signedNfe, prot.raw),
    };
  }

  async consult(chave: string): Promise<ConsultResult> {
    const ex = await this.exchange("NFeConsultaProtocolo4", consSitNFeXml(this.options.tpAmb, chave), {
      kind: "consult",
      chave,
    });
    if (!ex.ok) return ex.notSent;
    const answer = readAnswer(ex.message);
    if (!answer) return { outcome: "unknown", reason: "consultation answer without cStat" };
    const prot = readProtNFe(ex.message);
    if (answer.cStat === "217") return { outcome: "not-found", ...answer };
    if ((answer.cStat === "100" || answer.cStat === "150") && prot) {
      return {
        outcome: "authorized",
        ...answer,
        nProt: prot.nProt,
        dhRecbto: prot.dhRecbto,
        protNFeXml: prot.raw,
      };
    }
    if (answer.cStat === "101" || answer.cStat === "151" || answer.cStat === "155") {
      return {
        outcome: "cancelled",
        ...answer,
        ...(prot ? { nProt: prot.nProt, protNFeXml: prot.raw } : {}),
        eventsXml: readProcEventos(ex.message),
      };
    }
    return { outcome: "rejected", ...answer, action: rejectActionOf(answer.cStat) };
  }

  /** Throws KIOSK_ERR_INPUT_INVALID for a malformed request (nothing is sent). */
  async inutilize(r: InutilizationRequest): Promise<InutilizationResult> {
    checkRange(r);
    checkJustification(r.xJust);
    const cnpj = this.options.emitter.cnpj;
    if (cnpj === undefined) {
      return {
        outcome: "rejected",
        cStat: "215",
        xMotivo: "inutNFe 4.00 has no CPF field (not sent)",
        action: "give-up",
      };
    }
    const fields = {
      tpAmb: this.options.tpAmb,
      cUF: this.options.endpoints.cUF,
      ano: String(r.year % 100).padStart(2, "0"),
      cnpj,
      serie: r.series,
      nNFIni: r.nNFIni,
      nNFFin: r.nNFFin,
      xJust: r.xJust,
    };
    const signed = this.options.sign(inutNFeXml(fields), "infInut");
    const range = `${r.series}:${r.nNFIni}-${r.nNFFin}:${fields.ano}`;
    const ex = await this.exchange("NFeInutilizacao4", signed, { kind: "inutilize", range });
    if (!ex.ok) return ex.notSent;
    const answer = readAnswer(ex.message);
    if (!answer) return { outcome: "unknown", reason: "inutilização answer without cStat" };
    if (answer.cStat !== "102")
      return { outcome: "rejected", ...answer, action: rejectActionOf(answer.cStat) };
    const ret = elementRaw(ex.message, "retInutNFe") ?? ex.message;
    return {
      outcome: "done",
      ...answer,
      nProt: textOf(ret, "nProt") ?? "",
      dhRecbto: textOf(ret, "dhRecbto") ?? "",
      procInutNFeXml: buildProcInutNFe(signed, ret),
    };
  }

  cancel(r: CancelRequest): Promise<EventResult> {
    return this.sendEvent(r, { tpEvento: "110111", nProt: r.nProt, xJust: r.xJust });
  }

  cancelBySubstitution(r: SubstitutionCancelRequest): Promise<EventResult> {
    return this.sendEvent(r, {
      tpEvento: "110112",
      nProt: r.nProt,
      xJust: r.xJust,
      chNFeRef: r.chNFeRef,
      cOrgaoAutor: this.options.endpoints.cUF,
      verAplic: this.options.verAplic ?? "nfce-kiosk",
    });
  }

  /** Throws KIOSK_ERR_INPUT_INVALID for a malformed request (nothing is sent). */
  private async sendEvent(r: CancelRequest, detail: EventDetail): Promise<EventResult> {
    checkChave(r.chave);
    checkNProt(r.nProt);
    checkJustification(r.xJust);
    if (detail.tpEvento === "110112") checkChave(detail.chNFeRef, "chNFeRef");
    const { cnpj, cpf } = this.options.emitter;
    const author = cnpj !== undefined ? { cnpj } : { cpf: cpf ?? "" };
    const unsigned = eventoXml(
      {
        cOrgao: r.chave.slice(0, 2),
        tpAmb: this.options.tpAmb,
        author,
        chNFe: r.chave,
        dhEvento: r.dhEvento,
      },
      detail,
    );
    const signed = this.options.sign(unsigned, "infEvento");
    const ex = await this.exchange("NFeRecepcaoEvento4", envEventoXml(this.nextLote(), signed), {
      kind: "event",
      chave: r.chave,
      tpEvento: detail.tpEvento,
    });
    if (!ex.ok) return ex.notSent;
    const lote = readAnswer(ex.message);
    if (!lote) return { outcome: "unknown", reason: "event answer without cStat" };
    if (lote.cStat !== "128") return { outcome: "rejected", ...lote, action: rejectActionOf(lote.cStat) };
    const ret = readRetEvento(ex.message);
    if (!ret) return { outcome: "unknown", reason: "event lote processed (128) without retEvento" };
    if (!["135", "136", "155"].includes(ret.cStat)) {
      return {
        outcome: "rejected",
        cStat: ret.cStat,
        xMotivo: ret.xMotivo,
        action: rejectActionOf(ret.cStat),
      };
    }
    return {
      outcome: "registered",
      cStat: ret.cStat,
      xMotivo: ret.xMotivo,
      nProt: ret.nProt,
      dhRegEvento: ret.dhRegEvento,
      eventoXml: signed,
      retEventoXml: ret.raw,
      procEventoXml: buildProcEventoNFe(signed, ret.raw),
    };
  }

  private exchange(service: ServiceName, message: string, req: GovernedRequest): Promise<Exchange> {
    return governedExchange(this.options, service, message, req);
  }

  /** idLote: milliseconds plus a counter, unique per client and at most 15 digits. */
  private nextLote(): string {
    this.loteCounter = (this.loteCounter + 1) % 100;
    return `${this.clock.now().getTime()}${String(this.loteCounter).padStart(2, "0")}`.slice(-15);
  }
}
