// The kiosk UI: login, sale screen, supervisor panel, status banner and receipt preview fed by SSE.
import { api, onUnauthorized } from "./api.js";
import { lastStatus, renderStatus, tick } from "./banner.js";
import { initPanel } from "./panel.js";
import { initSale, onScan } from "./sale.js";

const $ = (id) => document.getElementById(id);
const state = { session: null, wantPanel: false, receiptPreview: false };
let refreshPanel = () => {};

function show(view) {
  for (const v of ["login", "sale", "panel"]) $(`view-${v}`).hidden = v !== view;
  const logged = state.session !== null;
  $("operator-bar").hidden = !logged;
  if (logged) {
    const roleName = {
      cashier: "Operador(a) de caixa",
      supervisor: "Supervisor(a)",
      technician: "Técnico(a)",
    };
    $("operator-name").textContent = `${roleName[state.session.role] || ""}: ${state.session.user}`;
    $("btn-panel").hidden = view === "panel";
    $("btn-sale").hidden = view !== "panel" || state.session.role === "technician";
  }
  if (view === "sale") $("code").focus();
  if (view === "login") $("login-user").focus();
  if (view === "panel") refreshPanel();
}

function afterLogin() {
  const role = state.session.role;
  if (role === "technician" || (state.wantPanel && role === "supervisor")) show("panel");
  else show("sale");
  state.wantPanel = false;
}

async function showReceipt(chave, lines) {
  if (!state.receiptPreview) return;
  let text = lines;
  if (!text) {
    try {
      text = (await api("GET", `/api/notes/${chave}/receipt`)).lines;
    } catch (error) {
      text = [`(cupom indisponível: ${error.message})`];
    }
  }
  $("receipt-text").textContent = text.join("\n");
  $("receipt").hidden = false;
}

function initLogin() {
  const keypad = $("login-keypad");
  for (const key of ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"]) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn";
    b.textContent = key;
    b.onclick = () => {
      const pin = $("login-pin");
      if (key === "⌫") pin.value = pin.value.slice(0, -1);
      else if (key === "C") pin.value = "";
      else if (pin.value.length < 8) pin.value += key;
    };
    keypad.append(b);
  }
  $("login-form").onsubmit = async (event) => {
    event.preventDefault();
    $("login-error").textContent = "";
    try {
      state.session = await api("POST", "/api/login", {
        user: $("login-user").value.trim(),
        pin: $("login-pin").value,
      });
      $("login-pin").value = "";
      afterLogin();
    } catch (error) {
      $("login-pin").value = "";
      $("login-error").textContent = error.message;
    }
  };
}

async function logout(next = "Entrar no caixa") {
  await api("POST", "/api/logout").catch(() => null);
  state.session = null;
  $("login-title").textContent = next;
  $("login-user").value = "";
  show("login");
}

function connectEvents() {
  const source = new EventSource("/api/events");
  source.addEventListener("status", (e) => {
    renderStatus(JSON.parse(e.data));
    $("p-drill").textContent = lastStatus()?.drill ? "Encerrar treino" : "Treino de queda";
    refreshPanel();
  });
  source.addEventListener("receipt", (e) => {
    const r = JSON.parse(e.data);
    showReceipt(r.chave, r.lines);
  });
  source.addEventListener("scan", (e) => onScan(JSON.parse(e.data)));
  // After a reconnect the service may have restarted (sessions live in memory): check ours.
  source.onopen = async () => {
    if (state.session === null) return;
    const alive = await api("GET", "/api/session").catch(() => null);
    if (alive === null) {
      state.session = null;
      $("login-title").textContent = "Sessão encerrada: entre de novo";
      show("login");
    }
  };
  source.onerror = () => {
    $("banner").className = "banner banner-unknown";
    $("banner-mode").textContent = "Sem contato com o serviço do caixa";
    $("banner-cause").textContent = "Tentando reconectar…";
  };
}

/** Demo only: a button that cuts or restores the simulated SEFAZ, to watch the switch and the drain. */
function initDemo() {
  const button = $("btn-demo-link");
  let down = false;
  button.hidden = false;
  button.onclick = async () => {
    button.disabled = true;
    try {
      await api("POST", "/api/demo/sefaz", { mode: down ? "normal" : "down" });
      down = !down;
      button.textContent = down ? "Demo: restaurar SEFAZ" : "Demo: derrubar SEFAZ";
    } catch (error) {
      button.title = error.message;
    } finally {
      button.disabled = false;
    }
  };
}

async function boot() {
  initLogin();
  initSale({
    showReceipt: (chave) => showReceipt(chave),
    // The next sale's first item: the previous paper is torn off (the preview covered the buttons).
    hideReceipt: () => {
      $("receipt").hidden = true;
    },
  });
  refreshPanel = initPanel({
    showReceipt: (chave) => showReceipt(chave),
    role: () => state.session?.role,
  });
  $("btn-logout").onclick = () => logout();
  onUnauthorized(() => {
    if (state.session === null) return;
    state.session = null;
    $("login-title").textContent = "Sessão encerrada: entre de novo";
    show("login");
  });
  $("btn-panel").onclick = async () => {
    if (state.session?.role === "supervisor" || state.session?.role === "technician") {
      show("panel");
      return;
    }
    state.wantPanel = true;
    await logout("Login do supervisor");
  };
  $("btn-sale").onclick = () => show("sale");
  $("receipt-close").onclick = () => {
    $("receipt").hidden = true;
  };
  const config = await api("GET", "/api/ui-config").catch(() => ({ receiptPreview: false }));
  state.receiptPreview = config.receiptPreview;
  // Dynamic (17) or static (20) PIX QR, as the store configured it.
  if (config.pixPaymentType) $("pay-pix").dataset.pay = config.pixPaymentType;
  if (config.demo) initDemo();
  state.session = await api("GET", "/api/session").catch(() => null);
  if (state.session) afterLogin();
  else show("login");
  api("GET", "/api/status").then(renderStatus, () => null);
  connectEvents();
  setInterval(tick, 1000);
  document.body.dataset.ready = "1";
}

boot();
