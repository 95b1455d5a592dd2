// fetch wrapper: JSON in and out; errors become ApiError with the pt-BR operator message.
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.operatorMessage || error?.message || `Erro ${status}`);
    this.status = status;
    this.code = error?.code;
    this.field = error?.field;
    this.body = error;
  }
}

let unauthorized = () => {};

/** Called when the server says the session is gone (expired, idle): the app returns to the login. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

export async function api(method, url, body, contentType = "application/json") {
  const init = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["content-type"] = contentType;
    init.body = contentType === "application/json" ? JSON.stringify(body) : body;
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError(0, { operatorMessage: "Sem comunicação com o serviço do caixa." });
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new ApiError(res.status, data?.error);
    err.lines = data?.errors;
    if (res.status === 401 && url !== "/api/login" && url !== "/api/session") unauthorized(err);
    throw err;
  }
  return data;
}
