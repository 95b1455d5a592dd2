// The supervisor's contingency panel: notes with live state, sync, manual contingency, reprint,
// cancellation inside its window, voided numbers, catalog import.
import { api } from "./api.js";
import { lastStatus } from "./banner.js";
import { ask } from "./dialog.js";
import { dateTime } from "./format.js";
import { exportForAccountant, fixAndResend } from "./held-export.js";
import { correctItems } from "./held-items.js";
import { initUsers, refreshUsers } from "./users.js";

const $ = (id) => document.getElementById(id);
const STATES = {
  authorized: "Autorizada",
  pending: "Pendente",
  rejected: "Rejeitada",
  cancelled: "Cancelada",
  voided: "Inutilizada",
};
// A few rejection reasons worth explaining on screen; the rest shows the code.
const CSTAT = {
  204: "Duplicidade de NF-e",
  213: "CNPJ do certificado não confere",
  225: "Falha no schema XML",
  297: "Assinatura inválida",
  464: "Hash do QR Code não confere",
  539: "Duplicidade com diferença na chave",
  778: "NCM inexistente",
};
const CANCEL_WINDOW_MS = 30 * 60_000;
let filter = "";
let refreshing = false;
let currentRole = () => undefined;

function message(text, kind = "bad") {
  const el = $("panel-msg");
  el.textContent = text;
  el.className = `msg ${kind}`;
}

function button(label, testid, onclick, options = {}) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `btn small ${options.kind || ""}`;
  b.textContent = label;
  b.dataset.testid = testid;
  if (options.disabled) {
    b.disabled = true;
    b.title = options.title || "";
  }
  b.onclick = onclick;
  return b;
}

function row(note, showReceipt) {
  const tr = document.createElement("tr");
  tr.dataset.testid = `note-${note.nNF}`;
  const state = document.createElement("span");
  state.className = `state state-${note.status}`;
  state.textContent = STATES[note.status] || note.status;
  const cells = [
    String(note.nNF),
    dateTime(note.emittedAt),
    note.tpEmis === 9 ? "Contingência" : "Normal",
    state,
    note.cStat ? `${note.cStat}${CSTAT[note.cStat] ? ` — ${CSTAT[note.cStat]}` : ""}` : "—",
  ];
  cells.forEach((c, i) => {
    const td = document.createElement("td");
    if (typeof c === "string") td.textContent = c;
    else td.append(c);
    if (i === 0) td.className = "num";
    tr.append(td);
  });
  const actions = document.createElement("td");
  actions.append(button("Ver cupom", `receipt-${note.nNF}`, () => showReceipt(note.chave)));
  if (note.status !== "voided") {
    actions.append(button("Reimprimir", `reprint-${note.nNF}`, () => reprint(note)));
  }
  if (note.status === "authorized") {
    const expired = note.tpEmis === 1 && Date.now() - new Date(note.emittedAt).getTime() > CANCEL_WINDOW_MS;
    actions.append(
      button("Cancelar", `cancel-${note.nNF}`, () => cancel(note), {
        kind: "danger",
        disabled: expired,
        title: "Prazo de cancelamento (30 min após a autorização) encerrado.",
      }),
    );
  }
  if (note.status === "rejected") {
    const supervisor = currentRole() === "supervisor";
    actions.append(
      button(
        "Corrigir e reemitir",
        `fix-${note.nNF}`,
        () => fixAndResend(note, message, () => refreshNotes(showReceipt)),
        {
          disabled: !supervisor,
          title: supervisor
            ? "Depois de corrigir a causa fora da nota (certificado, CSC, configuração), reenvia a nota com a mesma chave."
            : "Só o supervisor pode liberar uma nota rejeitada.",
        },
      ),
    );
    if (note.tpEmis === 9)
      actions.append(
        button(
          "Corrigir itens",
          `items-${note.nNF}`,
          () => correctItems(note, message, () => refreshNotes(showReceipt)),
          {
            disabled: !supervisor,
            title: supervisor
              ? "Rejeição por conteúdo (NCM, CFOP, CSOSN): corrige os itens e reenvia com a mesma chave."
              : "Só o supervisor pode corrigir uma nota rejeitada.",
          },
        ),
      );
  }
  tr.append(actions);
  return tr;
}

export async function refreshNotes(showReceipt) {
  if ($("view-panel").hidden || refreshing) return;
  if (filter === "users") return refreshUsers(message);
  if (filter === "catalog") return;
  refreshing = true;
  try {
    const notes = await api("GET", filter ? `/api/notes?status=${filter}` : "/api/notes");
    notes.sort((a, b) => b.nNF - a.nNF);
    $("notes-body").replaceChildren(...notes.map((n) => row(n, showReceipt)));
    if (notes.length === 0) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = 6;
      td.textContent = filter === "voided" ? "Nenhum número inutilizado." : "Nenhuma nota.";
      tr.append(td);
      $("notes-body").append(tr);
    }
  } catch (error) {
    message(error.message);
  } finally {
    refreshing = false;
  }
}

async function reprint(note) {
  try {
    const r = await api("POST", `/api/notes/${note.chave}/reprint`);
    message(
      r.printed ? `Nota ${note.nNF} reimpressa.` : `Não impressa: ${r.reason || "impressora"}`,
      r.printed ? "good" : "bad",
    );
  } catch (error) {
    message(error.message);
  }
}

async function cancel(note) {
  const reason = await ask({
    title: `Cancelar a nota nº ${note.nNF}?`,
    text: "Só dentro de 30 minutos da autorização e se a mercadoria não saiu. Justificativa (mín. 15 letras):",
    validate: (v) =>
      v.length >= 15 && v.length <= 255 ? null : "A justificativa precisa de 15 a 255 caracteres.",
  });
  if (reason === null) return;
  try {
    const r = await api("POST", `/api/notes/${note.chave}/cancel`, { reason });
    message(`Nota ${note.nNF} cancelada (cStat ${r.cStat}).`, "good");
  } catch (error) {
    message(error.message);
  }
}

export function initPanel(options) {
  const refresh = () => refreshNotes(options.showReceipt);
  currentRole = options.role ?? currentRole;
  for (const tab of document.querySelectorAll("[data-filter]")) {
    tab.onclick = () => {
      filter = tab.dataset.filter;
      for (const t of document.querySelectorAll("[data-filter]")) t.classList.toggle("active", t === tab);
      $("catalog-box").hidden = filter !== "catalog";
      $("users-box").hidden = filter !== "users";
      document.querySelector(".notes").hidden = filter === "catalog" || filter === "users";
      refresh();
    };
  }
  initUsers(message);
  $("p-sync").onclick = async () => {
    $("p-sync").disabled = true;
    message("Enviando notas pendentes…", "good");
    try {
      const r = await api("POST", "/api/sync");
      message(
        `Envio concluído: ${r.sent} enviada(s), ${r.authorized} autorizada(s), ${r.rejected} rejeitada(s), ${r.pending} pendente(s).`,
        r.rejected > 0 ? "bad" : "good",
      );
    } catch (error) {
      message(error.message);
    } finally {
      $("p-sync").disabled = false;
      refresh();
    }
  };
  $("p-export").onclick = () => {
    if (currentRole() !== "supervisor") {
      message("Só o supervisor pode exportar para o contador.");
      return;
    }
    return exportForAccountant(message);
  };
  $("p-enter").onclick = async () => {
    const reason = await ask({
      title: "Entrar em contingência",
      text: "As notas serão emitidas off-line e enviadas depois. Motivo (mín. 15 letras):",
      validate: (v) => (v.length >= 15 ? null : "Descreva o motivo com pelo menos 15 caracteres."),
    });
    if (reason === null) return;
    try {
      await api("POST", "/api/contingency", { action: "enter", reason });
      message("Contingência manual ativada.", "good");
    } catch (error) {
      message(error.message);
    }
  };
  $("p-exit").onclick = async () => {
    const reason = await ask({
      title: "Sair da contingência",
      text: "Volta a emitir online e envia as pendentes. Motivo:",
      validate: (v) => (v.length >= 3 ? null : "Informe o motivo."),
    });
    if (reason === null) return;
    try {
      await api("POST", "/api/contingency", { action: "exit", reason });
      message("Contingência manual encerrada.", "good");
    } catch (error) {
      message(error.message);
    }
  };
  $("p-drill").onclick = async () => {
    const drilling = Boolean(lastStatus()?.drill);
    const ok = await ask({
      title: drilling ? "Encerrar o treino?" : "Começar um treino de queda?",
      text: drilling
        ? "O caixa volta a emitir notas reais."
        : "Por até 30 minutos o caixa simula uma queda: as vendas NÃO emitem nota real nem usam a numeração. Não atenda clientes reais durante o treino.",
      input: false,
    });
    if (ok === null) return;
    try {
      await api("POST", "/api/drill", { action: drilling ? "stop" : "start" });
      message(drilling ? "Treino encerrado." : "Treino iniciado: a faixa roxa indica o modo treino.", "good");
    } catch (error) {
      message(error.message);
    }
  };
  $("catalog-import").onclick = async () => {
    const file = $("catalog-file").files?.[0];
    const report = $("catalog-report");
    report.replaceChildren();
    if (!file) {
      message("Escolha o arquivo CSV.");
      return;
    }
    try {
      const r = await api("POST", "/api/catalog/import", await file.text(), "text/csv");
      message(`${r.imported} produto(s) importado(s).`, "good");
    } catch (error) {
      message(error.message);
      for (const e of error.lines || []) {
        const li = document.createElement("li");
        li.textContent = `Linha ${e.line}, ${e.field}: ${e.message}`;
        report.append(li);
      }
    }
  };
  return refresh;
}
