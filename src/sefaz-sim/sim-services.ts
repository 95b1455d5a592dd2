// The six services of the simulated authorizer: message in, message out. State changes go
// through the SimStore (saved before the answer leaves, as a real authorizer commits first).
import { createHash } from "node:crypto";
import type { Clock } from "../clock.js";
import { formatLocalDateTime } from "../fiscal/datetime.js";
import { ufFromCode } from "../fiscal/sefaz/endpoints.js";
import type { GovernedRequest, RequestGovernor } from "../fiscal/sefaz/governor.js";
import { elementRaw, textOf } from "../fiscal/sefaz/xml-text.js";
import { judgeEvent, readEventFacts } from "./judge-event.js";
import { judgeInutilization, readInutFacts } from "./judge-inut.js";
import { judgeNote } from "./judge-nfe.js";
import { countNotes, readNoteFacts } from "./nfe-facts.js";
import * as ret from "./sim-responses.js";
import type { SchemaCheck } from "./sim-schema.js";
import { SimStore } from "./sim-state.js";

export type SimServiceName =
  | "autorizacao"
  | "retAutorizacao"
  | "status"
  | "consulta"
  | "inutilizacao"
  | "evento";

export interface SimContext {
  store: SimStore;
  clock: Clock;
  cscs: ReadonlyMap<string, string>;
  schema: SchemaCheck;
  /** SEFAZ's own consumption limits, per client certificate holder. */
  limiter: RequestGovernor;
  fault: () => { paused: boolean; forcedCStat?: string };
  note: (entry: Record<string, unknown>) => void;
}

export interface CallInfo {
  clientDocument: string | undefined;
  /** Validity of the TLS client certificate (ms since the epoch). */
  clientValidity?: { from: number; to: number };
}

const LOTE_LEVEL = new Set(["108", "109", "214", "225", "126", "452", "656", "999"]);

function head(ctx: SimContext, cUF: string, tpAmb: string): ret.Head {
  const uf = ufFromCode(cUF) ?? "SP";
  return {
    tpAmb: tpAmb === "1" ? "1" : "2",
    cUF: ufFromCode(cUF) ? cUF : "35",
    dhRecbto: formatLocalDateTime(ctx.clock.now(), uf),
  };
}

function limited(ctx: SimContext, call: CallInfo, req: GovernedRequest): boolean {
  const holder = call.clientDocument ?? "anonymous";
  const verdict = ctx.limiter.check(holder, req);
  if (verdict.allowed) return false;
  ctx.note({ cStat: "656", reason: verdict.reason });
  // Past a limit SEFAZ blocks the holder for a full hour from this answer (and again if it insists).
  ctx.limiter.record(holder, req, "656");
  return true;
}

function learn(ctx: SimContext, call: CallInfo, req: GovernedRequest, cStat: string): void {
  ctx.limiter.record(call.clientDocument ?? "anonymous", req, cStat);
}

const PAUSED = "Servico Paralisado Momentaneamente (curto prazo)";
const BLOCKED = "Rejeicao: Consumo Indevido (bloqueio de uma hora)";

export async function serve(
  service: SimServiceName,
  message: string,
  ctx: SimContext,
  call: CallInfo,
): Promise<string> {
  const cUF =
    textOf(message, "cUF") ?? textOf(message, "cOrgao") ?? textOf(message, "chNFe")?.slice(0, 2) ?? "35";
  const tpAmb = textOf(message, "tpAmb") ?? "2";
  const h = head(ctx, cUF, tpAmb);
  const now = ctx.clock.now().getTime();
  const validity = call.clientValidity;
  // [MOC-A1] 281: the transmitter's certificate is checked before the message is even read.
  if (validity && !(now >= validity.from && now <= validity.to)) {
    return refuseAll(service, message, h, "281", "Rejeicao: Certificado Transmissor Data Validade");
  }
  const paused = ctx.fault().paused;
  switch (service) {
    case "status": {
      if (paused) return ret.retConsStatServ(h, "108", PAUSED);
      const bad = await ctx.schema(message, "consStatServ");
      if (bad) return ret.retConsStatServ(h, "225", `Rejeicao: Falha no Schema XML (${bad})`);
      if (limited(ctx, call, { kind: "status" })) return ret.retConsStatServ(h, "656", BLOCKED);
      learn(ctx, call, { kind: "status" }, "107");
      return ret.retConsStatServ(h, "107", "Servico em Operacao");
    }
    case "consulta":
      return consult(message, ctx, call, h, paused);
    case "autorizacao":
      return authorize(message, ctx, call, h, paused);
    case "inutilizacao":
      return inutilize(message, ctx, call, h, paused);
    case "evento":
      return event(message, ctx, call, h, paused);
    case "retAutorizacao":
      // Every lote is answered synchronously (indSinc=1), so there is never a receipt to look up.
      return `<retConsReciNFe xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00"><tpAmb>${h.tpAmb}</tpAmb><verAplic>${ret.SIM_VER_APLIC}</verAplic><nRec>${"0".repeat(15)}</nRec><cStat>106</cStat><xMotivo>Lote nao localizado</xMotivo><cUF>${h.cUF}</cUF><dhRecbto>${h.dhRecbto}</dhRecbto></retConsReciNFe>`;
  }
}

async function consult(
  message: string,
  ctx: SimContext,
  call: CallInfo,
  h: ret.Head,
  paused: boolean,
): Promise<string> {
  const chave = textOf(message, "chNFe") ?? "";
  if (paused) return ret.retConsSitNFe(h, "108", PAUSED, chave);
  const bad = await ctx.schema(message, "consSitNFe");
  if (bad) return ret.retConsSitNFe(h, "225", `Rejeicao: Falha no Schema XML (${bad})`, chave);
  const req: GovernedRequest = { kind: "consult", chave };
  if (limited(ctx, call, req)) return ret.retConsSitNFe(h, "656", BLOCKED, chave);
  const note = ctx.store.state.notes[chave];
  let answer: string;
  if (!note)
    answer = ret.retConsSitNFe(h, "217", "Rejeicao: NF-e nao consta na base de dados da SEFAZ", chave);
  else if (note.cancelled) {
    answer = ret.retConsSitNFe(
      h,
      "101",
      "Cancelamento de NF-e homologado",
      chave,
      note.protNFeXml,
      note.events.map((e) => e.procEventoXml),
    );
  } else {
    answer = ret.retConsSitNFe(
      h,
      note.cStat,
      note.cStat === "150"
        ? "Autorizado o uso da NF-e, autorizacao fora de prazo"
        : "Autorizado o uso da NF-e",
      chave,
      note.protNFeXml,
      note.events.map((e) => e.procEventoXml),
    );
  }
  learn(ctx, call, req, textOf(answer, "cStat")!);
  return answer;
}

async function authorize(
  message: string,
  ctx: SimContext,
  call: CallInfo,
  h: ret.Head,
  paused: boolean,
): Promise<string> {
  if (paused) return ret.retEnviNFe(h, "108", PAUSED);
  const bad = await ctx.schema(message, "enviNFe");
  if (bad) {
    ctx.note({ service: "autorizacao", cStat: "225", reason: bad });
    return ret.retEnviNFe(h, "225", "Rejeicao: Falha no Schema XML do lote de NFe");
  }
  if (countNotes(message) > 1) return ret.retEnviNFe(h, "126", "Rejeicao: Lote com mais de uma NFC-e");
  if (textOf(message, "indSinc") !== "1")
    return ret.retEnviNFe(h, "452", "Rejeicao: Solicitada resposta assincrona para Lote com somente 1 NFC-e");
  const signedNfe = elementRaw(message, "NFe") ?? "";
  const facts = readNoteFacts(message);
  if (!facts) return ret.retEnviNFe(h, "225", "Rejeicao: Falha no Schema XML do lote de NFe");
  const req: GovernedRequest = {
    kind: "authorize",
    chave: facts.chave,
    fingerprint: createHash("sha1").update(signedNfe).digest("hex"),
  };
  if (limited(ctx, call, req)) return ret.retEnviNFe(h, "656", BLOCKED);
  const forced = ctx.fault().forcedCStat;
  const prot = (cStat: string, xMotivo: string, extra: { nProt?: string; digVal?: string } = {}) =>
    ret.protNFe({ tpAmb: h.tpAmb, chNFe: facts.chave, dhRecbto: h.dhRecbto, cStat, xMotivo, ...extra });
  if (forced !== undefined) {
    learn(ctx, call, req, forced);
    ctx.note({
      service: "autorizacao",
      chave: facts.chave,
      cStat: forced,
      reason: "forced by the reject fault",
    });
    if (LOTE_LEVEL.has(forced)) return ret.retEnviNFe(h, forced, "Rejeicao: forcada pelo simulador");
    return ret.retEnviNFe(h, "104", "Lote processado", prot(forced, "Rejeicao: forcada pelo simulador"));
  }
  const j = judgeNote(signedNfe, facts, {
    now: ctx.clock.now(),
    clientDocument: call.clientDocument,
    cscs: ctx.cscs,
    store: ctx.store,
  });
  learn(ctx, call, req, j.cStat);
  ctx.note({ service: "autorizacao", chave: facts.chave, cStat: j.cStat, reason: j.xMotivo });
  if (!j.accepted) return ret.retEnviNFe(h, "104", "Lote processado", prot(j.cStat, j.xMotivo));
  const nProt = ctx.store.nextProt(h.cUF, ctx.clock.now());
  const protXml = prot(j.cStat, j.xMotivo, { nProt, digVal: facts.digestValue });
  ctx.store.state.notes[facts.chave] = {
    chave: facts.chave,
    natKey: SimStore.naturalKey(facts),
    cStat: j.cStat,
    nProt,
    dhRecbto: h.dhRecbto,
    authorizedAt: ctx.clock.now().getTime(),
    protNFeXml: protXml,
    facts,
    events: [],
    cancelled: false,
  };
  ctx.store.state.naturalKeys[SimStore.naturalKey(facts)] = facts.chave;
  ctx.store.save();
  return ret.retEnviNFe(h, "104", "Lote processado", protXml);
}

async function inutilize(
  message: string,
  ctx: SimContext,
  call: CallInfo,
  h: ret.Head,
  paused: boolean,
): Promise<string> {
  if (paused) return ret.retInutNFe(h, "108", PAUSED);
  const bad = await ctx.schema(message, "inutNFe");
  const f = readInutFacts(message);
  if (bad || !f) return ret.retInutNFe(h, "225", `Rejeicao: Falha no Schema XML (${bad ?? "infInut"})`);
  const req: GovernedRequest = { kind: "inutilize", range: f.id };
  if (limited(ctx, call, req)) return ret.retInutNFe(h, "656", BLOCKED);
  const j = judgeInutilization(message, f, { store: ctx.store, clientDocument: call.clientDocument });
  learn(ctx, call, req, j.cStat);
  ctx.note({ service: "inutilizacao", id: f.id, cStat: j.cStat, reason: j.xMotivo });
  const range = { ano: f.ano, cnpj: f.cnpj, serie: f.serie, nNFIni: f.nNFIni, nNFFin: f.nNFFin };
  if (!j.accepted) return ret.retInutNFe(h, j.cStat, j.xMotivo, range);
  const nProt = ctx.store.nextProt(h.cUF, ctx.clock.now());
  ctx.store.state.inutilized.push({
    emitter: f.cnpj,
    serie: f.serie,
    ano: f.ano,
    nNFIni: f.nNFIni,
    nNFFin: f.nNFFin,
    nProt,
  });
  ctx.store.save();
  return ret.retInutNFe(h, j.cStat, j.xMotivo, { ...range, nProt });
}

async function event(
  message: string,
  ctx: SimContext,
  call: CallInfo,
  h: ret.Head,
  paused: boolean,
): Promise<string> {
  const idLote = textOf(message, "idLote") ?? "0";
  const cOrgao = textOf(message, "cOrgao") ?? h.cUF;
  const lote = (cStat: string, xMotivo: string, events: string[] = []) =>
    ret.retEnvEvento({ tpAmb: h.tpAmb, cOrgao, idLote }, cStat, xMotivo, events);
  if (paused) return lote("108", PAUSED);
  const evento = elementRaw(message, "evento") ?? "";
  const e = readEventFacts(evento);
  const kind = e?.tpEvento === "110112" ? "envEventoCancSubst" : "envEventoCancNFe";
  const bad = await ctx.schema(message, kind);
  if (bad || !e) return lote("225", `Rejeicao: Falha no Schema XML (${bad ?? "evento"})`);
  const req: GovernedRequest = { kind: "event", chave: e.chNFe, tpEvento: e.tpEvento };
  if (limited(ctx, call, req)) return lote("656", BLOCKED);
  const now = ctx.clock.now();
  const j = judgeEvent(evento, e, { now, store: ctx.store, clientDocument: call.clientDocument });
  learn(ctx, call, req, j.cStat);
  ctx.note({ service: "evento", chave: e.chNFe, tpEvento: e.tpEvento, cStat: j.cStat, reason: j.xMotivo });
  const base = {
    tpAmb: h.tpAmb,
    cOrgao,
    chNFe: e.chNFe,
    tpEvento: e.tpEvento,
    nSeqEvento: e.nSeqEvento,
    dhRegEvento: h.dhRecbto,
  };
  if (!j.accepted)
    return lote("128", "Lote de Evento Processado", [
      ret.retEvento({ ...base, cStat: j.cStat, xMotivo: j.xMotivo }),
    ]);
  const nProt = ctx.store.nextProt(h.cUF, now);
  const retEventoXml = ret.retEvento({ ...base, cStat: j.cStat, xMotivo: j.xMotivo, nProt });
  const note = ctx.store.state.notes[e.chNFe]!;
  note.events.push({
    tpEvento: e.tpEvento,
    nSeqEvento: e.nSeqEvento,
    nProt,
    dhRegEvento: h.dhRecbto,
    procEventoXml: `<procEventoNFe xmlns="http://www.portalfiscal.inf.br/nfe" versao="1.00">${evento}${retEventoXml}</procEventoNFe>`,
  });
  note.cancelled = true;
  ctx.store.save();
  return lote("128", "Lote de Evento Processado", [retEventoXml]);
}

/** The same lote-level refusal in the answer shape of each service. */
function refuseAll(
  service: SimServiceName,
  message: string,
  h: ret.Head,
  cStat: string,
  xMotivo: string,
): string {
  switch (service) {
    case "status":
      return ret.retConsStatServ(h, cStat, xMotivo);
    case "consulta":
      return ret.retConsSitNFe(h, cStat, xMotivo, textOf(message, "chNFe") ?? "");
    case "inutilizacao":
      return ret.retInutNFe(h, cStat, xMotivo);
    case "evento":
      return ret.retEnvEvento(
        {
          tpAmb: h.tpAmb,
          cOrgao: textOf(message, "cOrgao") ?? h.cUF,
          idLote: textOf(message, "idLote") ?? "0",
        },
        cStat,
        xMotivo,
      );
    default:
      return ret.retEnviNFe(h, cStat, xMotivo);
  }
}
