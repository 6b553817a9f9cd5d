// The client's workflow (DocumentStatusService.GetWorkflow / UpdateWorkflow): the validation
// fields its suppliers must fill in, and which decisions it takes on received documents.
import { t } from "./i18n.js";
import { call, query } from "./api.js";
import { h, field, input, errorBox, showError, clearError, notice } from "./ui.js";

const FROM = [
  "DOCUMENT_STATUS_PENDING_INFORMATION", "DOCUMENT_STATUS_SENT", "DOCUMENT_STATUS_ACCEPTED",
  "DOCUMENT_STATUS_REJECTED", "DOCUMENT_STATUS_PAYMENT_SCHEDULED", "DOCUMENT_STATUS_PAID",
];
const TO = ["DOCUMENT_STATUS_ACCEPTED", "DOCUMENT_STATUS_REJECTED", "DOCUMENT_STATUS_PAYMENT_SCHEDULED", "DOCUMENT_STATUS_PAID"];

export async function workflowPage() {
  const section = h("section", {});
  const live = h("div", { "aria-live": "polite" });
  const box = errorBox();
  let workflow;
  try {
    workflow = (await call("GET", "/v1/workflow")).workflow || {};
  } catch (err) {
    section.append(h("h1", {}, t("workflow_title")), box);
    showError(box, err);
    return section;
  }

  const fieldsList = h("div", { id: "workflow-fields" });
  const addFieldRow = (f) => {
    const row = h("fieldset", { class: "taxid workflow-field" }, h("legend", {}, t("workflow_field")));
    const at = () => `workflow.required_fields[${[...fieldsList.children].indexOf(row)}]`;
    const name = input("name", { value: f.name || "", required: true, pattern: "[a-z][a-z0-9_]*", spellcheck: "false" });
    const label = input("label", { value: f.label || "", required: true });
    const pattern = input("pattern", { value: f.pattern || "", spellcheck: "false" });
    const remove = h("button", { type: "button", class: "secondary", onclick: () => row.remove() }, t("remove"));
    row.append(field(t("workflow_field_name"), name), field(t("workflow_field_label"), label),
      field(t("workflow_field_pattern"), pattern), h("div", { class: "buttons" }, remove));
    // Field violations name "workflow.required_fields[i].x": keep the names in step with the order.
    row.refreshNames = () => {
      name.name = `${at()}.name`;
      label.name = `${at()}.label`;
      pattern.name = `${at()}.pattern`;
    };
    fieldsList.append(row);
  };
  (workflow.required_fields || []).forEach(addFieldRow);

  const allowed = new Set((workflow.allowed_transitions || []).map((tr) => `${tr.from_status}>${tr.to_status}`));
  const matrix = h("div", { class: "table-wrap" }, h("table", { id: "workflow-transitions" },
    h("caption", { class: "visually-hidden" }, t("workflow_transitions")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, `${t("col_from")} / ${t("col_to")}`), TO.map((to) => h("th", { scope: "col" }, t(to))))),
    h("tbody", {}, FROM.map((from) => h("tr", {}, h("th", { scope: "row" }, t(from)), TO.map((to) => h("td", {},
      from === to ? "—" : h("input", {
        type: "checkbox", "data-from": from, "data-to": to, checked: allowed.has(`${from}>${to}`),
        "aria-label": `${t(from)} → ${t(to)}`,
      }))))))));

  const form = h("form", { id: "workflow-form", novalidate: true }, box,
    h("h2", {}, t("workflow_fields")), fieldsList,
    h("div", { class: "buttons" }, h("button", { type: "button", class: "secondary", id: "workflow-add-field", onclick: () => addFieldRow({}) }, t("workflow_add_field"))),
    h("h2", {}, t("workflow_transitions")), matrix,
    h("div", { class: "buttons" }, h("button", { type: "submit" }, t("workflow_save"))));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    [...fieldsList.children].forEach((row) => row.refreshNames());
    clearError(box, form);
    const body = {
      required_fields: [...fieldsList.children].map((row) => {
        const [name, label, pattern] = row.querySelectorAll("input");
        return { name: name.value.trim(), label: label.value.trim(), pattern: pattern.value.trim() };
      }),
      allowed_transitions: [...matrix.querySelectorAll("input:checked")].map((cb) => ({ from_status: cb.dataset.from, to_status: cb.dataset.to })),
      etag: workflow.etag,
    };
    try {
      workflow = (await call("PATCH", `/v1/workflow${query({ update_mask: "required_fields,allowed_transitions" })}`, body)).workflow;
      live.replaceChildren(notice(t("ok_saved")));
    } catch (err) {
      showError(box, err, form);
    }
  });
  section.append(h("h1", {}, t("workflow_title")), h("p", {}, t("workflow_intro")), live, form);
  return section;
}
