// Network -> Suppliers: search (tax ID, name, status) with the registered check, add, remove,
// invite one (several emails) or many, the CSV template and the bulk upload with its report.
import { t } from "./i18n.js";
import { call, query, newRequestId, ndjson, base64 } from "./api.js";
import {
  h, field, input, apiForm, enumSelect, notice, table, badge, formatTaxId, download,
  errorBox, showError, clearError, moreButton, COUNTRIES,
} from "./ui.js";

const STATUSES = ["REGISTRATION_STATUS_REGISTERED", "REGISTRATION_STATUS_INVITED", "REGISTRATION_STATUS_NOT_INVITED"];
const STATUS_COLOURS = {
  REGISTRATION_STATUS_REGISTERED: "green",
  REGISTRATION_STATUS_INVITED: "yellow",
  REGISTRATION_STATUS_NOT_INVITED: "grey",
};
const IMPORT_CHUNK = 512 * 1024;

export function suppliersPage() {
  const live = h("div", { class: "live", "aria-live": "polite" });
  const say = (...nodes) => live.replaceChildren(...nodes);
  const results = h("div", { id: "supplier-results" });
  let lastFilter = {};

  const selected = new Set();
  const inviteSelected = h("button", { type: "button", id: "invite-selected", disabled: true }, t("invite_selected", { n: 0 }));
  const updateSelection = () => {
    inviteSelected.textContent = t("invite_selected", { n: selected.size });
    inviteSelected.disabled = selected.size === 0;
  };
  const batchBox = errorBox();
  inviteSelected.addEventListener("click", async () => {
    clearError(batchBox);
    inviteSelected.disabled = true;
    try {
      const reply = await call("POST", "/v1/suppliers:batchInvite", { supplier_ids: [...selected], request_id: newRequestId() });
      selected.clear();
      await search(lastFilter);
      say(batchReport(reply.results || [], results));
    } catch (err) {
      showError(batchBox, err);
    } finally {
      updateSelection();
    }
  });

  async function search(filter) {
    lastFilter = filter;
    results.replaceChildren(h("p", { role: "status" }, t("loading")));
    const rows = [];
    const body = h("tbody", {});
    const page = await call("GET", `/v1/suppliers${query({ ...filter, page_size: 50 })}`);
    const append = (list) => list.forEach((s) => body.append(supplierRow(s, selected, updateSelection, actions)));
    append(page.suppliers || []);
    rows.push(...(page.suppliers || []));
    const parts = [];
    if (filter.tax_id && filter.tax_id.value) parts.push(registeredCheck(filter.tax_id, rows[0]));
    if (!rows.length) parts.push(h("p", {}, t("none_found")));
    else {
      const all = h("input", { type: "checkbox", "aria-label": t("select_all"), onchange: (ev) => {
        body.querySelectorAll("input[type=checkbox]").forEach((cb) => {
          cb.checked = ev.target.checked;
          cb.dispatchEvent(new Event("change"));
        });
      } });
      parts.push(
        h("div", { class: "table-wrap" }, h("table", { id: "suppliers-table" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, all),
            [t("col_name"), t("col_tax_id"), t("col_email"), t("col_status"), t("col_groups"), t("col_actions")].map((x) => h("th", { scope: "col" }, x)))),
          body)),
      );
      parts.push(moreButton(page.next_page_token, async (token) => {
        const next = await call("GET", `/v1/suppliers${query({ ...filter, page_size: 50, page_token: token })}`);
        append(next.suppliers || []);
        return next.next_page_token;
      }));
    }
    results.replaceChildren(...parts.filter(Boolean));
  }

  const actions = {
    invite: (s) => openInviteDialog(s, async (reply) => {
      say(notice(t("invited_ok", { name: s.name, status: t(reply.invitation.status), delivery: t(reply.invitation.delivery_status) })));
      await search(lastFilter);
    }),
    remove: async (s, box) => {
      if (!confirm(t("confirm_remove", { name: s.name }))) return;
      try {
        await call("DELETE", `/v1/suppliers/${encodeURIComponent(s.supplier_id)}${query({ etag: s.etag })}`);
        selected.delete(s.supplier_id);
        updateSelection();
        say(notice(t("supplier_removed")));
        await search(lastFilter);
      } catch (err) {
        showError(box, err);
      }
    },
  };

  const searchForm = apiForm(
    { id: "search-form", role: "search", class: "inline" },
    [
      h("fieldset", { class: "taxid" }, h("legend", {}, t("search_by_tax")),
        field(t("country"), enumSelect("tax_id.country", COUNTRIES)),
        field(t("tax_id"), input("tax_id.value", { autocomplete: "off" }))),
      field(t("search_by_name"), input("name_contains", { type: "search" })),
      field(t("status_filter"), enumSelect("registration_status", STATUSES, t("any"))),
      h("div", { class: "buttons" },
        h("button", { type: "submit" }, t("search_submit")),
        h("button", { type: "reset", class: "secondary" }, t("search_clear"))),
    ],
    async (values) => {
      if (!values.tax_id || !values.tax_id.value) delete values.tax_id;
      await search(values);
    },
  );
  searchForm.addEventListener("reset", () => setTimeout(() => searchForm.requestSubmit(), 0));

  const page = h(
    "section",
    {},
    h("h1", {}, t("suppliers_title")),
    live,
    h("h2", {}, t("search_title")),
    searchForm,
    h("div", { class: "buttons" }, inviteSelected),
    batchBox,
    results,
    addSupplierSection(say, () => search(lastFilter)),
    importSection(() => search(lastFilter)),
  );
  search({}).catch((err) => {
    const box = errorBox();
    results.replaceChildren(box);
    showError(box, err);
  });
  return page;
}

// The "registered check": what a search by exact tax ID says about that supplier.
function registeredCheck(taxId, supplier) {
  if (!supplier) return h("p", { class: "check", id: "registered-check" }, t("registered_check_no", { tax: formatTaxId(taxId) }));
  return h("p", { class: "check", id: "registered-check" },
    t("registered_check_yes", { name: supplier.name, status: t(supplier.registration_status) }));
}

function supplierRow(s, selected, onSelect, actions) {
  const box = errorBox();
  const cb = h("input", { type: "checkbox", "aria-label": `${t("select")}: ${s.name}`, checked: selected.has(s.supplier_id) });
  cb.addEventListener("change", () => {
    if (cb.checked) selected.add(s.supplier_id);
    else selected.delete(s.supplier_id);
    onSelect();
  });
  const registered = s.registration_status === "REGISTRATION_STATUS_REGISTERED";
  return h(
    "tr",
    { "data-supplier-id": s.supplier_id },
    h("td", {}, cb),
    h("th", { scope: "row" }, s.name),
    h("td", {}, formatTaxId(s.tax_id)),
    h("td", {}, s.email),
    h("td", {}, badge(s.registration_status, STATUS_COLOURS[s.registration_status])),
    h("td", {}, (s.groups || []).join(", ")),
    h("td", { class: "actions" },
      h("button", { type: "button", disabled: registered, onclick: () => actions.invite(s) }, t("invite")),
      h("button", { type: "button", class: "secondary", onclick: () => actions.remove(s, box) }, t("remove")),
      box),
  );
}

function openInviteDialog(s, onDone) {
  const dialog = h("dialog", { "aria-labelledby": "invite-title", id: "invite-dialog" });
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  const form = apiForm(
    {},
    [
      h("h2", { id: "invite-title" }, t("invite_title", { name: s.name })),
      field(t("invite_emails"), h("textarea", { name: "emails", rows: 4, spellcheck: "false" }, s.email || "")),
      h("div", { class: "buttons" },
        h("button", { type: "submit" }, t("invite_submit")),
        h("button", { type: "button", class: "secondary", onclick: close }, t("cancel"))),
    ],
    async (values) => {
      const emails = (values.emails || "").split(/[\s,;]+/).filter(Boolean);
      const reply = await call("POST", `/v1/suppliers/${encodeURIComponent(s.supplier_id)}:invite`, { emails, request_id: newRequestId() });
      close();
      await onDone(reply);
    },
  );
  dialog.append(form);
  dialog.addEventListener("cancel", () => setTimeout(() => dialog.remove(), 0));
  document.body.append(dialog);
  dialog.showModal();
}

function batchReport(resultsList, table_) {
  const names = {};
  table_.querySelectorAll("tr[data-supplier-id]").forEach((tr) => (names[tr.dataset.supplierId] = tr.querySelector("th").textContent));
  return h("section", { id: "batch-report" },
    h("h2", {}, t("batch_result_title")),
    h("ul", {}, resultsList.map((r) => {
      const ok = !r.status || !r.status.code;
      return h("li", { class: ok ? "ok" : "bad" }, `${names[r.supplier_id] || r.supplier_id}: `,
        ok ? `${t("batch_ok")} (${t(r.invitation.delivery_status)})` : r.status.message);
    })));
}

function addSupplierSection(say, refresh) {
  const form = apiForm(
    { id: "add-supplier-form" },
    [
      h("fieldset", { class: "taxid" }, h("legend", {}, t("tax_id")),
        field(t("country"), enumSelect("supplier.tax_id.country", COUNTRIES, null, { required: true })),
        field(t("tax_id"), input("supplier.tax_id.value", { required: true, autocomplete: "off" }))),
      field(t("name"), input("supplier.name", { required: true })),
      field(t("email"), input("supplier.email", { type: "email", required: true })),
      field(t("description"), input("supplier.description")),
      field(t("address"), input("supplier.address")),
      field(t("city"), input("supplier.city")),
      field(t("province"), input("supplier.province")),
      field(t("phone"), input("supplier.phone", { type: "tel" })),
      field(t("groups"), input("supplier.groups")),
      h("button", { type: "submit" }, t("add_submit")),
    ],
    async (values, f) => {
      const supplier = values.supplier || {};
      if (supplier.groups) supplier.groups = supplier.groups.split(",").map((g) => g.trim()).filter(Boolean);
      const reply = await call("POST", "/v1/suppliers", supplier);
      f.reset();
      say(notice(t("supplier_added", { name: reply.supplier.name })));
      await refresh();
    },
  );
  return h("details", { id: "add-supplier" }, h("summary", {}, h("h2", {}, t("add_supplier_title"))), form);
}

function importSection(refresh) {
  const report = h("div", { id: "import-report", "aria-live": "polite" });
  const templateBox = errorBox();
  const templateButton = h("button", { type: "button", id: "template-download", class: "secondary" }, t("template_download"));
  templateButton.addEventListener("click", async () => {
    clearError(templateBox);
    try {
      const reply = await call("GET", "/v1/suppliers:importTemplate");
      download("supplynet-suppliers-template.csv", `${reply.header_line}\r\n`, "text/csv;charset=utf-8");
    } catch (err) {
      showError(templateBox, err);
    }
  });
  const file = h("input", { type: "file", name: "file", accept: ".csv,text/csv", required: true });
  const form = apiForm(
    { id: "import-form" },
    [
      field(t("import_file"), file),
      field(t("import_country"), enumSelect("default_country", COUNTRIES, null, { required: true })),
      h("div", { class: "field check" }, h("input", { type: "checkbox", name: "dry_run", id: "import-dry-run" }),
        h("label", { for: "import-dry-run" }, t("import_dry_run"))),
      h("button", { type: "submit" }, t("import_submit")),
    ],
    async (values) => {
      if (!file.files.length) throw new Error(t("choose_file"));
      const bytes = new Uint8Array(await file.files[0].arrayBuffer());
      const messages = [{ options: { default_country: values.default_country, dry_run: !!values.dry_run, request_id: newRequestId() } }];
      for (let i = 0; i < bytes.length; i += IMPORT_CHUNK) messages.push({ chunk: base64(bytes.subarray(i, i + IMPORT_CHUNK)) });
      const reply = await call("POST", "/v1/suppliers:import", ndjson(messages));
      report.replaceChildren(importReport(reply));
      if (!reply.dry_run) await refresh();
    },
  );
  return h("section", { id: "import" }, h("h2", {}, t("import_title")), h("div", { class: "buttons" }, templateButton), templateBox, form, report);
}

function importReport(r) {
  const counts = ["rows_read", "created", "updated", "unchanged", "rejected", "invitations_requested"];
  const errors = r.errors || [];
  return h("section", {},
    h("h3", {}, t("import_report")),
    r.dry_run ? notice(t("dry_run_note")) : null,
    h("dl", { class: "counts" }, counts.flatMap((k) => [h("dt", {}, t(k)), h("dd", { "data-count": k }, String(r[k] ?? 0))])),
    errors.length
      ? table([t("col_line"), t("col_column"), t("col_message")],
        errors.map((e) => h("tr", { "data-line": String(e.line) }, h("td", {}, String(e.line)), h("td", {}, e.column), h("td", {}, e.message))),
        { id: "import-errors" })
      : null,
    r.errors_truncated ? h("p", {}, t("errors_truncated")) : null);
}
