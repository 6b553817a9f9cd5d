// Sign in, company registration, and activation of an invitation (AccountService,
// InvitationService.ActivateWithCode).
import { t } from "./i18n.js";
import { call, setToken } from "./api.js";
import { h, field, input, apiForm, taxIdFields, enumSelect, notice, COUNTRIES } from "./ui.js";
import { go, loadPrincipal } from "./session.js";

export function loginPage() {
  const form = apiForm(
    { id: "login-form" },
    [
      field(t("username"), input("username", { required: true, autocomplete: "username" })),
      field(t("password"), input("password", { type: "password", required: true, autocomplete: "current-password" })),
      h("button", { type: "submit" }, t("login_submit")),
    ],
    async (values) => {
      const reply = await call("POST", "/v1/sessions:login", values);
      setToken(reply.access_token);
      await loadPrincipal();
      go("/suppliers");
    },
  );
  return h(
    "section",
    { class: "narrow" },
    h("h1", {}, t("login_title")),
    form,
    h("p", {}, t("no_account"), " ", h("a", { href: "#/register" }, t("register_link"))),
  );
}

const TAX_ID_TYPES = {
  COUNTRY_CO: ["TAX_ID_TYPE_CO_NIT"],
  COUNTRY_PE: ["TAX_ID_TYPE_PE_RUC"],
  COUNTRY_CR: ["TAX_ID_TYPE_CR_PHYSICAL", "TAX_ID_TYPE_CR_LEGAL", "TAX_ID_TYPE_CR_DIMEX", "TAX_ID_TYPE_CR_NITE"],
};

export function registerPage() {
  const country = enumSelect("company.tax_id.country", COUNTRIES, null, { required: true });
  const type = enumSelect("company.tax_id.type", [], t("tax_id_type_auto"));
  const fillTypes = () => {
    type.replaceChildren(h("option", { value: "" }, t("tax_id_type_auto")), ...TAX_ID_TYPES[country.value].map((v) => h("option", { value: v }, t(v))));
  };
  country.addEventListener("change", fillTypes);
  fillTypes();
  const done = h("div", { "aria-live": "polite" });
  const form = apiForm(
    { id: "register-form" },
    [
      field(t("country"), country),
      field(t("tax_id"), input("company.tax_id.value", { required: true, autocomplete: "off" })),
      field(t("tax_id_type"), type),
      field(t("legal_name"), input("company.legal_name", { required: true, autocomplete: "organization" })),
      field(t("admin_username"), input("admin_username", { required: true, autocomplete: "username" })),
      field(t("admin_email"), input("admin_email", { type: "email", required: true, autocomplete: "email" })),
      field(t("admin_password"), input("admin_password", { type: "password", required: true, autocomplete: "new-password" })),
      h("button", { type: "submit" }, t("register_submit")),
    ],
    async (values, f) => {
      await call("POST", "/v1/companies:register", values);
      f.reset();
      fillTypes();
      done.replaceChildren(notice(t("registered_ok")), h("p", {}, h("a", { href: "#/login" }, t("login_link"))));
    },
  );
  return h(
    "section",
    { class: "narrow" },
    h("h1", {}, t("register_title")),
    done,
    form,
    h("p", {}, t("have_account"), " ", h("a", { href: "#/login" }, t("login_link"))),
  );
}

export function activatePage() {
  const done = h("div", { "aria-live": "polite" });
  const form = apiForm(
    { id: "activate-form" },
    [
      taxIdFields("supplier_tax_id", t("own_tax_id"), true),
      taxIdFields("client_tax_id", t("client_tax_id"), true),
      field(t("code"), input("code", { required: true, autocomplete: "one-time-code", spellcheck: "false" })),
      h("button", { type: "submit" }, t("activate_submit")),
    ],
    async (values, f) => {
      const reply = await call("POST", "/v1/invitations:activate", values);
      f.reset();
      done.replaceChildren(notice(t("activated_ok", { client: reply.client_company_name })));
    },
  );
  return h("section", { class: "narrow" }, h("h1", {}, t("activate_title")), h("p", {}, t("activate_intro")), done, form);
}
