// The DANFE NFC-e as lines, division by division ([MAN6] §3.1, nfce-reference §8, QR centred as in
// figure 5). Pure: the same lines feed the printer bytes and the text preview.
import {
  center,
  formatCnpj,
  formatCpf,
  formatLocalDateTime,
  formatMoney,
  formatQuantity,
  formatUnitPrice,
  groupAccessKey,
  isPositiveDecimal,
  labelValue,
  offsetOf,
  sumDecimals,
  wrap,
} from "./format.js";
import type { DanfeDocument, DanfeProtocol } from "./nfce-document.js";
import { paymentName } from "./payment-names.js";

export type DanfeLine =
  | { kind: "text"; text: string; bold?: boolean }
  | { kind: "qr"; payload: string }
  | { kind: "cut" };

export interface DanfeLayoutOptions {
  columns: number;
  protocol?: DanfeProtocol;
  copy?: "consumer" | "store";
  /** Source of the approximate taxes (e.g. "Fonte: IBPT"), appended to the Lei 12.741 line. */
  taxesApprox?: string;
}

export const CONTINGENCY_TEXT = ["EMITIDA EM CONTINGÊNCIA", "Pendente de autorização"] as const;
export const HOMOLOGATION_TEXT = "EMITIDA EM AMBIENTE DE HOMOLOGAÇÃO - SEM VALOR FISCAL";
export const HEADER_TEXT = "Documento Auxiliar da Nota Fiscal de Consumidor Eletrônica";
export const STORE_COPY_TEXT = "Via do Estabelecimento";
export const CONSUMER_COPY_TEXT = "Via do Consumidor";

/** The 11 groups on one line when they fit, else split 6 + 5 (each fits 32 columns). */
function accessKeyLines(chave: string, width: number): string[] {
  const grouped = groupAccessKey(chave);
  if (grouped.length <= width) return [grouped];
  const groups = grouped.split(" ");
  return [groups.slice(0, 6).join(" "), groups.slice(6).join(" ")];
}

export function layoutDanfe(doc: DanfeDocument, options: DanfeLayoutOptions): DanfeLine[] {
  const w = options.columns;
  const out: DanfeLine[] = [];
  const text = (t: string, bold = false) =>
    out.push(bold ? { kind: "text", text: t, bold } : { kind: "text", text: t });
  const centered = (t: string, bold = false) => {
    for (const l of wrap(t, w)) text(center(l, w), bold);
  };
  const rows = (lines: string[], bold = false) => {
    for (const l of lines) text(l, bold);
  };
  const rule = () => text("-".repeat(w));
  const protocol = options.protocol ?? doc.protocol;
  // A tpEmis 9 note reprinted after its authorization shows the protocol instead of "pendente".
  const pending = doc.tpEmis === "9" && protocol === undefined;
  const contingency = () => {
    for (const l of CONTINGENCY_TEXT) centered(l, true);
  };
  const local = offsetOf(doc.dhEmi);

  // Div. I: cabeçalho.
  const emitterDoc = doc.emitter.CNPJ
    ? `CNPJ: ${formatCnpj(doc.emitter.CNPJ)}`
    : `CPF: ${formatCpf(doc.emitter.CPF ?? "")}`;
  centered(emitterDoc);
  centered(doc.emitter.xNome, true);
  if (doc.emitter.address) centered(doc.emitter.address);
  centered(HEADER_TEXT);
  rule();
  if (pending) {
    contingency();
    rule();
  }

  // Div. II: itens (mandatory in contingency; always printed here).
  text("Código Descrição");
  text("Qtde UN x Vl.Unit".padEnd(w - "Vl.Total".length) + "Vl.Total");
  doc.items.forEach((item, i) => {
    rows(wrap(`${String(i + 1).padStart(3, "0")} ${item.cProd} ${item.xProd}`, w));
    const detail = `    ${formatQuantity(item.qCom)} ${item.uCom} x ${formatUnitPrice(item.vUnCom)}`;
    rows(labelValue(detail, formatMoney(item.vProd), w));
  });
  rule();

  // Div. III: totais.
  rows(labelValue("Qtde. total de itens", String(doc.items.length), w));
  rows(labelValue("Valor total R$", formatMoney(doc.totals.vProd), w));
  const additions = sumDecimals([doc.totals.vFrete, doc.totals.vSeg, doc.totals.vOutro]);
  const hasAdditions = isPositiveDecimal(additions);
  const hasDiscount = isPositiveDecimal(doc.totals.vDesc);
  if (hasAdditions) rows(labelValue("Acréscimos R$", formatMoney(additions), w));
  if (hasDiscount) rows(labelValue("Desconto R$", `-${formatMoney(doc.totals.vDesc)}`, w));
  if (hasAdditions || hasDiscount) rows(labelValue("Valor a Pagar R$", formatMoney(doc.totals.vNF), w), true);
  rows(labelValue("FORMA PAGAMENTO", "VALOR PAGO R$", w));
  for (const p of doc.payments) rows(labelValue(paymentName(p.tPag, p.xPag), formatMoney(p.vPag), w));
  if (doc.vTroco !== undefined) rows(labelValue("Troco R$", formatMoney(doc.vTroco), w));
  rule();

  // Div. IV: consulta pela chave.
  centered("Consulte pela Chave de Acesso em", true);
  centered(doc.urlChave);
  for (const l of accessKeyLines(doc.chave, w)) centered(l);
  rule();

  // Div. V: QR Code, centred.
  out.push({ kind: "qr", payload: doc.qrCode });

  // Div. VI: consumidor.
  const c = doc.consumer;
  if (c?.CPF) centered(`CONSUMIDOR CPF: ${formatCpf(c.CPF)}`, true);
  else if (c?.CNPJ) centered(`CONSUMIDOR CNPJ: ${formatCnpj(c.CNPJ)}`, true);
  else if (c?.idEstrangeiro) centered(`CONSUMIDOR Id. Estrangeiro: ${c.idEstrangeiro}`, true);
  else centered("CONSUMIDOR NÃO IDENTIFICADO", true);
  if (c && (c.CPF || c.CNPJ || c.idEstrangeiro)) {
    if (c.xNome) centered(c.xNome);
    if (c.address) centered(c.address);
  }

  // Div. VII: identificação e protocolo.
  centered(`NFC-e nº ${doc.nNF} Série ${doc.serie}`, true);
  const emitted = formatLocalDateTime(doc.dhEmi, local);
  const copyText =
    options.copy === "store" ? STORE_COPY_TEXT : options.copy === "consumer" ? CONSUMER_COPY_TEXT : "";
  if (copyText && emitted.length + 3 + copyText.length <= w) centered(`${emitted} - ${copyText}`);
  else {
    centered(emitted);
    if (copyText) centered(copyText, true);
  }
  if (protocol) {
    centered(`Protocolo de autorização: ${protocol.nProt}`);
    centered(`Data de autorização: ${formatLocalDateTime(protocol.dhRecbto, local)}`);
  }
  if (pending) contingency();
  rule();

  // Div. VIII: mensagem fiscal.
  const xMsg = options.protocol?.xMsg ?? doc.protocol?.xMsg;
  if (doc.tpAmb === "2" || doc.infAdFisco || xMsg) {
    if (doc.tpAmb === "2") centered(HOMOLOGATION_TEXT, true);
    if (doc.infAdFisco) rows(wrap(doc.infAdFisco, w));
    if (xMsg) rows(wrap(xMsg, w));
    rule();
  }

  // Div. IX: mensagem de interesse do contribuinte; Lei 12.741 line when vTotTrib is present.
  if (doc.infCpl) rows(wrap(doc.infCpl, w));
  if (doc.totals.vTotTrib !== undefined) {
    const source = options.taxesApprox ? ` ${options.taxesApprox}` : "";
    rows(
      wrap(
        `Tributos totais incidentes (Lei Federal 12.741/2012): R$ ${formatMoney(doc.totals.vTotTrib)}${source}`,
        w,
      ),
    );
  }
  out.push({ kind: "cut" });
  return out;
}
