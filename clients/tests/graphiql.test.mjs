// The bundled GraphiQL (/graphiql, api/assets/graphiql) in headless Chromium:
// it loads the schema by introspection, its docs pane lists Query's fields, and
// it runs a query. Debian's Chromium, driven by playwright-core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, ROOT } from './server.mjs';

const CHROMIUM = process.env.SURVGRAPH_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'clients');

test('GraphiQL loads the schema, shows the docs and runs a query', async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: run make deps`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 60_000 });
  const problems = [];
  const answers = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // A missing favicon is no fault of the page's.
      if (m.type() === 'error' && !/favicon/.test(m.location().url ?? '')) problems.push(`console: ${m.text()}`);
    });
    page.on('response', async (r) => {
      if (new URL(r.url()).pathname === '/graphql') {
        answers.push({ status: r.status(), type: r.headers()['content-type'], body: await r.json().catch(() => null) });
      }
    });
    try {
      await page.goto(`${BASE}/graphiql`);
      // The schema arrives by introspection: the first answer.
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
      const docs = page.locator('.graphiql-doc-explorer');
      await docs.getByText('Root Types').waitFor();
      await docs.locator('a', { hasText: /^Query$/ }).first().click();
      for (const field of ['entity', 'search', 'neighborhood', 'paths', 'suppliers', 'clients', 'timeline', 'entities', 'relationships', 'stats']) {
        await docs.locator('.graphiql-doc-explorer-field-name', { hasText: new RegExp(`^${field}$`) }).first().waitFor();
      }
      assert.match(await docs.innerText(), /The entity with this id, or null\./);

      // The default query searches for Qosmos.
      await page.getByRole('button', { name: /^Execute query/ }).click();
      const response = page.locator('.graphiql-response');
      await response.getByText('"COMPANY"').first().waitFor();
      assert.match(await response.innerText(), /"id": "qosmos"/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql.png') });
    } catch (e) {
      await browser.contexts()[0]?.pages()[0]?.screenshot({ path: path.join(ARTIFACTS, 'graphiql-failure.png') }).catch(() => {});
      throw e;
    }
  } finally {
    await browser.close();
  }
  const introspection = answers.find((a) => a.body?.data?.__schema);
  assert.ok(introspection, `no introspection answer among ${answers.length}: ${JSON.stringify(answers.map((a) => a.body?.errors))}`);
  assert.equal(introspection.status, 200);
  assert.match(introspection.type, /^application\/graphql-response\+json/);
  assert.deepEqual(problems, []);
});
