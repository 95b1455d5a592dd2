// Events 110111 (cancelamento) and 110112 (cancelamento por substituicao, NT 2018.004 rules
// 912-920): signature, Id, holder, dates, the note's state, deadlines and duplicates.
import { DOMParser, type Element } from "@xmldom/xmldom";
import { accessKeyCheckDigit } from "../fiscal/access-key.js";
import { verifyXmlSignature } from "../fiscal/verify-signature.js";
import { documentOfCertificate, sameHolder } from "./client-document.js";
import type { Verdict } from "./judge-qr.js";
import type { SimNote, SimStore } from "./sim-state.js";

const MIN = 60_000;
const reject = (cStat: string, xMotivo: string) => ({ cStat, xMotivo: `Rejeicao: ${xMotivo}` });

export interface EventFacts {
  id: string;
  cOrgao: string;
  tpAmb: string;
  author: string;
  chNFe: string;
  dhEvento: string;
  tpEvento: string;
  nSeqEvento: number;
  nProt: string;
  xJust: string;
  chNFeRef: string;
  cOrgaoAutor: string;
  certificateBase64: string;
}

function text(parent: Element | undefined, name: string): string {
  return parent?.getElementsByTagName(name)[0]?.textContent?.trim() ?? "";
}

export function readEventFacts(eventoXml: string): EventFacts | undefined {
  const doc = new DOMParser({ onError: () => {} }).parseFromString(eventoXml, "text/xml");
  const inf = doc.getElementsByTagName("infEvento")[0];
  if (!inf) return undefined;
  return {
    id: inf.getAttribute("Id") ?? "",
    cOrgao: text(inf, "cOrgao"),
    tpAmb: text(inf, "tpAmb"),
    author: text(inf, "CNPJ") || text(inf, "CPF"),
    chNFe: text(inf, "chNFe"),
    dhEvento: text(inf, "dhEvento"),
    tpEvento: text(inf, "tpEvento"),
    nSeqEvento: Number(text(inf, "nSeqEvento")),
    nProt: text(inf, "nProt"),
    xJust: text(inf, "xJust"),
    chNFeRef: text(inf, "chNFeRef"),
    cOrgaoAutor: text(inf, "cOrgaoAutor"),
    certificateBase64: doc.getElementsByTagName("X509Certificate")[0]?.textContent?.trim() ?? "",
  };
}

export type EventJudgement =
  | { accepted: true; cStat: "135" | "155"; xMotivo: string }
  | { accepted: false; cStat: string; xMotivo: string };

export function judgeEvent(
  signedEvento: string,
  e: EventFacts,
  ctx: { now: Date; store: SimStore; clientDocument: string | undefined },
): EventJudgement {
  const sig = verifyXmlSignature(signedEvento, "infEvento");
  if (!sig.valid) {
    return sig.reason?.startsWith("298")
      ? { accepted: false, ...reject("298", "Assinatura difere do padrao do Sistema") }
      : { accepted: false, ...reject("297", "Assinatura difere do calculado") };
  }
  if (e.tpEvento !== "110111" && e.tpEvento !== "110112")
    return { accepted: false, ...reject("491", "O tpEvento informado invalido") };
  const nSeq = String(e.nSeqEvento).padStart(2, "0");
  if (e.id !== `ID${e.tpEvento}${e.chNFe}${nSeq}`)
    return {
      accepted: false,
      ...reject("572", "Erro Atributo ID do evento nao corresponde a concatenacao dos campos"),
    };
  if (
    !/^[0-9A-Z]{44}$/.test(e.chNFe) ||
    String(accessKeyCheckDigit(e.chNFe.slice(0, 43))) !== e.chNFe.slice(43)
  ) {
    return { accepted: false, ...reject("236", "Chave de Acesso com digito verificador invalido") };
  }
  if (
    !sameHolder(documentOfCertificate(e.certificateBase64), e.author) ||
    (ctx.clientDocument !== undefined && !sameHolder(ctx.clientDocument, e.author))
  ) {
    return {
      accepted: false,
      ...reject("213", "CNPJ-Base do Autor difere do CNPJ-Base do Certificado Digital"),
    };
  }
  // NT 2018.004 P15-10 and P20-10.
  if (e.nSeqEvento !== 1)
    return {
      accepted: false,
      ...reject("594", "Numero de sequencia do evento informado e maior do que o permitido"),
    };
  if (e.tpEvento === "110112" && e.cOrgaoAutor !== e.chNFe.slice(0, 2)) {
    return { accepted: false, ...reject("455", "Orgao Autor do evento difere da UF da Chave de Acesso") };
  }
  const note = ctx.store.state.notes[e.chNFe];
  if (!note) return { accepted: false, ...reject("494", "Chave de Acesso inexistente") };
  if (note.facts.emitter !== e.author)
    return { accepted: false, ...reject("574", "O autor do evento diverge do emissor da NF-e") };
  const now = ctx.now.getTime();
  const dhEvento = Date.parse(e.dhEvento);
  if (Number.isNaN(dhEvento) || dhEvento > now + 5 * MIN)
    return {
      accepted: false,
      ...reject("578", "A data do evento nao pode ser maior que a data do processamento"),
    };
  if (dhEvento < Date.parse(note.facts.dhEmi))
    return {
      accepted: false,
      ...reject("577", "A data do evento nao pode ser menor que a data de emissao da NF-e"),
    };
  if (
    note.events.some((ev) => ev.tpEvento === e.tpEvento && ev.nSeqEvento === e.nSeqEvento) ||
    note.cancelled
  ) {
    return { accepted: false, ...reject("573", "Duplicidade de Evento") };
  }
  if (note.cStat !== "100" && note.cStat !== "150")
    return { accepted: false, ...reject("580", "A NF-e referenciada no evento nao esta autorizada") };
  if (e.nProt !== note.nProt)
    return { accepted: false, ...reject("222", "Protocolo de Autorizacao de Uso difere do cadastrado") };
  const sinceAuthorization = now - note.authorizedAt;
  if (e.tpEvento === "110111") {
    // Ajuste SINIEF 19/16 cl. 15: 30 minutes for NFC-e (2P12-14).
    if (sinceAuthorization > 30 * MIN)
      return {
        accepted: false,
        ...reject("501", "Prazo de cancelamento superior ao previsto na Legislacao"),
      };
    return { accepted: true, cStat: "135", xMotivo: "Evento registrado e vinculado a NF-e" };
  }
  const v = judgeSubstitution(note, e, ctx.store);
  if (v) return { accepted: false, ...v };
  if (sinceAuthorization > 168 * 60 * MIN)
    return { accepted: false, ...reject("501", "Prazo de cancelamento superior ao previsto na Legislacao") };
  return { accepted: true, cStat: "135", xMotivo: "Evento registrado e vinculado a NF-e" };
}

/** NT 2018.004 §2.1: the substitute must be an authorized offline note with the same sale. */
function judgeSubstitution(original: SimNote, e: EventFacts, store: SimStore): Verdict {
  const sub = store.state.notes[e.chNFeRef];
  if (original.facts.tpEmis !== "1" || e.chNFeRef.charAt(34) !== "9") {
    return reject("920", "Tipo de emissao das notas nao permite cancelamento por substituicao");
  }
  if (!sub) return reject("912", "NFC-e substituta nao autorizada");
  if (sub.cancelled) return reject("913", "NFC-e substituta cancelada");
  const diff = Date.parse(sub.facts.dhEmi) - Date.parse(original.facts.dhEmi);
  // 5P31-20: the substitute may be issued at most 2 hours after the original.
  if (diff > 120 * MIN) return reject("914", "Data de emissao da substituta superior a 2 horas da original");
  if (sub.facts.vNF !== original.facts.vNF)
    return reject("915", "Valor total da NFC-e substituta difere da original");
  if (sub.facts.vICMS !== original.facts.vICMS)
    return reject("916", "Valor do ICMS da NFC-e substituta difere da original");
  const a = original.facts.dest;
  if (a && (sub.facts.dest?.type !== a.type || sub.facts.dest.value !== a.value)) {
    return reject("917", "Destinatario da NFC-e substituta difere da original");
  }
  if (sub.facts.items.length !== original.facts.items.length)
    return reject("918", "Quantidade de itens da NFC-e substituta difere da original");
  const same = original.facts.items.every(
    (item, i) => JSON.stringify(item) === JSON.stringify(sub.facts.items[i]),
  );
  return same ? undefined : reject("919", "Itens da NFC-e substituta diferem da original");
}
