// The status banner: online / contingency and why / pending notes / deadline countdown / drain progress.
import { countdown } from "./format.js";

const $ = (id) => document.getElementById(id);
// The watchdog's causes (docs/contingency.md §1); the service's causeText wins when present.
const CAUSES = {
  lan: "cabo de rede ou roteador desligado",
  lte: "modem 4G sem sinal",
  internet: "sem internet",
  "sefaz-down": "SEFAZ fora do ar",
  "sefaz-slow": "SEFAZ lenta",
  "sefaz-paused": "SEFAZ em manutenção",
  manual: "contingência manual",
};

const DEVICES = {
  printer: "Impressora",
  scanner: "Leitor",
  drawer: "Gaveta",
  leds: "LEDs",
  disk: "Disco",
  clock: "Relógio",
};

let last = null;
let drainStart = 0;

export function renderStatus(status) {
  last = status;
  const level = status.drill ? "drill" : status.mode === "online" ? "online" : "contingency";
  const urgent =
    status.pending > 0 && (status.deadlineLevel === "urgent" || status.deadlineLevel === "overdue");
  const banner = $("banner");
  banner.className = `banner banner-${urgent ? status.deadlineLevel : level}`;
  banner.dataset.mode = status.mode;
  $("banner-mode").textContent = status.mode === "online" ? "ONLINE" : "CONTINGÊNCIA OFF-LINE";
  if (status.drill)
    $("banner-mode").textContent = `TREINO (${status.mode === "online" ? "online" : "queda"} simulada)`;
  const why = status.causeText || CAUSES[status.cause] || status.cause || "";
  $("banner-cause").textContent = status.drill
    ? `Nenhuma nota real é emitida. O treino termina às ${new Date(status.drill.until).toLocaleTimeString("pt-BR", { timeStyle: "short" })}.`
    : status.mode === "online"
      ? "Notas autorizadas pela SEFAZ na hora"
      : `Motivo: ${why}. As vendas continuam.`;
  const problems = Object.entries(status.devices || {}).filter(([, d]) => d.state !== "ok");
  $("banner-devices").textContent = problems
    .map(([name, d]) => `${DEVICES[name] || name}: ${d.detail}`)
    .join(" · ");
  const pending = status.pending || 0;
  $("banner-pending").textContent =
    pending === 0
      ? "Nenhuma nota pendente"
      : `${pending} nota${pending > 1 ? "s" : ""} pendente${pending > 1 ? "s" : ""}`;
  if (status.rejected > 0) $("banner-pending").textContent += ` · ${status.rejected} rejeitada(s)`;
  renderDrain(status);
  tick();
}

function renderDrain(status) {
  const box = $("drain");
  if (!status.draining) {
    box.hidden = true;
    drainStart = 0;
    return;
  }
  drainStart = Math.max(drainStart, status.pending);
  const done = drainStart === 0 ? 1 : (drainStart - status.pending) / drainStart;
  box.hidden = false;
  $("drain-fill").style.width = `${Math.round(done * 100)}%`;
  $("drain-text").textContent = `Enviando notas pendentes à SEFAZ… faltam ${status.pending}`;
}

/** Called every second: the countdown to the transmission deadline of the oldest pending note. */
export function tick() {
  const el = $("banner-deadline");
  if (!last?.deadlineAt || last.pending === 0) {
    el.textContent = "";
    return;
  }
  const left = new Date(last.deadlineAt).getTime() - Date.now();
  el.textContent = left >= 0 ? `Prazo de envio: ${countdown(left)}` : `PRAZO VENCIDO há ${countdown(left)}`;
}

export function lastStatus() {
  return last;
}
