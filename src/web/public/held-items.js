// The panel's "Corrigir itens": a note SEFAZ rejected for its content (NCM, CFOP, CSOSN) is corrected
// and resent with the same key. Only what the receipt does not print can change; the server refuses
// the rest, rebuilds the note, checks it like a new one, and queues it. Supervisor only.
import { api } from "./api.js";

const $ = (id) => document.getElementById(id);

function input(value, testid, maxLength) {
  const field = document.createElement("input");
  field.value = value;
  field.inputMode = "numeric";
  field.maxLength = maxLength;
  field.dataset.testid = testid;
  return field;
}

/** One row per item: description as sold, NCM, CFOP and (Simples Nacional) CSOSN as inputs. */
function itemRow(item) {
  const tr = document.createElement("tr");
  const name = document.createElement("td");
  name.textContent = `${item.index + 1}. ${item.description}`;
  const fields = {
    ncm: input(item.ncm, `edit-ncm-${item.index}`, 8),
    cfop: input(item.cfop, `edit-cfop-${item.index}`, 4),
    csosn: item.tax.csosn === undefined ? null : input(item.tax.csosn, `edit-csosn-${item.index}`, 3),
  };
  const cells = [fields.ncm, fields.cfop, fields.csosn ?? document.createTextNode("—")].map((el) => {
    const td = document.createElement("td");
    td.append(el);
    return td;
  });
  tr.append(name, ...cells);
  return { tr, item, fields };
}

/** The changed fields only, in the shape of POST /api/held/correct. */
function correctionsOf(rows) {
  const corrections = [];
  for (const { item, fields } of rows) {
    const c = { index: item.index };
    const ncm = fields.ncm.value.trim();
    const cfop = fields.cfop.value.trim();
    if (ncm !== item.ncm) c.ncm = ncm;
    if (cfop !== item.cfop) c.cfop = cfop;
    const csosn = fields.csosn?.value.trim();
    if (csosn !== undefined && csosn !== item.tax.csosn) c.tax = { ...item.tax, csosn };
    if (Object.keys(c).length > 1) corrections.push(c);
  }
  return corrections;
}

const FIELD_NAMES = { ncm: "NCM", cfop: "CFOP", cest: "CEST", tax: "CSOSN" };

/** "Item 1: NCM inválido." when the server names the item's field (items[0].ncm, items[0].tax.csosn). */
function problemText(error) {
  const field = /^items\[(\d+)\]\.(\w+)/.exec(error.field ?? "");
  if (!field) return error.message;
  return `Item ${Number(field[1]) + 1}: ${FIELD_NAMES[field[2]] ?? field[2]} inválido. Confira o valor.`;
}

export async function correctItems(note, message, refresh) {
  let items;
  let reason = "";
  try {
    items = await api("GET", `/api/held/${note.chave}/items`);
    reason = (await api("GET", "/api/held")).find((h) => h.chave === note.chave)?.reason ?? "";
  } catch (error) {
    message(error.message);
    return;
  }
  const rows = items.map(itemRow);
  $("items-title").textContent = `Corrigir itens da nota nº ${note.nNF}`;
  $("items-reason").textContent = reason;
  $("items-edit-body").replaceChildren(...rows.map((r) => r.tr));
  $("items-error").textContent = "";
  const dialog = $("items-dialog");
  const sent = await new Promise((resolve) => {
    $("items-form").onsubmit = async (event) => {
      event.preventDefault();
      if (event.submitter?.value !== "ok") {
        dialog.close();
        resolve(false);
        return;
      }
      $("items-error").textContent = "";
      const corrections = correctionsOf(rows);
      if (corrections.length === 0) {
        $("items-error").textContent = "Nada foi alterado.";
        return;
      }
      try {
        await api("POST", "/api/held/correct", { chave: note.chave, items: corrections });
      } catch (error) {
        $("items-error").textContent = problemText(error); // stays open: fix the value and confirm again
        return;
      }
      dialog.close();
      resolve(true);
    };
    dialog.showModal();
    rows[0]?.fields.ncm.focus();
  });
  if (!sent) return;
  try {
    const r = await api("POST", "/api/sync");
    message(
      `Nota nº ${note.nNF} corrigida e reenviada: ${r.authorized} autorizada(s), ${r.rejected} rejeitada(s), ${r.pending} pendente(s).`,
      r.rejected > 0 ? "bad" : "good",
    );
  } catch (error) {
    message(`Nota nº ${note.nNF} corrigida; o envio falhou: ${error.message}`);
  } finally {
    refresh();
  }
}
