// The supervisor's user list: add operators, change a PIN, see who is locked out.
import { api } from "./api.js";
import { ask } from "./dialog.js";

const $ = (id) => document.getElementById(id);
const ROLES = { cashier: "Operador(a) de caixa", supervisor: "Supervisor(a)", technician: "Técnico(a)" };

export async function refreshUsers(message) {
  try {
    const users = await api("GET", "/api/users");
    $("users-body").replaceChildren(
      ...users.map((u) => {
        const tr = document.createElement("tr");
        tr.dataset.testid = `user-${u.name}`;
        for (const text of [u.name, ROLES[u.role] || u.role, u.locked ? "Bloqueado (PIN errado)" : "Ativo"]) {
          const td = document.createElement("td");
          td.textContent = text;
          tr.append(td);
        }
        const td = document.createElement("td");
        const b = document.createElement("button");
        b.type = "button";
        b.className = "btn small";
        b.textContent = "Trocar PIN";
        b.dataset.testid = `pin-${u.name}`;
        b.onclick = () => changePin(u.name, message);
        td.append(b);
        tr.append(td);
        return tr;
      }),
    );
  } catch (error) {
    message(error.message);
  }
}

async function changePin(name, message) {
  const pin = await ask({
    title: `Novo PIN de ${name}`,
    text: "De 4 a 8 números. Trocar o PIN também desbloqueia o usuário.",
    inputmode: "numeric",
    validate: (v) => (/^[0-9]{4,8}$/.test(v) ? null : "O PIN deve ter de 4 a 8 números."),
  });
  if (pin === null) return;
  try {
    await api("POST", `/api/users/${encodeURIComponent(name)}/pin`, { pin });
    message(`PIN de ${name} alterado.`, "good");
    refreshUsers(message);
  } catch (error) {
    message(error.message);
  }
}

export function initUsers(message) {
  $("user-form").onsubmit = async (event) => {
    event.preventDefault();
    try {
      await api("POST", "/api/users", {
        user: $("new-user").value.trim(),
        role: $("new-role").value,
        pin: $("new-pin").value,
      });
      message(`Usuário ${$("new-user").value.trim()} cadastrado.`, "good");
      $("new-user").value = "";
      $("new-pin").value = "";
      refreshUsers(message);
    } catch (error) {
      message(error.message);
    }
  };
}
