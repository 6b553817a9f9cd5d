// The REST/JSON API of the gateway: the only thing the front end talks to.

const TOKEN_KEY = "supplynet.token";

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

// An error answer of the API: the google.rpc.Status (code, message) with its field violations.
export class ApiError extends Error {
  constructor(httpStatus, status) {
    super(status.message || `HTTP ${httpStatus}`);
    this.httpStatus = httpStatus;
    this.code = status.code || 0;
    this.violations = [];
    for (const detail of status.details || []) {
      for (const v of detail.field_violations || []) {
        this.violations.push({ field: v.field, description: v.description });
      }
    }
  }
}

// Builds a query string; nested objects become dotted names (tax_id.country=...), arrays
// repeat the name, empty values are left out.
export function query(params) {
  const parts = [];
  const add = (name, value) => {
    if (value === undefined || value === null || value === "") return;
    if (Array.isArray(value)) value.forEach((v) => add(name, v));
    else if (typeof value === "object") Object.entries(value).forEach(([k, v]) => add(`${name}.${k}`, v));
    else parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  };
  Object.entries(params || {}).forEach(([k, v]) => add(k, v));
  return parts.length ? `?${parts.join("&")}` : "";
}

// call("GET", "/v1/me") -> the decoded JSON reply; throws ApiError. `body` is an object (sent
// as JSON) or a string (sent as it is, e.g. newline-delimited JSON for client streams).
export async function call(method, path, body) {
  const headers = {};
  const bearer = token();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let payload;
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = typeof body === "string" ? body : JSON.stringify(body);
  }
  let resp;
  try {
    resp = await fetch(path, { method, headers, body: payload });
  } catch (e) {
    throw new ApiError(0, { code: 14, message: "" });
  }
  const text = await resp.text();
  let data = {};
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = { message: text.trim() };
    }
  }
  if (!resp.ok) {
    if (resp.status === 401 && bearer) {
      // The session ended (expired or signed out elsewhere): back to the sign-in page.
      setToken("");
      window.dispatchEvent(new Event("supplynet:signedout"));
    }
    throw new ApiError(resp.status, data);
  }
  return data;
}

export function newRequestId() {
  return crypto.randomUUID ? crypto.randomUUID() : fallbackUuid();
}

function fallbackUuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The body of a client-streaming call over the gateway: one JSON message per line.
export function ndjson(messages) {
  return messages.map((m) => JSON.stringify(m)).join("\n") + "\n";
}

// Base64 of bytes, for `bytes` fields.
export function base64(bytes) {
  let s = "";
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) s += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(s);
}
