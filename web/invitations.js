// Invitations: the list with lifecycle and delivery status, resend and revoke.
import { t } from "./i18n.js";
import { call, query, newRequestId } from "./api.js";
import { h, enumSelect, table, badge, formatTime, errorBox, showError, clearError, notice, field, moreButton } from "./ui.js";

const STATUSES = ["INVITATION_STATUS_PENDING", "INVITATION_STATUS_ACCEPTED", "INVITATION_STATUS_EXPIRED", "INVITATION_STATUS_REVOKED"];
const STATUS_COLOURS = {
  INVITATION_STATUS_PENDING: "yellow",
  INVITATION_STATUS_ACCEPTED: "green",
  INVITATION_STATUS_EXPIRED: "grey",
  INVITATION_STATUS_REVOKED: "grey",
};
const DELIVERY_COLOURS = { DELIVERY_STATUS_QUEUED: "yellow", DELIVERY_STATUS_SENT: "green", DELIVERY_STATUS_FAILED: "red" };

export function invitationsPage() {
  const box = errorBox();
  const live = h("div", { "aria-live": "polite" });
  const list = h("div", { id: "invitation-results" });
  const filter = enumSelect("status", STATUSES, t("any"), { id: "invitation-status-filter" });
  const names = new Map();

  async function supplierName(id) {
    if (!names.has(id)) {
      names.set(id, call("GET", `/v1/suppliers/${encodeURIComponent(id)}`).then((r) => r.supplier.name, () => id));
    }
    return names.get(id);
  }

  async function load() {
    clearError(box);
    list.replaceChildren(h("p", { role: "status" }, t("loading")));
    try {
      const page = (token) => call("GET", `/v1/invitations${query({ status: filter.value, page_size: 50, page_token: token })}`);
      const rowsOf = async (reply) => {
        const invitations = reply.invitations || [];
        const labels = await Promise.all(invitations.map((i) => supplierName(i.supplier_id)));
        return invitations.map((inv, i) => row(inv, labels[i]));
      };
      const reply = await page();
      if (!(reply.invitations || []).length) {
        list.replaceChildren(h("p", {}, t("none_found")));
        return;
      }
      const wrap = table(
        [t("col_supplier"), t("col_emails"), t("col_status"), t("col_delivery"), t("col_attempts"), t("col_created"), t("col_expires"), t("col_actions")],
        await rowsOf(reply), { id: "invitations-table" });
      const more = moreButton(reply.next_page_token, async (token) => {
        const next = await page(token);
        wrap.querySelector("tbody").append(...(await rowsOf(next)));
        return next.next_page_token;
      });
      list.replaceChildren(wrap, more || "");
    } catch (err) {
      list.replaceChildren();
      showError(box, err);
    }
  }

  function row(inv, name) {
    const pending = inv.status === "INVITATION_STATUS_PENDING";
    const act = async (verb, okText) => {
      clearError(box);
      try {
        await call("POST", `/v1/invitations/${encodeURIComponent(inv.invitation_id)}:${verb}`, verb === "resend" ? { request_id: newRequestId() } : {});
        live.replaceChildren(notice(t(okText)));
        await load();
      } catch (err) {
        showError(box, err);
      }
    };
    return h("tr", { "data-invitation-id": inv.invitation_id },
      h("th", { scope: "row" }, name),
      h("td", {}, (inv.emails || []).join(", ")),
      h("td", {}, badge(inv.status, STATUS_COLOURS[inv.status])),
      h("td", {}, badge(inv.delivery_status, DELIVERY_COLOURS[inv.delivery_status]),
        inv.last_delivery_error ? h("small", { class: "hint" }, ` ${inv.last_delivery_error}`) : null),
      h("td", {}, String(inv.delivery_attempts || 0)),
      h("td", {}, formatTime(inv.create_time)),
      h("td", {}, formatTime(inv.expire_time)),
      h("td", { class: "actions" },
        pending ? h("button", { type: "button", onclick: () => act("resend", "resent_ok") }, t("resend")) : null,
        pending ? h("button", { type: "button", class: "secondary", onclick: () => act("revoke", "revoked_ok") }, t("revoke")) : null));
  }

  filter.addEventListener("change", load);
  load();
  return h("section", {}, h("h1", {}, t("invitations_title")), live, field(t("status_only"), filter), box, list);
}
