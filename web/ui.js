// Small DOM helpers shared by the pages. Text from the API is only ever set as text, never as
// HTML.
import { t, language } from "./i18n.js";
import { ApiError } from "./api.js";

// h("p", {class: "x", onclick: f}, "text", child, ...) -> an element.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "value") el.value = v;
    else if (k === "checked") el.checked = !!v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let fieldCounter = 0;

// A labelled form field. `name` is the request field path it fills (e.g. "supplier.email"),
// so field violations of the API find it.
export function field(label, control, hint) {
  const id = control.id || `f${++fieldCounter}`;
  control.id = id;
  const hintEl = hint ? h("small", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintEl);
}

export function input(name, attrs) {
  return h("input", { name, type: "text", ...(attrs || {}) });
}

// A <select> over enum values, with their translated names; `empty` adds a first option "".
export function enumSelect(name, values, empty, attrs) {
  const options = values.map((v) => h("option", { value: v }, t(v)));
  if (empty) options.unshift(h("option", { value: "" }, empty));
  return h("select", { name, ...(attrs || {}) }, options);
}

export const COUNTRIES = ["COUNTRY_CO", "COUNTRY_PE", "COUNTRY_CR"];

// Country + value inputs of a TaxId at `prefix` ("supplier.tax_id").
export function taxIdFields(prefix, label, required) {
  return h(
    "fieldset",
    { class: "taxid" },
    h("legend", {}, label),
    field(t("country"), enumSelect(`${prefix}.country`, COUNTRIES, null, { required })),
    field(t("tax_id"), input(`${prefix}.value`, { required, autocomplete: "off", inputmode: "text" })),
  );
}

// The form's named controls as a nested object: "a.b" -> {a: {b: value}}. Empty values are
// left out; checkboxes give booleans.
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    let value = el.type === "checkbox" ? el.checked : el.value.trim();
    if (value === "" || (el.type === "checkbox" && !value)) continue;
    const path = el.name.split(".");
    let node = out;
    path.slice(0, -1).forEach((p) => (node = node[p] = node[p] || {}));
    node[path[path.length - 1]] = value;
  }
  return out;
}

// Shows an error of the API in `box` (an element with role=alert) and marks the form's fields
// named by its field violations.
export function showError(box, err, form) {
  clearError(box, form);
  let message = err.message;
  if (err instanceof ApiError && err.httpStatus === 0) message = t("error_network");
  else if (err instanceof ApiError && err.httpStatus === 501) message = t("error_not_served");
  box.append(h("strong", {}, t("error_title")), h("p", {}, message));
  if (err instanceof ApiError && err.violations.length) {
    box.append(h("ul", {}, err.violations.map((v) => h("li", { "data-field": v.field }, `${v.field}: ${v.description}`))));
    if (form) markFields(form, err.violations);
  }
  box.hidden = false;
  box.focus();
}

function markFields(form, violations) {
  let first = null;
  for (const v of violations) {
    for (const el of form.elements) {
      if (el.name && (el.name === v.field || el.name.startsWith(`${v.field}.`))) {
        el.setAttribute("aria-invalid", "true");
        first = first || el;
      }
    }
  }
  return first;
}

export function clearError(box, form) {
  box.replaceChildren();
  box.hidden = true;
  if (form) for (const el of form.elements) el.removeAttribute("aria-invalid");
}

export function errorBox() {
  return h("div", { class: "error", role: "alert", tabindex: "-1", hidden: true });
}

export function notice(text) {
  return h("p", { class: "notice", role: "status" }, text);
}

// A form whose submit runs `action(values, form)`, shows API errors in its own box and keeps
// the button disabled meanwhile.
export function apiForm(attrs, children, action) {
  const box = errorBox();
  const form = h("form", { novalidate: true, ...attrs }, box, children);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach((b) => (b.disabled = true));
    clearError(box, form);
    try {
      await action(formValues(form), form);
    } catch (err) {
      showError(box, err, form);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
  return form;
}

export function formatTime(value) {
  if (!value) return "";
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) return "";
  return d.toLocaleString(language() === "es" ? "es-CO" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

export function formatTaxId(taxId) {
  if (!taxId || !taxId.value) return "";
  const country = (taxId.country || "").replace("COUNTRY_", "");
  const dv = taxId.verification_digit ? `-${taxId.verification_digit}` : "";
  return `${country} ${taxId.value}${dv}`;
}

// A status badge: the colour is never the only signal, the text is always there.
export function badge(value, colour) {
  return h("span", { class: `badge ${colour || ""}` }, t(value));
}

export function table(headers, rows, attrs) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      attrs || {},
      h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, rows),
    ),
  );
}

export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// A "load more" button under a list: `next(token)` fetches the page after `token` and returns
// its next_page_token after appending its rows; the button goes when there is none left.
export function moreButton(token, next) {
  if (!token) return null;
  const button = h("button", { type: "button", class: "secondary more" }, t("more"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      token = await next(token);
    } finally {
      button.disabled = false;
    }
    if (!token) button.remove();
  });
  return button;
}
