// The sale screen: scan or type codes, quantities, weighed items, remove, pay (in parts too), finalize.
import { api } from "./api.js";
import { lastStatus } from "./banner.js";
import {
  addItem,
  buildSale,
  cartTotal,
  changeDue,
  lineTotal,
  PAYMENT_NAMES,
  partAllowed,
  remainingDue,
  removeItem,
} from "./cart.js";
import { ask } from "./dialog.js";
import { isValidCpf, money, parseNumber, quantity } from "./format.js";

const $ = (id) => document.getElementById(id);
let items = [];
let payment = null;
/** Payments already taken for part of the total (split payment), in order. */
let parts = [];
let busy = false;
let showReceipt = () => {};
let hideReceipt = () => {};

function message(text, kind = "bad") {
  const el = $("sale-msg");
  el.textContent = text;
  el.className = `msg ${kind}`;
}

function render() {
  const body = $("items-body");
  body.replaceChildren(
    ...items.map((item, index) => {
      const tr = document.createElement("tr");
      const cells = [
        item.product.description,
        quantity(item.quantity, item.product.unit) + " " + item.product.unit,
        money(item.product.price),
        money(lineTotal(item)),
      ];
      cells.forEach((text, i) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (i > 0) td.className = "num";
        tr.append(td);
      });
      const td = document.createElement("td");
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn small danger";
      remove.textContent = "Remover";
      remove.dataset.testid = `remove-${index}`;
      remove.onclick = () => {
        items = removeItem(items, index);
        message(`Item removido: ${item.product.description}`, "good");
        render();
      };
      td.append(remove);
      tr.append(td);
      return tr;
    }),
  );
  const total = cartTotal(items);
  const remaining = remainingDue(total, parts);
  $("total-label").textContent = parts.length > 0 ? "Falta" : "Total";
  $("total").textContent = money(parts.length > 0 ? Math.max(remaining, 0) : total);
  renderParts(total);
  renderPayment(remaining);
}

function renderParts(total) {
  const line = $("parts");
  line.hidden = parts.length === 0;
  line.replaceChildren(
    `Total ${money(total)} · pago: `,
    ...parts.map((part, index) => {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.textContent = `${PAYMENT_NAMES[part.type]} ${money(part.amount)} ✕`;
      chip.title = "Remover esta parte do pagamento";
      chip.dataset.testid = `part-${index}`;
      chip.onclick = () => {
        parts = parts.filter((_, i) => i !== index);
        message(`Parte removida: ${PAYMENT_NAMES[part.type]} ${money(part.amount)}.`, "good");
        render();
      };
      return chip;
    }),
  );
}

/** total: what the selected payment must cover (the whole sale, or what the parts left). */
function renderPayment(total) {
  for (const b of document.querySelectorAll("[data-pay]"))
    b.classList.toggle("selected", b.dataset.pay === payment?.type);
  const detail = $("pay-detail");
  detail.hidden = payment === null;
  let ready = items.length > 0 && payment !== null && !busy && total > 0;
  if (parts.length > 0 && total <= 0) message("As partes já pagas cobrem o total: remova uma parte.");
  if (payment) {
    const cash = payment.type === "01";
    $("cash-row").hidden = !cash;
    $("pay-hint").textContent = cash
      ? "Digite o valor recebido."
      : payment.type === "17" || payment.type === "20"
        ? "Mostre o QR do PIX ao cliente e confirme o recebimento."
        : `Passe o cartão na maquininha (${PAYMENT_NAMES[payment.type]}). Finalize quando aprovado.`;
    if (cash) {
      payment.received = parseNumber($("cash-received").value);
      const change = changeDue(total, payment.received);
      $("change").textContent = change === null ? "Valor insuficiente" : `Troco: ${money(change)}`;
      ready = ready && change !== null;
    } else $("change").textContent = "";
  }
  $("finalize").disabled = !ready;
}

/** Codes are added one at a time, in the order they were read. */
let adding = Promise.resolve();

/**
 * Takes the quantity typed for THIS code at once (and puts the field back to 1), so that a second
 * scan arriving while the first is looked up neither reuses that quantity nor jumps the queue.
 */
function queueCode(code) {
  const qtyText = $("qty").value.trim();
  $("qty").value = "1";
  adding = adding.then(() => addCode(code, qtyText)).catch((error) => message(error.message));
}

async function addCode(code, qtyText) {
  const text = code.trim();
  if (text === "") return;
  const typedQty = parseNumber(qtyText);
  if (typedQty === null || typedQty <= 0 || typedQty > 9999) {
    message("Quantidade inválida.");
    return;
  }
  let found;
  try {
    found = await api("GET", `/api/catalog?code=${encodeURIComponent(text)}`);
  } catch (error) {
    message(error.message);
    return;
  }
  let qty = found.quantity ?? typedQty;
  if (found.product.weighed && found.quantity === undefined && typedQty === 1 && qtyText === "1") {
    const answer = await ask({
      title: `Peso de ${found.product.description}`,
      text: `Preço por kg: ${money(found.product.price)}. Informe o peso em kg (ex.: 0,350).`,
      inputmode: "decimal",
      validate: (v) => (parseNumber(v) > 0 && parseNumber(v) < 100 ? null : "Peso inválido."),
    });
    if (answer === null) return;
    qty = parseNumber(answer);
  }
  if (!found.product.weighed && !Number.isInteger(qty)) {
    message("Este produto é vendido por unidade: use quantidade inteira.");
    return;
  }
  if (items.length === 0) hideReceipt();
  items = addItem(items, found.product, Math.round(qty * 10000) / 10000);
  message(`${found.product.description} adicionado.`, "good");
  render();
}

async function finalize() {
  const cpfText = $("cpf").value.replace(/\D/g, "");
  if (cpfText !== "" && !isValidCpf(cpfText)) {
    message("CPF inválido: confira os números ou deixe em branco.");
    return;
  }
  busy = true;
  render();
  message("Emitindo a nota…", "good");
  try {
    const result = await api("POST", "/api/sales", buildSale(items, payment, cpfText || null, parts));
    const due = remainingDue(cartTotal(items), parts);
    const change = payment.type === "01" ? changeDue(due, payment.received) : 0;
    const drill = Boolean(lastStatus()?.drill);
    const how = result.tpEmis === 9 ? "em contingência (será enviada à SEFAZ depois)" : "autorizada";
    let text = drill
      ? `TREINO: venda simulada nº ${result.nNF}, sem valor fiscal.`
      : `Nota nº ${result.nNF} ${how}.`;
    if (change) text += ` Troco: ${money(change)}.`;
    const unprinted = result.printed === false && !drill;
    if (unprinted) text += ` ATENÇÃO: cupom não impresso (${result.printError || "impressora"}).`;
    clearSale();
    message(text, unprinted ? "bad" : "good");
    showReceipt(result.chave);
  } catch (error) {
    // The sale stays on screen: nothing is lost, the cashier can retry.
    message(`Venda não concluída: ${error.message}`);
  } finally {
    busy = false;
    render();
  }
}

/** Takes the selected method for part of what is due; the last payment then closes the sale. */
async function payPart() {
  if (payment === null) {
    message("Escolha a forma de pagamento desta parte.");
    return;
  }
  const type = payment.type;
  const remaining = remainingDue(cartTotal(items), parts);
  const name = PAYMENT_NAMES[type];
  const answer = await ask({
    title: `Pagar uma parte em ${name}`,
    text: `Falta ${money(remaining)}. Quanto o cliente paga em ${name}? O restante vai em outra forma.`,
    inputmode: "decimal",
    validate: (v) =>
      partAllowed(parseNumber(v), remaining) ? null : `Valor entre R$ 0,01 e menos que ${money(remaining)}.`,
  });
  if (answer === null) return;
  const amount = parseNumber(answer);
  parts = [...parts, { type, amount }];
  payment = null;
  $("cash-received").value = "";
  message(`Parte paga: ${name} ${money(amount)}. Escolha a forma do restante.`, "good");
  render();
}

function clearSale() {
  items = [];
  parts = [];
  payment = null;
  $("cash-received").value = "";
  $("cpf").value = "";
  render();
}

export function onScan(event) {
  if ($("view-sale").hidden) return;
  if (event.code) queueCode(event.code);
  else if (event.rejected) message(`Leitura inválida do scanner: ${event.rejected}`);
}

export function initSale(options) {
  showReceipt = options.showReceipt;
  hideReceipt = options.hideReceipt ?? hideReceipt;
  $("code-form").onsubmit = (event) => {
    event.preventDefault();
    const code = $("code").value;
    $("code").value = "";
    queueCode(code);
    $("code").focus();
  };
  for (const b of document.querySelectorAll("[data-pay]")) {
    b.onclick = () => {
      payment = { type: b.dataset.pay, received: null };
      render();
      if (payment.type === "01") $("cash-received").focus();
    };
  }
  $("cash-received").oninput = () => render();
  $("finalize").onclick = () => finalize();
  $("pay-part").onclick = () => payPart();
  $("clear-sale").onclick = async () => {
    if (items.length > 0) {
      const sure = await ask({
        title: "Cancelar esta venda?",
        text: "Os itens serão apagados da tela.",
        input: false,
      });
      if (sure === null) return;
    }
    clearSale();
    message("Venda descartada.", "good");
  };
  render();
}
