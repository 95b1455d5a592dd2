// The panel's "Corrigir e reemitir" (release a held note, resend it now) and "Exportar para o
// contador" (journal export to a USB stick). Supervisor only: the API refuses anyone else.
import { api } from "./api.js";
import { ask } from "./dialog.js";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** "Corrigir e reemitir": the held note goes back to the queue (same key) and a round sends it now. */
export async function fixAndResend(note, message, refresh) {
  let reason = "";
  try {
    const held = await api("GET", "/api/held");
    reason = held.find((h) => h.chave === note.chave)?.reason ?? "";
  } catch (error) {
    message(error.message);
    return;
  }
  const ok = await ask({
    title: `Reemitir a nota nº ${note.nNF}?`,
    text: `${reason ? `Motivo da retenção: ${reason} ` : ""}Use depois de corrigir a causa fora da nota (certificado, CSC, configuração). A nota é reenviada igual, com a mesma chave: para erros no conteúdo (NCM, CFOP, CSOSN) use "Corrigir itens".`,
    input: false,
  });
  if (ok === null) return;
  try {
    await api("POST", "/api/held/release", { chave: note.chave });
    const r = await api("POST", "/api/sync");
    message(
      `Nota nº ${note.nNF} liberada e reenviada: ${r.authorized} autorizada(s), ${r.rejected} rejeitada(s), ${r.pending} pendente(s).`,
      r.rejected > 0 ? "bad" : "good",
    );
  } catch (error) {
    message(error.message);
  } finally {
    refresh();
  }
}

export async function exportForAccountant(message) {
  const dir = await ask({
    title: "Exportar para o contador",
    text: "Conecte o pendrive e informe a pasta onde ele está montado:",
    placeholder: "/media/usb0",
    validate: (v) => (v.startsWith("/") ? null : "Informe o caminho completo da pasta (ex.: /media/usb0)."),
  });
  if (dir === null) return;
  const month = await ask({
    title: "Qual mês?",
    text: "Mês no formato AAAA-MM (ex.: 2026-11). Deixe em branco para exportar tudo.",
    placeholder: "AAAA-MM",
    inputmode: "numeric",
    validate: (v) => (v === "" || MONTH.test(v) ? null : "Use o formato AAAA-MM, por exemplo 2026-11."),
  });
  if (month === null) return;
  document.getElementById("p-export").disabled = true;
  message("Gravando no pendrive…", "good");
  try {
    const r = await api("POST", "/api/export", { dir, ...(month ? { month } : {}) });
    message(`${r.files} arquivo(s) gravado(s) em ${dir}. Já pode retirar o pendrive.`, "good");
  } catch (error) {
    message(error.message);
  } finally {
    document.getElementById("p-export").disabled = false;
  }
}
