// Starts what a browser test needs: a fresh database in the throwaway cluster of
// SUPPLYNET_TEST_DATABASE_URL, the real supplynet-server on it, the real gateway serving web/,
// and Debian's headless chromium through playwright-core.
"use strict";

const { spawn, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const readline = require("node:readline");

function args() {
  const out = {};
  for (const a of process.argv.slice(2)) {
    const m = /^--([a-z-]+)=(.*)$/.exec(a);
    if (m) out[m[1]] = m[2];
  }
  for (const k of ["server", "gateway", "web-root", "tools", "out"]) {
    if (!out[k]) throw new Error(`give --${k}=...`);
  }
  return out;
}

function psql(url, sql) {
  const bin = fs.existsSync("/usr/bin/psql") ? "psql" : "/usr/lib/postgresql/15/bin/psql";
  execFileSync(bin, [url, "-v", "ON_ERROR_STOP=1", "-qc", sql], { stdio: ["ignore", "inherit", "inherit"] });
}

function freshDatabase(cleanups) {
  const base = process.env.SUPPLYNET_TEST_DATABASE_URL;
  if (!base) throw new Error("SUPPLYNET_TEST_DATABASE_URL is not set (run through scripts/test)");
  const name = `browser_${process.pid}_${Date.now()}`;
  psql(base, `CREATE DATABASE ${name}`);
  cleanups.push(() => psql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

// Runs a child that prints {"event":"serving",...,"port":N} on stderr; resolves to its port.
function startProcess(name, binary, argv, cleanups) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, argv, { stdio: ["ignore", "inherit", "pipe"] });
    let done = false;
    const timer = setTimeout(() => fail(new Error(`${name} did not report serving within 60 s`)), 60000);
    function fail(err) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(err);
    }
    cleanups.push(() => stopChild(child));
    readline.createInterface({ input: child.stderr }).on("line", (line) => {
      process.stderr.write(`[${name}] ${line}\n`);
      if (!done && line.includes('"event":"serving"')) {
        const m = /"port":(\d+)/.exec(line);
        if (m) {
          done = true;
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      }
    });
    child.on("exit", (code) => fail(new Error(`${name} exited (${code}) before serving`)));
    child.on("error", fail);
  });
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20000);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

// Everything started, plus a `cleanup()` that stops it in reverse order.
async function startAll(extraServerArgs = []) {
  const a = args();
  const cleanups = [];
  const env = {
    cleanups,
    out: a.out,
    async cleanup() {
      for (const f of cleanups.reverse()) {
        try {
          await f();
        } catch (e) {
          process.stderr.write(`cleanup: ${e}\n`);
        }
      }
    },
  };
  try {
    fs.mkdirSync(a.out, { recursive: true });
    env.databaseUrl = freshDatabase(cleanups);
    const serverPort = await startProcess("server", a.server, [
      "--listen=127.0.0.1:0", "--metrics_listen=", `--database_url=${env.databaseUrl}`,
      "--password_hash_cost=minimum", ...extraServerArgs,
    ], cleanups);
    const gatewayPort = await startProcess("gateway", a.gateway, [
      "--listen=127.0.0.1:0", `--backend=127.0.0.1:${serverPort}`, `--web-root=${a["web-root"]}`,
    ], cleanups);
    env.base = `http://127.0.0.1:${gatewayPort}`;
    const { chromium } = require(path.join(a.tools, "node_modules", "playwright-core"));
    env.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
    cleanups.push(() => env.browser.close());
  } catch (e) {
    await env.cleanup();
    throw e;
  }
  return env;
}

// A REST call to the gateway (for setting up what the UI under test does not do itself).
async function rest(base, method, urlPath, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const resp = await fetch(base + urlPath, {
    method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await resp.text();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch (e) {
    json = { text };
  }
  return { status: resp.status, json };
}

module.exports = { startAll, rest };
