// Documents with their traffic-light status: the received list (client side) with decisions,
// the issued list (supplier side) with the validation-information form, and a document's
// history.
import { t } from "./i18n.js";
import { call, query, newRequestId } from "./api.js";
import { h, field, input, apiForm, enumSelect, table, formatTime, formatTaxId, errorBox, showError, notice, moreButton } from "./ui.js";

const STATUSES = [
  "DOCUMENT_STATUS_PENDING_INFORMATION", "DOCUMENT_STATUS_SENT", "DOCUMENT_STATUS_ACCEPTED",
  "DOCUMENT_STATUS_REJECTED", "DOCUMENT_STATUS_PAYMENT_SCHEDULED", "DOCUMENT_STATUS_PAID",
];
const REASONS = [
  "STATUS_REASON_CODE_INCONSISTENCIES", "STATUS_REASON_CODE_GOODS_NOT_DELIVERED",
  "STATUS_REASON_CODE_GOODS_PARTLY_DELIVERED", "STATUS_REASON_CODE_SERVICE_NOT_PROVIDED", "STATUS_REASON_CODE_OTHER",
];
const DIRECTIONS = { received: "DOCUMENT_DIRECTION_RECEIVED", issued: "DOCUMENT_DIRECTION_ISSUED" };

// The traffic light: a coloured dot and always the status in words (and the colour's name for
// screen readers).
export function trafficLight(doc) {
  const colour = (doc.color || "").replace("TRAFFIC_LIGHT_COLOR_", "").toLowerCase();
  return h("span", { class: `light ${colour}`, "data-color": colour },
    h("span", { class: "dot", "aria-hidden": "true" }),
    t(doc.status),
    h("span", { class: "visually-hidden" }, ` (${t(doc.color)})`));
}

function documentLabel(d) {
  return `${d.series ? `${d.series}-` : ""}${d.number}`;
}

export function documentsPage(direction) {
  const box = errorBox();
  const list = h("div", { id: "document-results" });
  const statusFilter = enumSelect("status", STATUSES, t("any"), { id: "document-status-filter" });

  async function load() {
    list.replaceChildren(h("p", { role: "status" }, t("loading")));
    try {
      const filter = { direction: DIRECTIONS[direction], statuses: statusFilter.value || undefined };
      const page = (token) => call("GET", `/v1/documents${query({ filter, page_size: 50, page_token: token })}`);
      const reply = await page();
      const docs = reply.documents || [];
      const other = direction === "received" ? "issuer" : "receiver";
      const rowsOf = (list_) => list_.map((d) => h("tr", { "data-document-id": d.document_id },
        h("th", { scope: "row" }, h("a", { href: `#/documents/${direction}/${d.document_id}` }, documentLabel(d))),
        h("td", {}, t(d.type)),
        h("td", {}, d[`${other}_name`], " ", h("small", {}, formatTaxId(d[`${other}_tax_id`]))),
        h("td", {}, d.issue_date),
        h("td", { class: "num" }, `${d.total_amount} ${d.currency_code}`),
        h("td", {}, trafficLight(d))));
      if (!docs.length) {
        list.replaceChildren(h("p", {}, t("none_found")));
        return;
      }
      const wrap = table(
        [t("col_document"), t("col_type"), t(`col_${other}`), t("col_date"), t("col_total"), t("col_status")],
        rowsOf(docs), { id: "documents-table" });
      const more = moreButton(reply.next_page_token, async (token) => {
        const next = await page(token);
        wrap.querySelector("tbody").append(...rowsOf(next.documents || []));
        return next.next_page_token;
      });
      list.replaceChildren(wrap, more || "");
    } catch (err) {
      list.replaceChildren();
      showError(box, err);
    }
  }
  statusFilter.addEventListener("change", load);
  load();
  return h("section", {}, h("h1", {}, t(`documents_${direction}_title`)), field(t("status_only"), statusFilter), box, list);
}

export async function documentPage(direction, id) {
  const section = h("section", {});
  const box = errorBox();
  const live = h("div", { "aria-live": "polite" });
  const path = `/v1/documents/${encodeURIComponent(id)}`;

  async function render(message) {
    let doc;
    let history;
    try {
      [doc, history] = await Promise.all([
        call("GET", path).then((r) => r.document),
        call("GET", `${path}/statusHistory${query({ page_size: 1000 })}`).then((r) => r.status_changes || []),
      ]);
    } catch (err) {
      section.replaceChildren(h("h1", {}, t("document_title", { number: id })), box);
      showError(box, err);
      return;
    }
    if (message) live.replaceChildren(notice(message));
    const parts = [
      h("p", {}, h("a", { href: `#/documents/${direction}` }, `← ${t("back")}`)),
      h("h1", {}, t("document_title", { number: documentLabel(doc) })),
      live,
      h("p", { id: "document-status", class: "big" }, trafficLight(doc)),
      doc.status_reason && doc.status_reason.code && doc.status_reason.code !== "STATUS_REASON_CODE_UNSPECIFIED"
        ? h("p", { id: "document-reason" }, `${t("status_reason")}: ${t(doc.status_reason.code)} — ${doc.status_reason.text}`)
        : null,
      h("dl", { class: "facts" },
        h("dt", {}, t("col_type")), h("dd", {}, t(doc.type)),
        h("dt", {}, t("col_issuer")), h("dd", {}, `${doc.issuer_name} (${formatTaxId(doc.issuer_tax_id)})`),
        h("dt", {}, t("col_receiver")), h("dd", {}, `${doc.receiver_name} (${formatTaxId(doc.receiver_tax_id)})`),
        h("dt", {}, t("col_date")), h("dd", {}, doc.issue_date),
        h("dt", {}, t("col_total")), h("dd", {}, t("amounts", { net: doc.net_amount, tax: doc.tax_amount, total: doc.total_amount, currency: doc.currency_code }))),
      box,
    ];
    if (direction === "received") parts.push(await decisionForm(doc, path, render));
    else parts.push(validationForm(doc, path, render));
    parts.push(historyTable(history));
    section.replaceChildren(...parts);
  }
  await render();
  return section;
}

async function decisionForm(doc, path, rerender) {
  const workflow = (await call("GET", "/v1/workflow").catch(() => ({ workflow: {} }))).workflow || {};
  const targets = (workflow.allowed_transitions || []).filter((tr) => tr.from_status === doc.status).map((tr) => tr.to_status);
  if (!targets.length) return h("section", { id: "decision" }, h("h2", {}, t("decision_title")), h("p", {}, t("no_transitions")));
  const form = apiForm(
    { id: "decision-form" },
    [
      field(t("new_status"), enumSelect("status", targets, null, { required: true })),
      field(t("reason_code"), enumSelect("reason.code", REASONS, "—")),
      field(t("reason_text"), h("textarea", { name: "reason.text", rows: 3 })),
      h("button", { type: "submit" }, t("decide_submit")),
    ],
    async (values) => {
      const reply = await call("POST", `${path}:changeStatus`, { ...values, etag: doc.etag, request_id: newRequestId() });
      await rerender(t("ok_saved") + " " + t(reply.document.status));
    },
  );
  return h("section", { id: "decision" }, h("h2", {}, t("decision_title")), form);
}

function validationForm(doc, path, rerender) {
  const fields = doc.validation_fields || [];
  if (!fields.length) return null;
  const editable = doc.status === "DOCUMENT_STATUS_PENDING_INFORMATION";
  const controls = fields.map((f) => {
    const fromDocument = f.source === "VALIDATION_VALUE_SOURCE_DOCUMENT";
    const hint = [fromDocument ? t("validation_from_document") : "", f.pattern ? t("validation_pattern", { pattern: f.pattern }) : ""].filter(Boolean).join("; ");
    const control = input(`values.${f.name}`, {
      value: f.value, disabled: !editable || fromDocument, "aria-invalid": f.valid ? null : "true", "data-field-name": f.name,
    });
    return field(f.label || f.name, control, hint);
  });
  const form = apiForm(
    { id: "validation-form" },
    [
      h("p", {}, t("restarts", { used: doc.restarts_used || 0 })),
      ...controls,
      editable ? h("button", { type: "submit" }, t("validation_submit")) : null,
    ],
    async (values) => {
      const reply = await call("POST", `${path}:updateValidationInfo`, { values: values.values || {}, etag: doc.etag, request_id: newRequestId() });
      const missing = reply.missing_fields || [];
      await rerender(missing.length ? t("validation_missing", { fields: missing.join(", ") }) : `${t("ok_saved")} ${t(reply.document.status)}`);
    },
  );
  return h("section", { id: "validation" }, h("h2", {}, t("validation_title")), form);
}

function historyTable(changes) {
  return h("section", { id: "history" },
    h("h2", {}, t("history_title")),
    table([t("col_when"), t("col_who"), t("col_from"), t("col_to"), t("col_reason")],
      changes.map((c) => h("tr", {},
        h("td", {}, formatTime(c.change_time)),
        h("td", {}, c.actor_type === "STATUS_ACTOR_TYPE_SYSTEM" ? t("system_actor") : `${c.actor_name} (${c.actor_company_name})`),
        h("td", {}, c.from_status === "DOCUMENT_STATUS_UNSPECIFIED" ? "—" : t(c.from_status)),
        h("td", {}, t(c.to_status)),
        h("td", {}, c.reason && c.reason.code && c.reason.code !== "STATUS_REASON_CODE_UNSPECIFIED" ? `${t(c.reason.code)}: ${c.reason.text}` : (c.reason && c.reason.text) || ""))),
      { id: "history-table" }));
}
