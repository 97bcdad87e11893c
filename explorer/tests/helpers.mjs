// Shared by the browser tests: Debian's Chromium driven by playwright-core
// (no browser download), the server address, artefact folders, and a strict
// Content-Security-Policy put on the page so that a violation fails a test.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(REPO, 'test-artifacts', 'explorer');
export const SCREENSHOTS = join(REPO, 'docs', 'screenshots');

export const CHROMIUM = process.env.SURVGRAPH_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// What the lead's server is expected to send for the explorer; the tests add
// it to every page they load, so anything that needs more fails here first.
export const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
  "connect-src 'self'", "font-src 'self'", "base-uri 'none'", "form-action 'self'",
].join('; ');

export function serverUrl() {
  const u = process.env.SURVGRAPH_EXPLORER_URL;
  if (!u) {
    throw new Error('SURVGRAPH_EXPLORER_URL is not set: start `survgraph serve` (with the seed loaded) and set it to its address, e.g. http://127.0.0.1:8080 — `make test-explorer` does all of this');
  }
  return u.replace(/\/+$/, '');
}

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/**
 * A fresh page with the CSP above on every HTML document, and lists of
 * console errors, page errors, CSP violations and /graphql request bodies.
 */
export async function newPage(browser, opts = {}) {
  // Note: listeners are on the page; frames (embeds in an iframe) report through it too.
  const base = serverUrl();
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1360, height: 900 },
    acceptDownloads: true,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(opts.timeout ?? 20_000);
  const page = await context.newPage();
  const log = { errors: [], csp: [], graphql: [], serverCsp: null };
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const t = m.text();
    if (/Content Security Policy/i.test(t)) log.csp.push(t);
    else log.errors.push(`console: ${t}`);
  });
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/graphql' && r.method() === 'POST') {
      try { log.graphql.push(JSON.parse(r.postData() ?? '{}')); } catch { /* ignore */ }
    }
  });
  // The explorer's pages run under the server's own CSP; a server (or dev
  // server) that sends none gets the strict one above, so violations show.
  await context.route((url) => url.origin === new URL(base).origin && (url.pathname === '/' || url.pathname === '/embed'), async (route) => {
    const res = await route.fetch();
    const headers = res.headers();
    log.serverCsp = headers['content-security-policy'] ?? null;
    if (!headers['content-security-policy']) headers['content-security-policy'] = CSP;
    await route.fulfill({ response: res, headers });
  });
  return { context, page, log, base };
}

export async function shot(page, name, { docs = false, fullPage = false } = {}) {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  if (docs) await page.screenshot({ path: join(SCREENSHOTS, `explorer-${name}.png`), fullPage });
  return file;
}

/** Waits for the network canvas to have drawn at least `n` times. */
export async function waitDrawn(page, n = 1, timeout = 30_000) {
  await page.waitForFunction((k) => Number(document.querySelector('#network-canvas')?.dataset.rendered ?? 0) >= k, n, { timeout });
}

export async function counts(page) {
  return page.$eval('#network-canvas', (el) => ({
    nodes: Number(el.dataset.nodes), edges: Number(el.dataset.edges), rendered: Number(el.dataset.rendered),
  }));
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's findings on the page as it is, every impact (minor to critical),
 * run through the DevTools protocol so that the page's CSP does not apply to
 * the checker.
 */
export async function axe(page) {
  await page.evaluate(AXE);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return res.violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Asks the GraphQL API directly, to compare the views with it. */
export async function api(query) {
  const res = await fetch(`${serverUrl()}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query }),
  });
  const body = await res.json();
  assert.equal(body.errors, undefined, `GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Opens a page, runs fn, then checks the page broke no CSP rule and threw nothing. */
export async function withPage(browser, fn, opts) {
  const p = await newPage(browser, opts);
  try {
    await fn(p);
    assert.deepEqual(p.log.csp, [], 'Content-Security-Policy violations');
    assert.deepEqual(p.log.errors, [], 'errors in the page');
  } finally {
    await p.context.close();
  }
}

export const hashOf = (page) => page.evaluate(() => decodeURIComponent(location.hash));
