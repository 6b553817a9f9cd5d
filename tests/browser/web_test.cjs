// Browser tests of the web front end (web/): Debian's headless chromium, driven by
// playwright-core, against the real gateway and the real supplynet-server on a fresh database.
// Run by ctest as web_browser_test:
//   node --test tests/browser/web_test.cjs -- --server=... --gateway=... --web-root=web
//        --tools=.tools/browser --out=build/browser-screenshots
// Steps run in order and share one company; every service is served, so a step whose RPC
// answers HTTP 501 fails.
"use strict";

const nodeTest = require("node:test");
const { before, after } = nodeTest;
const assert = require("node:assert/strict");
const path = require("node:path");
const { startAll, rest, activationCode } = require("./harness.cjs");

let env;
let page; // the client's administrator
let supplierPage; // a user of the supplier's own company
let shot = 0;
let inviteTime = 0;
let supplierActivated = false;

const PASSWORD = "correct horse battery";
const CLIENT = { country: "COUNTRY_CO", value: "890321567", dv: "0", name: "Acme S.A.S.", admin: "ana" };
const SUPPLIER = { country: "COUNTRY_CO", value: "900123456", dv: "8", name: "Papelería Peña Ltda", email: "ventas@pena.co" };
const OTHER_ISSUER = { country: "COUNTRY_CO", value: "901234567", dv: "7", name: "Café de Altura S.A.S." };

async function screenshot(name, on = page) {
  shot += 1;
  const file = path.join(env.out, `${String(shot).padStart(2, "0")}-${name}.png`);
  await on.screenshot({ path: file, fullPage: true });
}

// Whether the server serves an RPC yet: the gateway answers 501 for an unimplemented one.
async function served(method, urlPath, body) {
  const r = await rest(env.base, method, urlPath, body, await token());
  return r.status !== 501;
}

async function token(on = page) {
  return on.evaluate(() => sessionStorage.getItem("supplynet.token"));
}

async function expectHeading(text, on = page) {
  await on.getByRole("heading", { level: 1, name: text }).waitFor();
}

// Opens a route afresh (a goto to the hash the page is on already would not reload it).
async function open(on, route) {
  await on.goto(`${env.base}/#${route}`);
  await on.reload();
}

async function newPage() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "es-CO" });
  const p = await context.newPage();
  p.setDefaultTimeout(15000);
  p.on("pageerror", (err) => process.stderr.write(`[page error] ${err}\n`));
  p.on("dialog", (d) => d.accept());
  return p;
}

// A supplier's own company (registered through the API) and its administrator signed in on a
// page of their own.
async function companyUser(company, username) {
  const reg = await rest(env.base, "POST", "/v1/companies:register", {
    company: { tax_id: { country: company.country, value: `${company.value}-${company.dv}` }, legal_name: company.name },
    admin_username: username, admin_email: `${username}@example.co`, admin_password: PASSWORD,
  });
  assert.equal(reg.status, 200, JSON.stringify(reg.json));
  const p = await newPage();
  await signIn(p, username);
  return p;
}

// Who issues the document of the document steps: the supplier once it activated the client's
// invitation (a supplier sees its issued documents only when linked to that client); without
// invitations served, a company that registered before its first document reached the client
// (the server links it then).
let issuer;
async function documentIssuer(t) {
  if (issuer) return issuer;
  if (supplierActivated) {
    issuer = { company: SUPPLIER, page: supplierPage };
  } else {
    t.diagnostic("the issuer is a company registered before the sync (no activation step ran)");
    issuer = { company: OTHER_ISSUER, page: await companyUser(OTHER_ISSUER, "camilo") };
  }
  supplierPage = issuer.page;
  return issuer;
}

async function signIn(on, username) {
  await on.goto(env.base + "/#/login");
  await expectHeading("Iniciar sesión", on);
  const form = on.locator("#login-form");
  await form.getByLabel("Usuario").fill(username);
  await form.getByLabel("Contraseña").fill(PASSWORD);
  await form.getByRole("button", { name: "Entrar" }).click();
  await expectHeading("Red: proveedores", on);
}

// A test step that, when it fails, also saves what each page showed then.
function test(name, fn) {
  nodeTest.test(name, async (t) => {
    try {
      return await fn(t);
    } catch (err) {
      for (const [who, p] of [["client", page], ["supplier", supplierPage]]) {
        if (p) await screenshot(`FAILED-${who}`, p).catch(() => {});
      }
      throw err;
    }
  });
}

before(async () => {
  env = await startAll();
  page = await newPage();
});

after(async () => {
  if (env) await env.cleanup();
});

test("an administrator registers the company; field violations point at the bad fields", async () => {
  await page.goto(env.base + "/");
  await expectHeading("Iniciar sesión");
  await page.getByRole("link", { name: "Registrar empresa" }).click();
  await expectHeading("Registrar empresa");
  const form = page.locator("#register-form");
  await form.getByLabel("País").selectOption(CLIENT.country);
  await form.getByLabel("Identificación tributaria").fill(`${CLIENT.value}-9`); // wrong check digit
  await form.getByLabel("Razón social").fill(CLIENT.name);
  await form.getByLabel("Usuario administrador").fill(CLIENT.admin);
  await form.getByLabel("Correo del administrador").fill("ana@acme.co");
  await form.getByLabel("Contraseña").fill(PASSWORD);
  await form.getByRole("button", { name: "Registrar" }).click();
  await form.getByRole("alert").waitFor();
  assert.equal(await form.getByLabel("Identificación tributaria").getAttribute("aria-invalid"), "true");
  assert.match(await form.getByRole("alert").innerText(), /company\.tax_id/);
  await screenshot("register-error");

  await form.getByLabel("Identificación tributaria").fill(`${CLIENT.value}-${CLIENT.dv}`);
  await form.getByRole("button", { name: "Registrar" }).click();
  await page.getByText("Empresa registrada. Ya puede iniciar sesión.").waitFor();
  await screenshot("register-done");
});

test("the administrator signs in with the keyboard alone", async () => {
  await page.getByRole("link", { name: "Iniciar sesión" }).first().click();
  await expectHeading("Iniciar sesión");
  await page.keyboard.press("Tab");
  await page.keyboard.type(CLIENT.admin);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expectHeading("Red: proveedores");
  await page.getByText(`Sesión de ${CLIENT.admin} (${CLIENT.name})`).waitFor();
  await page.getByText("No hay resultados.").waitFor();
  await screenshot("suppliers-empty");
});

test("adds a supplier, finds it by tax ID (registered check) and by accent-free name", async () => {
  await page.locator("#add-supplier summary").click();
  const form = page.locator("#add-supplier-form");
  await form.getByLabel("País").selectOption(SUPPLIER.country);
  await form.getByLabel("Identificación tributaria").fill(SUPPLIER.value);
  await form.getByLabel("Nombre", { exact: true }).fill(SUPPLIER.name);
  // A bad email first: the API's field violation marks the field.
  await form.getByLabel("Correo principal").fill("not-an-email");
  await form.getByRole("button", { name: "Agregar" }).click();
  await form.getByRole("alert").waitFor();
  assert.equal(await form.getByLabel("Correo principal").getAttribute("aria-invalid"), "true");
  await form.getByLabel("Correo principal").fill(SUPPLIER.email);
  await form.getByLabel("Grupos (separados por comas)").fill("papel, oficina");
  await form.getByRole("button", { name: "Agregar" }).click();
  await page.getByText(`Proveedor ${SUPPLIER.name} agregado.`).waitFor();
  const row = page.locator("#suppliers-table tbody tr", { hasText: SUPPLIER.name });
  await row.getByText("No invitado").waitFor();
  await screenshot("supplier-added");

  const search = page.locator("#search-form");
  await search.getByLabel("País").selectOption(SUPPLIER.country);
  await search.getByLabel("Identificación tributaria").fill(SUPPLIER.value);
  await search.getByRole("button", { name: "Buscar" }).click();
  await page.locator("#registered-check", { hasText: `${SUPPLIER.name} está en su red: No invitado.` }).waitFor();
  await screenshot("registered-check-found");

  await search.getByLabel("Identificación tributaria").fill("20100047218");
  await search.getByLabel("País").selectOption("COUNTRY_PE");
  await search.getByRole("button", { name: "Buscar" }).click();
  await page.locator("#registered-check", { hasText: "Ningún proveedor de su red tiene la identificación PE 20100047218." }).waitFor();

  await search.getByLabel("Identificación tributaria").fill("");
  await search.getByLabel("Nombre contiene").fill("pena");
  await search.getByRole("button", { name: "Buscar" }).click();
  await page.locator("#suppliers-table tbody tr", { hasText: SUPPLIER.name }).waitFor();
  assert.equal(await page.locator("#registered-check").count(), 0);
  await screenshot("search-by-name");
  await search.getByRole("button", { name: "Limpiar" }).click();
  await page.locator("#suppliers-table tbody tr", { hasText: SUPPLIER.name }).waitFor();
});

test("downloads the CSV template from the server", async () => {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#template-download").click()]);
  const file = await download.path();
  const text = require("node:fs").readFileSync(file, "utf8");
  const reply = await rest(env.base, "GET", "/v1/suppliers:importTemplate", undefined, await token());
  assert.equal(reply.status, 200);
  assert.equal(text, `${reply.json.header_line}\r\n`);
  assert.match(text, /^Tax ID\*,Name\*/);
});

test("switches to English and back", async () => {
  await page.getByLabel("Idioma").selectOption("en");
  await expectHeading("Network: suppliers");
  await page.locator("#suppliers-table tbody tr", { hasText: "Not invited" }).waitFor();
  await screenshot("suppliers-english");
  await page.getByLabel("Language").selectOption("es");
  await expectHeading("Red: proveedores");
});

test("is readable on a phone: nothing wider than the screen", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expectHeading("Red: proveedores");
  await page.locator("#suppliers-table tbody tr", { hasText: SUPPLIER.name }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone screen`);
  await screenshot("suppliers-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("invites one supplier with several emails, and sees the invitation's delivery status", async (t) => {
  if (!(await served("GET", "/v1/invitations"))) throw new Error("InvitationService is not served (501)");
  await open(page, "/suppliers");
  const row = page.locator("#suppliers-table tbody tr", { hasText: SUPPLIER.name });
  await row.getByRole("button", { name: "Invitar" }).click();
  const dialog = page.locator("#invite-dialog");
  await dialog.getByLabel(/Correos/).fill(`${SUPPLIER.email}\ncompras@pena.co`);
  await screenshot("invite-dialog");
  inviteTime = Date.now() - 1000;
  await dialog.getByRole("button", { name: "Enviar invitación" }).click();
  await page.getByText(`Invitación creada para ${SUPPLIER.name}`).waitFor();
  await row.getByText("Invitado", { exact: true }).waitFor();
  await screenshot("supplier-invited");

  await page.getByRole("link", { name: "Invitaciones" }).click();
  await expectHeading("Invitaciones");
  const inv = page.locator("#invitations-table tbody tr", { hasText: SUPPLIER.name });
  await inv.getByText("compras@pena.co").waitFor();
  await inv.getByText("Pendiente").waitFor();
  assert.match(await inv.innerText(), /En cola|Enviado|Falló/);
  await screenshot("invitations");
});

test("uploads a CSV with one bad row: good rows kept, the bad row's error shown", async (t) => {
  if (!(await served("POST", "/v1/suppliers:import", "{}\n"))) throw new Error("ImportSuppliers is not served (501)");
  await open(page, "/suppliers");
  await expectHeading("Red: proveedores");
  const csv = [
    "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*",
    "800197268,Tornillos del Valle S.A.,,,Cali,Valle,,,ventas@tornillos.co,ferreteria,0",
    "830000000,Sin Correo S.A.S.,,,Bogotá,,,,,,0",
    "860002964,Lácteos Andinos S.A.,,,Bogotá,,,,pedidos@lacteos.co,,0",
  ].join("\r\n");
  const form = page.locator("#import-form");
  await form.getByLabel("Archivo CSV").setInputFiles({ name: "proveedores.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await form.getByLabel("País de las identificaciones").selectOption("COUNTRY_CO");
  await form.getByRole("button", { name: "Cargar" }).click();
  const report = page.locator("#import-report");
  await report.getByText("Informe de la carga").waitFor();
  assert.equal(await report.locator('[data-count="rows_read"]').innerText(), "3");
  assert.equal(await report.locator('[data-count="created"]').innerText(), "2");
  assert.equal(await report.locator('[data-count="rejected"]').innerText(), "1");
  const bad = report.locator('#import-errors tr[data-line="3"]');
  await bad.waitFor();
  assert.equal(await report.locator("#import-errors tbody tr").count(), 1);
  await page.locator("#suppliers-table tbody tr", { hasText: "Tornillos del Valle" }).waitFor();
  await page.locator("#suppliers-table tbody tr", { hasText: "Lácteos Andinos" }).waitFor();
  assert.equal(await page.locator("#suppliers-table tbody tr", { hasText: "Sin Correo" }).count(), 0);
  await report.scrollIntoViewIfNeeded();
  await screenshot("import-report");
});

test("selects several suppliers and invites them at once", async (t) => {
  if (!(await served("GET", "/v1/invitations"))) throw new Error("InvitationService is not served (501)");
  const rows = page.locator("#suppliers-table tbody tr", { hasText: "No invitado" });
  const n = await rows.count();
  if (n < 2) return t.skip("needs two NOT_INVITED suppliers (from the CSV upload step)");
  for (let i = 0; i < n; i++) await rows.nth(i).getByRole("checkbox").check();
  await page.getByRole("button", { name: `Invitar seleccionados (${n})` }).click();
  const report = page.locator("#batch-report");
  await report.waitFor();
  assert.equal(await report.locator("li.ok").count(), n);
  assert.equal(await page.locator("#suppliers-table tbody tr", { hasText: "No invitado" }).count(), 0);
  await screenshot("batch-invite");
});

test("a supplier's user activates the invitation with the emailed code", async (t) => {
  if (!(await served("GET", "/v1/invitations"))) throw new Error("InvitationService is not served (501)");
  if (!env.mailDir) return t.skip("the server has no --mail_dir to read the code from");
  const code = await activationCode(env.mailDir, SUPPLIER.email, inviteTime);
  supplierPage = await companyUser(SUPPLIER, "sofia");
  await supplierPage.getByRole("link", { name: "Activar invitación" }).click();
  await expectHeading("Activar invitación", supplierPage);
  const form = supplierPage.locator("#activate-form");
  const own = form.locator("fieldset", { hasText: "Identificación de su empresa" });
  await own.getByLabel("País").selectOption(SUPPLIER.country);
  await own.getByLabel("Identificación tributaria").fill(SUPPLIER.value);
  const client = form.locator("fieldset", { hasText: "Identificación del cliente" });
  await client.getByLabel("País").selectOption(CLIENT.country);
  await client.getByLabel("Identificación tributaria").fill(CLIENT.value);
  // A wrong code first: the API's error is shown, nothing changes.
  await form.getByLabel("Código de activación").fill("WRONG-CODE");
  await form.getByRole("button", { name: "Activar" }).click();
  await form.getByRole("alert").waitFor();
  await screenshot("activate-wrong-code", supplierPage);
  await form.getByLabel("Código de activación").fill(code);
  await form.getByRole("button", { name: "Activar" }).click();
  await supplierPage.getByText(`Listo: su empresa quedó registrada en la red de ${CLIENT.name}.`).waitFor();
  await screenshot("activated", supplierPage);
  supplierActivated = true;

  await open(page, "/suppliers");
  await page.locator("#suppliers-table tbody tr", { hasText: SUPPLIER.name }).getByText("Registrado").waitFor();
  await page.getByRole("link", { name: "Invitaciones" }).click();
  await page.locator("#invitations-table tbody tr", { hasText: SUPPLIER.name }).getByText("Aceptada").waitFor();
  await screenshot("invitation-accepted");
});

// The document of the flow below: issued by the supplier to the client, synced by the client.
const documentFrom = (company) => ({
  country: "COUNTRY_CO", type: "DOCUMENT_TYPE_INVOICE", series: "FE", number: "1001",
  issuer_tax_id: { country: company.country, value: company.value }, issuer_name: company.name,
  receiver_tax_id: { country: CLIENT.country, value: CLIENT.value }, receiver_name: CLIENT.name,
  issue_date: "2026-11-02", currency_code: "COP", net_amount: "1000000.00", tax_amount: "190000.00",
  total_amount: "1190000.00",
});

test("the supplier completes the validation information of its issued document", async (t) => {
  if (!(await served("GET", "/v1/documents?filter.direction=DOCUMENT_DIRECTION_RECEIVED"))) {
    throw new Error("DocumentStatusService is not served (501)");
  }
  // The client requires a purchase order and may reject SENT documents (its workflow page).
  await page.getByRole("link", { name: "Flujo de trabajo" }).click();
  await expectHeading("Flujo de trabajo");
  await page.getByRole("button", { name: "Agregar campo" }).click();
  const wf = page.locator("#workflow-form .workflow-field").last();
  await wf.getByLabel("Nombre interno").fill("purchase_order");
  await wf.getByLabel("Etiqueta").fill("Orden de compra");
  await wf.getByLabel("Formato").fill("OC-[0-9]{4}");
  await page.getByRole("checkbox", { name: "Enviado → Rechazado" }).check();
  await page.getByRole("button", { name: "Guardar flujo de trabajo" }).click();
  await page.getByText("Guardado.").waitFor();
  await screenshot("workflow");

  const { company, page: sp } = await documentIssuer(t);
  // The document arrives from the tax-authority channel (here: synced by the client's admin).
  const r = await rest(env.base, "POST", "/v1/documents:sync", `${JSON.stringify({ document: documentFrom(company) })}\n`, await token());
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.created, 1, JSON.stringify(r.json));

  await sp.getByRole("link", { name: "Documentos emitidos" }).click();
  await expectHeading("Documentos emitidos", sp);
  const row = sp.locator("#documents-table tbody tr", { hasText: "FE-1001" });
  await row.locator('.light[data-color="orange"]', { hasText: "Pendiente de información" }).waitFor();
  await screenshot("issued-pending", sp);
  await row.getByRole("link", { name: "FE-1001" }).click();
  await expectHeading("Documento FE-1001", sp);
  const form = sp.locator("#validation-form");
  await form.getByLabel("Orden de compra").fill("4711"); // does not match OC-nnnn
  await form.getByRole("button", { name: "Enviar información" }).click();
  await sp.locator("#document-status .light.orange").waitFor();
  await sp.locator("#validation-form").getByLabel("Orden de compra").fill("OC-4711");
  await sp.locator("#validation-form").getByRole("button", { name: "Enviar información" }).click();
  await sp.locator('#document-status .light[data-color="yellow"]', { hasText: "Enviado" }).waitFor();
  await screenshot("issued-sent", sp);
});

test("the client rejects the document with a reason; the supplier sees it red", async (t) => {
  if (!(await served("GET", "/v1/documents?filter.direction=DOCUMENT_DIRECTION_RECEIVED"))) {
    throw new Error("DocumentStatusService is not served (501)");
  }
  if (!issuer) return t.skip("needs the document of the validation step");
  await open(page, "/suppliers");
  await page.getByRole("link", { name: "Documentos recibidos" }).click();
  await expectHeading("Documentos recibidos");
  const row = page.locator("#documents-table tbody tr", { hasText: "FE-1001" });
  await row.locator('.light[data-color="yellow"]').waitFor();
  await screenshot("received-documents");
  await row.getByRole("link", { name: "FE-1001" }).click();
  await expectHeading("Documento FE-1001");
  const form = page.locator("#decision-form");
  await form.getByLabel("Nuevo estado").selectOption("DOCUMENT_STATUS_REJECTED");
  // Without a reason first: the API names the missing field.
  await form.getByRole("button", { name: "Cambiar estado" }).click();
  await form.getByRole("alert").waitFor();
  await form.getByLabel("Código de motivo").selectOption("STATUS_REASON_CODE_GOODS_NOT_DELIVERED");
  await form.getByLabel("Motivo (texto)").fill("La mercancía no llegó a la bodega de Cali.");
  await form.getByRole("button", { name: "Cambiar estado" }).click();
  await page.locator('#document-status .light[data-color="red"]', { hasText: "Rechazado" }).waitFor();
  const history = page.locator("#history-table tbody tr");
  await history.filter({ hasText: "La mercancía no llegó" }).waitFor();
  assert.ok((await history.count()) >= 3, "history: created, sent, rejected");
  await screenshot("received-rejected");

  const sp = issuer.page;
  await sp.getByRole("link", { name: "Documentos emitidos" }).click();
  const issued = sp.locator("#documents-table tbody tr", { hasText: "FE-1001" });
  await issued.locator('.light[data-color="red"]', { hasText: "Rechazado" }).waitFor();
  await issued.getByRole("link", { name: "FE-1001" }).click();
  await sp.locator("#document-reason", { hasText: "La mercancía no llegó a la bodega de Cali." }).waitFor();
  await screenshot("issued-rejected", sp);
});

test("long lists come in pages: 'load more' appends the next one", async () => {
  const admin = await token();
  for (let i = 0; i < 55; i++) {
    const r = await rest(env.base, "POST", "/v1/suppliers", {
      tax_id: { country: "COUNTRY_CO", value: String(700000000 + i) }, name: `Zz Página ${String(i).padStart(2, "0")}`,
      email: `p${i}@example.co`,
    }, admin);
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
  let total = 0;
  for (let tk = ""; ;) {
    const r = await rest(env.base, "GET", `/v1/suppliers?page_size=1000${tk ? `&page_token=${encodeURIComponent(tk)}` : ""}`, undefined, admin);
    total += r.json.suppliers.length;
    tk = r.json.next_page_token;
    if (!tk) break;
  }
  assert.ok(total > 50, `only ${total} suppliers; the page test needs more than 50`);
  await open(page, "/suppliers");
  const rows = page.locator("#suppliers-table tbody tr");
  await rows.nth(49).waitFor();
  assert.equal(await rows.count(), 50);
  await page.getByRole("button", { name: "Cargar más" }).click();
  await rows.nth(total - 1).waitFor();
  assert.equal(await rows.count(), total);
  assert.equal(await page.getByRole("button", { name: "Cargar más" }).count(), 0);
});
