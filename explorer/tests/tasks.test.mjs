// The explorer on deadline (issue 21): complete answers per government,
// scannable pages, forgiving search, publishable pictures, embeds, phone and
// keyboard, checked in headless Chromium against a server with the seed and
// the datasets loaded (SURVGRAPH_EXPLORER_URL).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// Node's own CRC-32, independent of the one the explorer writes PNGs with.
import { crc32, inflateSync } from 'node:zlib';
import {
  ARTIFACTS, api, counts, hashOf, launch, serverUrl, shot, waitDrawn, withPage as withPageIn,
} from './helpers.mjs';

const DESKTOP = { width: 1360, height: 900 };
const PHONE = { width: 390, height: 844 };
/** "No page over about 10 screens at any size of entity." */
const MAX_SCREENS = 10;

let browser;
const withPage = (fn, opts) => withPageIn(browser, fn, opts);

// ---- PNG, read with Node's zlib alone: chunks, CRCs, and the pixels inflated --


/** Parses a PNG: every chunk's CRC, the header, the resolution, and the image data's size. */
function parsePNG(buf) {
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  let i = 8;
  const chunks = [];
  const idat = [];
  let ihdr = null, phys = null;
  while (i < buf.length) {
    const len = buf.readUInt32BE(i);
    const type = buf.toString('latin1', i + 4, i + 8);
    const data = buf.subarray(i + 8, i + 8 + len);
    assert.equal(buf.readUInt32BE(i + 8 + len), crc32(buf.subarray(i + 4, i + 8 + len)), `CRC of chunk ${type}`);
    chunks.push(type);
    if (type === 'IHDR') ihdr = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8], colour: data[9] };
    if (type === 'pHYs') phys = { x: data.readUInt32BE(0), y: data.readUInt32BE(4), unit: data[8] };
    if (type === 'IDAT') idat.push(data);
    i += 12 + len;
  }
  assert.equal(chunks[0], 'IHDR');
  assert.equal(chunks.at(-1), 'IEND');
  const channels = { 6: 4, 2: 3, 0: 1, 4: 2 }[ihdr.colour];
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, ihdr.height * (1 + ihdr.width * channels * (ihdr.depth / 8)), 'the image data holds every row');
  return { ...ihdr, phys, chunks };
}

/** Clicks an export button and returns the file's bytes. */
async function exportFile(page, which) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.locator(`[data-testid=export-${which}]`).first().click(),
  ]);
  assert.equal(await download.failure(), null, 'the download completed');
  const file = join(ARTIFACTS, `picture-${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { name: download.suggestedFilename(), bytes: readFileSync(file), file };
}

/** Parses an SVG with the browser's XML parser; returns its text. */
async function parseSVG(page, bytes) {
  const r = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const err = doc.querySelector('parsererror');
    return { error: err ? err.textContent : null, root: doc.documentElement.nodeName, text: [...doc.querySelectorAll('text')].map((t) => t.textContent).join('\n') };
  }, bytes.toString('utf8'));
  assert.equal(r.error, null, 'the SVG parses');
  assert.equal(r.root, 'svg');
  return r.text;
}

async function waitSupply(page, which = 'suppliers') {
  await page.locator(`[data-testid=${which}-table]`).waitFor({ timeout: 60_000 });
}

let missing = null;
try { serverUrl(); } catch (e) { missing = e.message; }

if (missing) test('the server address is given', () => assert.fail(missing));
else describe('the explorer on deadline (issue 21)', { timeout: 900_000 }, () => {
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  test("1. Bahrain's page lists Hacking Team and Netsweeper, with citations, and every vendor suppliers() finds", async () => {
    const want = (await api('{ suppliers(of: "bahrain-government", first: 100) { nodes { id name placeholder } } }')).suppliers.map((c) => c.nodes[0]);
    const placeholders = want.filter((v) => v.placeholder);
    await withPage(async ({ page, base }) => {
      await page.goto(`${base}/#/entity/bahrain-government`);
      await waitSupply(page);
      assert.match(await page.locator('[data-testid=suppliers] h2').innerText(), /Who supplied Bahrain \(its agencies included\)/);
      // The table comes first, above the relationships and the timeline.
      const tops = await page.evaluate(() => ['[data-testid=suppliers]', '.relationships', '.timeline'].map((s) => document.querySelector(s).getBoundingClientRect().top));
      assert.ok(tops[0] < tops[1] && tops[1] < tops[2], `the table, then the relationships, then the timeline: ${tops}`);
      const all = page.locator('[data-testid=suppliers-all]');
      if (await all.count()) await all.click();
      const shown = await page.$$eval('[data-testid=suppliers-table] tbody tr[data-party]', (rs) => rs.map((r) => r.dataset.party));
      for (const v of want) {
        if (v.placeholder) assert.ok(!shown.includes(v.id), `${v.name} is a placeholder, left out by default`);
        else assert.ok(shown.includes(v.id), `${v.name} (${v.id}) is in the table`);
      }
      if (placeholders.length) {
        await page.locator('[data-testid=suppliers] button.placeholders').click();
        const withThem = await page.$$eval('[data-testid=suppliers-table] tbody tr[data-party]', (rs) => rs.map((r) => r.dataset.party));
        for (const v of placeholders) assert.ok(withThem.includes(v.id), `${v.name} is shown on demand`);
        await page.locator('[data-testid=suppliers] button.placeholders').click();
      }
      for (const [id, name] of [['hacking-team', 'Hacking Team'], ['netsweeper', 'Netsweeper']]) {
        const row = page.locator(`[data-testid=suppliers-table] tr[data-party=${id}]`);
        assert.equal(await row.count(), 1, `${name} has a row`);
        assert.match(await row.locator('th').innerText(), new RegExp(name));
        assert.ok(Number(await row.locator('td[data-label=Sources]').innerText()) >= 1, `${name}: its sources are counted`);
        await row.locator('button.open-chain').click();
        const detail = page.locator(`#${await row.locator('button.open-chain').getAttribute('aria-controls')}`);
        await detail.waitFor();
        const cites = detail.locator('.citation');
        assert.ok(await cites.count() >= 1, `${name}: the chain shows its citations`);
        assert.ok((await cites.first().locator('.source-title').innerText()).length > 5, `${name}: each citation names its source`);
        assert.match(await detail.innerText(), /supplied|makes|deployed/i);
        assert.match(await detail.innerText(), /basis: (leak|press|document|court record|measurement|company statement|export statistics)/, `${name}: each claim says what it rests on`);
      }
      assert.match(await page.locator('[data-testid=suppliers-network]').getAttribute('href'), /^#\/network\/bahrain-government\?depth=1&types=SUPPLIED,PART_OF,DEPLOYED$/);
      await shot(page, 'entity-government', { docs: true });
    }, { viewport: DESKTOP, timeout: 60_000 });
  });

  test('2. search forgives: "Hacking Tem" finds Hacking Team, did you mean, a country facet', async () => {
    await withPage(async ({ page, base }) => {
      await page.goto(`${base}/#/search?q=Hacking%20Tem`);
      const first = page.locator('.hits .hit').first();
      await first.waitFor();
      assert.equal(await first.getAttribute('data-id'), 'hacking-team', '"Hacking Tem" finds Hacking Team first');
      const dym = page.locator('[data-testid=did-you-mean]');
      assert.match(await dym.innerText(), /Did you mean Hacking Team/);
      await dym.locator('a', { hasText: /^Hacking Team$/ }).click();
      await page.waitForFunction(() => new URLSearchParams(location.hash.split('?')[1]).get('q') === 'Hacking Team');
      await page.locator('.hits .hit').first().waitFor();
      assert.equal(await page.locator('[data-testid=did-you-mean]').count(), 0, 'no suggestion once the name is right');
      await shot(page, 'search', { docs: false });

      await page.goto(`${base}/#/search?q=Gama%20International`);
      await page.locator('.hits .hit').first().waitFor();
      assert.equal(await page.locator('.hits .hit').first().getAttribute('data-id'), 'gamma-international');

      // "Egypt": the government before the stubs; the country facet finds what names do not say.
      await page.goto(`${base}/#/search?q=Egypt`);
      await page.locator('.hits .hit').first().waitFor();
      assert.equal(await page.locator('.hits .hit').first().getAttribute('data-id'), 'egypt-government', 'the Government of Egypt ranks first');
      await page.locator('[data-testid=country-facet] a', { hasText: 'Egypt' }).click();
      await page.waitForFunction(() => location.hash.includes('country=EG'));
      await page.locator('.hits .hit').first().waitFor();
      const ids = await page.$$eval('.hits .hit', (hs) => hs.map((x) => x.dataset.id));
      for (const id of ['egypt-government', 'egypt-technology-research-department', 'giza-systems']) {
        assert.ok(ids.includes(id), `Egypt, by country, finds ${id}: ${ids}`);
      }
      await shot(page, 'search-country', { docs: true });
    }, { viewport: DESKTOP });
  });

  test("3. Gamma's page and Bahrain's stay under ten screens, on a desktop and on a phone", async () => {
    const heights = {};
    for (const viewport of [DESKTOP, PHONE]) {
      await withPage(async ({ page, base }) => {
        for (const [id, which] of [['gamma-international', 'clients'], ['bahrain-government', 'suppliers']]) {
          await page.goto('about:blank');
          await page.goto(`${base}/#/entity/${id}`);
          await waitSupply(page, which);
          await page.locator('[data-testid=counterparties]').waitFor();
          const m = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, screen: innerHeight, width: document.documentElement.scrollWidth, inner: innerWidth }));
          const screens = Math.round((m.height / m.screen) * 10) / 10;
          heights[`${id} at ${viewport.width}×${viewport.height}`] = { px: m.height, screens };
          assert.ok(screens <= MAX_SCREENS, `${id} at ${viewport.width}×${viewport.height} is ${m.height} px, ${screens} screens (at most ${MAX_SCREENS})`);
          assert.ok(m.width <= m.inner, `${id} does not scroll sideways (${m.width} > ${m.inner})`);
          // Relationships come in pages, grouped by counterparty and type, with product and period.
          const rels = await page.locator('.relationships h2').innerText();
          if (id === 'gamma-international') {
            assert.match(await page.locator('[data-testid=clients-network]').getAttribute('href'), /depth=1&types=SUPPLIED$/, 'the clients open as a network, to export');
            assert.ok(await page.locator('.pager button', { hasText: 'Next' }).count() === 1, 'Gamma\'s relationships are paginated');
            assert.match(await page.locator('.rel-group').first().innerText(), /product:/, 'rows show their product');
          }
          assert.match(rels, /Relationships \(\d+\)/);
        }
        if (viewport === PHONE) await shot(page, 'entity-phone', { docs: true });
      }, { viewport, timeout: 60_000 });
    }
    writeFileSync(join(ARTIFACTS, 'page-heights.json'), JSON.stringify(heights, null, 2) + '\n');
    console.log('page heights:', JSON.stringify(heights));
  });

  test('4. PNG and SVG pictures parse, carry legend, sources, filters and date, and are the same each time', async () => {
    const svgs = [];
    for (const viewport of [DESKTOP, PHONE]) {
      await withPage(async ({ page, base }) => {
        await page.goto(`${base}/#/network/hacking-team?depth=1&types=SUPPLIED,MAKES`);
        await waitDrawn(page);
        const png1 = await exportFile(page, 'png');
        const png2 = await exportFile(page, 'png');
        const svg1 = await exportFile(page, 'svg');
        assert.equal(png1.name, 'survgraph-network-hacking-team.png');
        assert.ok(png1.bytes.equals(png2.bytes), 'two PNG exports of the same view are identical');
        const png = parsePNG(png1.bytes);
        assert.ok(png.width >= 3000, `print resolution: ${png.width} px wide`);
        assert.deepEqual(png.phys, { x: 11811, y: 11811, unit: 1 }, 'the PNG says 300 dpi');
        const text = await parseSVG(page, svg1.bytes);
        for (const want of [/Network around Hacking Team/, /Legend/, /Sources \(\d+\)/, /^1\.$/m, /Data as of/, /1 hop from Hacking Team/, /types: Supplied, Makes/]) {
          assert.match(text, want, `the picture says ${want}`);
        }
        // The same view after a reload gives the same picture: the layout is the view's own.
        await page.reload();
        await waitDrawn(page);
        const svg2 = await exportFile(page, 'svg');
        assert.ok(svg1.bytes.equals(svg2.bytes), 'the same view, loaded again, gives the same SVG');
        const png3 = await exportFile(page, 'png');
        assert.ok(png1.bytes.equals(png3.bytes), 'the same view, loaded again, gives the same PNG');
        svgs.push(svg1.bytes);
      }, { viewport, timeout: 120_000 });
    }
    assert.ok(svgs[0].equals(svgs[1]), 'a phone and a desktop export the same picture of the same view');

    // The path view exports too.
    await withPage(async ({ page, base }) => {
      await page.goto(`${base}/#/path/qosmos/syria-government`);
      await page.locator('.paths').waitFor();
      const a = await exportFile(page, 'svg');
      const b = await exportFile(page, 'svg');
      assert.ok(a.bytes.equals(b.bytes), 'two SVG exports of the path are identical');
      const text = await parseSVG(page, a.bytes);
      for (const want of [/Qosmos → Government of Syria/, /Company/, /Government/, /Legend/, /Sources/, /Data as of/, /at most 4 hops/]) {
        assert.match(text, want, `the path picture says ${want}`);
      }
      parsePNG((await exportFile(page, 'png')).bytes);
    }, { viewport: DESKTOP, timeout: 120_000 });
  });

  test('5. a layout moved by hand travels in the URL', async () => {
    await withPage(async ({ page, base, context }) => {
      await page.goto(`${base}/#/network/qosmos?depth=1`);
      await waitDrawn(page);
      const pos = await page.evaluate(() => window.__sgx.nodeAt('syria-government'));
      const box = await page.locator('#network-canvas').boundingBox();
      await page.mouse.move(box.x + pos.x, box.y + pos.y);
      await page.mouse.down();
      for (let i = 1; i <= 5; i++) await page.mouse.move(box.x + pos.x + i * 20, box.y + pos.y + i * 12);
      await page.mouse.up();
      await page.waitForFunction(() => /layout=/.test(location.hash));
      const moved = await page.evaluate(() => window.__sgx.positions());
      const svg1 = await exportFile(page, 'svg');
      const other = await context.newPage();
      await other.goto(page.url());
      await waitDrawn(other);
      assert.deepEqual(await other.evaluate(() => window.__sgx.positions()), moved, 'the URL gives back the positions');
      const svg2 = await exportFile(other, 'svg');
      assert.ok(svg1.bytes.equals(svg2.bytes), 'and the same picture');
      await other.locator('[data-testid=reset-layout]').click();
      await other.waitForFunction(() => !/layout=/.test(location.hash));
    }, { viewport: DESKTOP, timeout: 60_000 });
  });

  test('6. sensible defaults: home opens 1 hop, a big network opens cut and says how to see more, errors say what to try', async () => {
    await withPage(async ({ page, base }) => {
      await page.goto(`${base}/#/`);
      const hrefs = await page.$$eval('main a[href*="#/network/"]', (as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.length >= 2);
      for (const href of hrefs) assert.match(href, /depth=1(&|$)/, `${href} opens 1 hop`);

      const total = (await api('{ neighborhood(id: "bahrain-government", depth: 2) { nodes { id } } }')).neighborhood.nodes.length;
      assert.ok(total > 150, `Bahrain at 2 hops holds ${total} entities`);
      await page.goto(`${base}/#/network/bahrain-government?depth=2`);
      await waitDrawn(page);
      assert.equal((await counts(page)).nodes, 150, 'opens cut to 150 entities');
      const notice = page.locator('[data-testid=net-notice]');
      assert.match(await notice.innerText(), new RegExp(`Showing the 150 entities nearest Government of Bahrain of ${total}`));
      assert.match(await notice.innerText(), /Supplied only/);
      await shot(page, 'network-cut', { docs: true });
      await notice.locator('[data-testid=show-all]').click();
      await page.waitForFunction((n) => document.querySelector('#network-canvas')?.dataset.nodes === String(n), total, { timeout: 60_000 });
      assert.match(await hashOf(page), /all=1/);
      assert.equal(await page.locator('[data-testid=net-notice] .notice').count(), 0, 'no notice once all are shown');

      // A network the server cannot answer: the heading keeps the name, the error says what to try.
      await page.route('**/graphql', async (route) => {
        const body = route.request().postData() ?? '';
        if (!body.includes('neighborhood(')) return route.continue();
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'The request took longer than 10 s.', extensions: { code: 'TIMEOUT' } }] }) });
      });
      await page.goto('about:blank');
      await page.goto(`${base}/#/network/bahrain-government?depth=2`);
      const err = page.locator('.error');
      await err.waitFor();
      await page.locator('h1', { hasText: 'Network around Government of Bahrain' }).waitFor();
      const links = await err.locator('a').allInnerTexts();
      assert.ok(links.includes('1 hop') && links.includes('Supplied only'), `the error says what to try: ${links}`);
      assert.match(await err.locator('a', { hasText: '1 hop' }).getAttribute('href'), /depth=1/);
      await page.unroute('**/graphql');
    }, { viewport: DESKTOP, timeout: 90_000 });
  });

  test('7. embeds: entity pages embed, with the date of the data, the credit and the sources in view at the default size', async () => {
    await withPage(async ({ page, base }) => {
      const codes = {};
      await page.goto(`${base}/#/entity/bahrain-government`);
      await page.locator('.entity-embed summary').click();
      codes.entity = await page.locator('.entity-embed [data-testid=embed-code]').inputValue();
      assert.match(codes.entity, new RegExp(`src="${base}/embed#/entity/bahrain-government"`));
      await page.goto(`${base}/#/network/qosmos?depth=1`);
      await waitDrawn(page);
      codes.network = await page.locator('[data-testid=embed-code]').inputValue();
      await page.goto(`${base}/#/path/qosmos/syria-government`);
      await page.locator('.paths').waitFor();
      codes.path = await page.locator('[data-testid=embed-code]').inputValue();
      const asOf = (await api('{ dataAsOf }')).dataAsOf;
      for (const [what, code] of Object.entries(codes)) {
        const height = Number(code.match(/height="(\d+)"/)[1]);
        await page.route('http://publisher.test/**', (route) => route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><title>An article</title><body style="margin:0"><p>Text before.</p>${code}<p>Text after.</p></body>`,
        }));
        await page.goto('http://publisher.test/article.html');
        const frame = page.frameLocator('iframe');
        await frame.locator('.embed-credit').waitFor({ timeout: 60_000 });
        if (what === 'entity') await frame.locator('[data-testid=suppliers-table]').waitFor({ timeout: 60_000 });
        assert.equal(await frame.locator('#site-header').isVisible(), false, `${what}: no chrome`);
        await frame.locator(`[data-testid=data-asof][data-date="${asOf}"]`).waitFor();
        // Within the frame's own viewport, at the height the code sets, without scrolling it.
        const inView = await frame.locator('body').evaluate(() => {
          const r = (sel) => document.querySelector(sel)?.getBoundingClientRect();
          const credit = r('.embed-credit'), src = r('.embed-sources li');
          return { h: innerHeight, credit: credit && credit.bottom, source: src && src.bottom, scrolled: scrollY };
        });
        assert.ok(inView.credit && inView.credit <= inView.h, `${what}: the credit is in view (${JSON.stringify(inView)}, frame ${height})`);
        assert.ok(inView.source && inView.source <= inView.h, `${what}: the first source is in view (${JSON.stringify(inView)})`);
        await shot(page, `embed-${what}-in-article`, { docs: what === 'entity' });
        await page.unroute('http://publisher.test/**');
      }
    }, { viewport: { width: 1000, height: 900 }, timeout: 120_000 });
  });

  test('corrections are shown on claims and entities', async () => {
    await withPage(async ({ page, base }) => {
      await page.goto(`${base}/#/entity/allot`);
      const note = page.locator('[data-testid=corrected]').first();
      await note.waitFor();
      await note.locator('summary').click();
      assert.match(await note.innerText(), /corrected[\s\S]*Hod Hasharon/, 'the entity\'s correction and its reason');
      await page.goto(`${base}/#/entity/south-africa-government`);
      await page.locator('.relationships').waitFor();
      assert.ok(await page.locator('.claim-row .badge.corrected').count() >= 1, 'a corrected claim is marked');
    }, { viewport: DESKTOP });
  });

  test('8. a source page lists the claims it supports and disputes; path boxes show names and kinds', async () => {
    const rels = (await api('{ entity(id: "qosmos") { relationships(types: [SUPPLIED], direction: OUT) { nodes { id to { id } } } } }'))
      .entity.relationships.nodes.filter((r) => r.to.id === 'syria-government').map((r) => r.id);
    await withPage(async ({ page, base }) => {
      await page.goto(`${base}/#/entity/reuters-2012-07-26-france-investigates-qosmos`);
      const disputes = page.locator('[data-stance=DISPUTES]');
      await disputes.waitFor();
      const ids = await disputes.locator('.claim-row').evaluateAll((rs) => rs.map((r) => r.dataset.rel));
      assert.ok(rels.some((id) => ids.includes(id)), `the denied supply to Syria is among the claims it disputes: ${ids}`);
      assert.match(await page.locator('[data-stance=SUPPORTS] h3').innerText(), /Claims it supports \(\d+\)/);

      await page.goto(`${base}/#/path/qosmos/syria-government`);
      await page.locator('.paths').waitFor();
      assert.equal(await page.locator('[data-testid=path-from]').inputValue(), 'Qosmos');
      assert.equal(await page.locator('[data-testid=path-to]').inputValue(), 'Government of Syria');
      assert.match(await page.locator('[data-testid=path-from-kind]').innerText(), /Company/);
      assert.match(await page.locator('[data-testid=path-to-kind]').innerText(), /Government/);
    }, { viewport: DESKTOP });
  });

  test('9. on a 390×844 phone no page scrolls sideways, and the graph comes before its filters', async () => {
    const wide = {};
    await withPage(async ({ page, base }) => {
      for (const [hash, ready] of [
        ['#/', '#q'],
        ['#/search?q=egypt', '.hits'],
        ['#/search?q=Hacking%20Tem', '[data-testid=did-you-mean]'],
        ['#/entity/qosmos', '.relationships'],
        ['#/entity/bahrain-government', '[data-testid=suppliers-table]'],
        ['#/entity/gamma-international', '[data-testid=clients-table]'],
        ['#/entity/reuters-2012-07-26-france-investigates-qosmos', '[data-stance]'],
        ['#/entity/privacy-international-sii-transfers', '[data-stance]'],
        ['#/network/hacking-team?depth=1', '#network-canvas[data-rendered="1"]'],
        ['#/network/qosmos?depth=1&view=table', '[data-testid=edges-table]'],
        ['#/path/qosmos/syria-government', '.paths'],
        ['#/path', '#path-help'],
        ['#/embed/entity/bahrain-government', '.embed-credit'],
        ['#/embed/network/qosmos', '.embed-credit'],
        ['#/embed/path/qosmos/syria-government', '.embed-credit'],
      ]) {
        await page.goto('about:blank');
        await page.goto(`${base}/${hash}`);
        await page.locator(ready).first().waitFor({ state: 'attached', timeout: 60_000 });
        // Open what folds, so that nothing hides a wide line.
        await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
        const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: innerWidth }));
        if (m.sw > m.w) wide[hash] = m;
      }
      // The network: the graph first, the filters folded below it.
      await page.goto(`${base}/#/network/hacking-team?depth=1`);
      await waitDrawn(page);
      const at = await page.evaluate(() => ({
        graph: document.getElementById('network-canvas').getBoundingClientRect().top,
        filters: document.getElementById('net-filters').getBoundingClientRect().top,
        open: document.getElementById('net-filters').open,
      }));
      assert.ok(at.graph < 400 && at.graph < at.filters, `the graph comes first (${JSON.stringify(at)})`);
      assert.equal(at.open, false, 'the filters are folded into a panel');
      await shot(page, 'network-phone', { docs: true });
    }, { viewport: PHONE, timeout: 60_000 });
    assert.deepEqual(wide, {}, 'pages wider than the phone');
  });

  test('10. keyboard: a skip-to-graph link, and at most 5 Tabs from the heading to the graph', async () => {
    await withPage(async ({ page, base }) => {
      await page.goto(`${base}/#/`);
      await page.locator('#q').waitFor();
      // Navigate as a person would: the new view's heading takes the focus.
      await page.evaluate(() => { location.hash = '#/network/qosmos?depth=2'; });
      await waitDrawn(page);
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'the heading has the focus');
      let tabs = 0;
      for (; tabs < 30; tabs++) {
        if (await page.evaluate(() => document.activeElement?.id === 'network-canvas')) break;
        await page.keyboard.press('Tab');
      }
      console.log(`Tabs from the heading to the graph: ${tabs}`);
      writeFileSync(join(ARTIFACTS, 'tabs.json'), JSON.stringify({ network: tabs }) + '\n');
      assert.ok(tabs <= 5, `${tabs} Tabs from the heading to the graph (at most 5)`);

      // From the top of the page: Skip to content, Skip to graph.
      await page.reload();
      await waitDrawn(page);
      await page.focus('body');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to graph');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'network-canvas', 'Skip to graph focuses the graph');
      // From there the arrows move between entities.
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.getElementById('live')?.textContent);
    }, { viewport: DESKTOP });
  });
});
