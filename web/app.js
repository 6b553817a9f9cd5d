// The shell of the web front end: hash routes, the session, the language switch.
import { LANGUAGES, language, setLanguage, t } from "./i18n.js";
import { call, setToken } from "./api.js";
import { currentPrincipal, forgetPrincipal, go, loadPrincipal } from "./session.js";
import { h, errorBox, showError } from "./ui.js";
import { loginPage, registerPage, activatePage } from "./account.js";
import { suppliersPage } from "./suppliers.js";
import { invitationsPage } from "./invitations.js";
import { documentsPage, documentPage } from "./documents.js";
import { workflowPage } from "./workflow.js";

// Routes: pattern -> page(params). Pages return an element (or a promise of one) for <main>.
const ROUTES = [
  [/^\/login$/, loginPage, false],
  [/^\/register$/, registerPage, false],
  [/^\/suppliers$/, suppliersPage, true],
  [/^\/invitations$/, invitationsPage, true],
  [/^\/documents\/(received|issued)$/, (m) => documentsPage(m[1]), true],
  [/^\/documents\/(received|issued)\/([0-9a-fA-F-]+)$/, (m) => documentPage(m[1], m[2]), true],
  [/^\/workflow$/, workflowPage, true],
  [/^\/activate$/, activatePage, true],
];

function translateShell() {
  const principal = currentPrincipal();
  document.querySelectorAll("[data-text]").forEach((el) => (el.textContent = t(el.dataset.text)));
  const who = document.getElementById("whoami");
  who.textContent = principal
    ? t("signed_in_as", { user: principal.user?.username || principal.service_account?.display_name || "", company: principal.company?.legal_name || "" })
    : "";
  document.getElementById("nav").hidden = !principal;
  document.getElementById("logout").hidden = !principal;
}

async function render() {
  const path = location.hash.replace(/^#/, "") || "/suppliers";
  const main = document.getElementById("main");
  let route = ROUTES.find(([re]) => re.test(path));
  if (!route) return go("/suppliers");
  const [re, page, needsLogin] = route;
  if (needsLogin && !currentPrincipal() && !(await loadPrincipal())) return go("/login");
  translateShell();
  document.querySelectorAll("#nav a").forEach((a) => {
    if (a.getAttribute("href") === `#${path}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  main.replaceChildren(h("p", { role: "status" }, t("loading")));
  let content;
  try {
    content = await page(path.match(re));
  } catch (err) {
    content = errorBox();
    showError(content, err);
  }
  main.replaceChildren(content);
  const title = main.querySelector("h1");
  document.title = title ? `${title.textContent} · supplynet` : "supplynet";
  (title || main).setAttribute("tabindex", "-1");
  (title || main).focus();
}

function setupShell() {
  const lang = document.getElementById("lang");
  for (const [code, name] of Object.entries(LANGUAGES)) lang.append(h("option", { value: code }, name));
  lang.value = language();
  document.documentElement.lang = language();
  lang.addEventListener("change", () => {
    setLanguage(lang.value);
    render();
  });
  document.getElementById("logout").addEventListener("click", async () => {
    await call("POST", "/v1/sessions:logout", {}).catch(() => {});
    setToken("");
    forgetPrincipal();
    go("/login");
  });
  document.getElementById("skip-link").addEventListener("click", (ev) => {
    ev.preventDefault();
    document.getElementById("main").focus();
  });
  window.addEventListener("hashchange", render);
  window.addEventListener("supplynet:signedout", () => {
    if (!currentPrincipal()) return;
    forgetPrincipal();
    go("/login");
  });
}

setupShell();
render();
