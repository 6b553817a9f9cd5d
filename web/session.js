// Who is signed in, and navigation between hash routes: shared by the shell (app.js) and the
// pages, so that no page imports the shell.
import { call, token } from "./api.js";

let principal = null;

export async function loadPrincipal() {
  principal = token() ? await call("GET", "/v1/me").catch(() => null) : null;
  return principal;
}

export function currentPrincipal() {
  return principal;
}

export function forgetPrincipal() {
  principal = null;
}

// The shell renders on every hashchange; going to the route already shown renders it again.
export function go(path) {
  if (location.hash === `#${path}`) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = `#${path}`;
}
