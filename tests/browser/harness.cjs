// Starts what a browser test needs: a fresh database in the throwaway cluster of
// SUPPLYNET_TEST_DATABASE_URL, the real supplynet-server on it, the real gateway serving web/,
// and Debian's headless chromium through playwright-core.
"use strict";

const { spawn, spawnSync, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const os = require("node:os");
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

function serverKnowsFlag(binary, flag) {
  const r = spawnSync(binary, ["--helpfull"], { encoding: "utf8" });
  return new RegExp(`-${flag}\\b`).test(`${r.stdout}${r.stderr}`);
}

// The activation code of the newest invitation email to `address` in the mail folder; waits
// for the server's email sender to write it.
async function activationCode(mailDir, address, notBefore) {
  const deadline = Date.now() + 60000;
  for (;;) {
    for (const name of fs.readdirSync(mailDir).filter((n) => n.endsWith(".eml"))) {
      const file = path.join(mailDir, name);
      if (fs.statSync(file).mtimeMs < notBefore) continue;
      const text = decodeMail(fs.readFileSync(file, "utf8"));
      const m = /(?:activation code|código de activación):\s*(\S+)/i.exec(text);
      if (m && text.toLowerCase().includes(address.toLowerCase())) return m[1];
    }
    if (Date.now() > deadline) throw new Error(`no invitation email to ${address} in ${mailDir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// Headers as they are plus every base64 body part decoded.
function decodeMail(raw) {
  let out = raw;
  for (const m of raw.matchAll(/Content-Transfer-Encoding:\s*base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi)) {
    out += `\n${Buffer.from(m[1].replace(/\s+/g, ""), "base64").toString("utf8")}`;
  }
  return out;
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
    const serverArgs = ["--listen=127.0.0.1:0", "--metrics_listen=", `--database_url=${env.databaseUrl}`,
      "--password_hash_cost=minimum", ...extraServerArgs];
    // Invitation emails as .eml files the test reads the activation code from (servers
    // without email delivery do not know the flag).
    if (serverKnowsFlag(a.server, "mail_dir")) {
      env.mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "supplynet-browser-mail-"));
      cleanups.push(() => fs.rmSync(env.mailDir, { recursive: true, force: true }));
      serverArgs.push(`--mail_dir=${env.mailDir}`);
    }
    const serverPort = await startProcess("server", a.server, serverArgs, cleanups);
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

module.exports = { startAll, rest, activationCode };
