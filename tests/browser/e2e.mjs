// Drives headless Chromium through the sitrep web app against a real `sitrep serve`.
// Usage: node e2e.mjs --bin PATH/sitrep --db demo.db --out DIR [--chromium /usr/bin/chromium]
// Every check throws on failure; the process exits 1 then. Screenshots: DIR/NN-name.png.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const out = args.out;
const executablePath = args.chromium || '/usr/bin/chromium';

function check(ok, what) {
  if (!ok) throw new Error('FAILED: ' + what);
  console.log('ok  ' + what);
}

// Starts `sitrep serve` on a free loopback port; resolves with its base URL.
function startServer(extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(args.bin, ['serve', '--db', args.db, '--addr', '127.0.0.1:0', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + err)), 30000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /serving .* on (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) { clearTimeout(timer); resolve({ child, base: m[1] }); }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

const servers = [];
const profile = mkdtempSync(join(tmpdir(), 'sitrep-chromium-'));
let context;
let failed = false;
try {
  const { child, base } = await startServer();
  servers.push(child);
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const page = context.pages()[0] || await context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  // Waits until the app has drawn the route in the address bar.
  const settled = () => page.waitForFunction(() => {
    const m = document.getElementById('main');
    return m.getAttribute('data-rendered') === location.hash && !m.hasAttribute('aria-busy');
  });
  const shot = async (name, what) => {
    await page.screenshot({ path: join(out, name), fullPage: true });
    console.log(`shot ${name}: ${what}`);
  };

  // 1. Search.
  await page.goto(base + '/#/search');
  await page.fill('#f-q', 'S-400');
  await page.press('#f-q', 'Enter');
  await page.waitForFunction(() => location.hash.includes('q=S-400'));
  await settled();
  const hits = await page.locator('.results li').count();
  check(hits >= 2, `search "S-400" finds both Belarus copies (${hits} hits)`);
  check(await page.locator('.results mark').count() > 0, 'search snippets mark the matching words');
  await shot('01-search.png', 'search for S-400 with filters, hits with marked snippets');

  // 2. Article with highlighted facts.
  await page.locator('.results li h3 a', { hasText: 'Belarus Leader' }).first().click();
  await page.waitForSelector('.article-text');
  const layers = {};
  for (const layer of ['entity', 'quote', 'amount', 'time', 'event']) {
    layers[layer] = await page.locator(`.article-text [data-layer="${layer}"]`).count();
    check(layers[layer] > 0, `article highlights ${layer} (${layers[layer]})`);
  }
  const amountTip = await page.locator('.article-text [data-layer="amount"]').first().getAttribute('title');
  check(/money|count|quantity|percent|duration/.test(amountTip || ''), `amount tooltip shows the normalised value (${amountTip})`);
  const entity = page.locator('.article-text a.hl-entity.type-PERSON', { hasText: 'Lukashenko' }).first();
  await entity.hover();
  const detail = await page.locator('.fact-detail').textContent();
  check(/PERSON/.test(detail), `hovering an entity shows its fact (${detail})`);
  const story = await page.locator('section.story').textContent();
  check(/france24|themoscowtimes|Moscow Times|France 24/i.test(story), 'story cluster lists the other outlet');
  await shot('02-article.png', 'Belarus article: entities, quotes, amounts, times, events and arms evidence highlighted; story cluster');

  // 3. Entity page.
  await entity.click();
  await page.waitForSelector('svg.chart');
  const h1 = await page.locator('main h1').textContent();
  check(/Lukashenko/.test(h1), `entity page opens (${h1.trim()})`);
  check(await page.locator('svg.chart rect').count() > 0, 'entity timeline chart has bars');
  check(await page.locator('main ul.quotes li').count() > 0, 'entity page lists quotes');
  await shot('03-entity.png', 'entity page: profile, mentions/events per month chart, quotes, co-occurring actors');

  // 4. Arms register: sort and filter.
  await page.click('nav.site a[href="#/arms"]');
  await page.waitForSelector('table.register');
  const rows = await page.locator('table.register tbody tr').count();
  check(rows >= 2, `arms register has rows (${rows})`);
  await shot('04-register.png', 'arms register, default order');
  const systems = async () => page.locator('table.register td[data-col="system"]').allTextContents();
  const cmp = (a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
  await page.click('table.register th a:has-text("System")');
  await page.waitForFunction(() => location.hash.includes('sort=system'));
  await settled();
  let s = await systems();
  check(JSON.stringify(s) === JSON.stringify([...s].sort(cmp)), `sorted by system ascending: ${s.join(', ')}`);
  await page.click('table.register th a:has-text("System")');
  await page.waitForFunction(() => location.hash.includes('order=desc'));
  await settled();
  s = await systems();
  check(JSON.stringify(s) === JSON.stringify([...s].sort(cmp).reverse()), `sorted by system descending: ${s.join(', ')}`);
  await shot('05-register-sorted.png', 'arms register sorted by system, descending');
  const suppliers = await page.locator('table.register td[data-col="supplier"]').allTextContents();
  const pick = suppliers.find((x) => x !== '?') || 'RU';
  await page.fill('#f-supplier', pick);
  await page.press('#f-supplier', 'Enter');
  await page.waitForFunction((p) => location.hash.includes('supplier=' + p), pick);
  await settled();
  const filtered = await page.locator('table.register td[data-col="supplier"]').allTextContents();
  check(filtered.length > 0 && filtered.every((x) => x === pick), `filter supplier=${pick}: ${filtered.length} rows, all ${pick}`);
  check(filtered.length <= suppliers.length, 'filtering does not add rows');
  await shot('06-register-filtered.png', `arms register filtered to supplier ${pick}`);
  // Evidence link opens the article at the evidence.
  await page.locator('table.register tbody tr').first().locator('td').last().locator('a').first().click();
  await page.waitForSelector('.article-text .hl-evidence');
  check(true, 'evidence link opens the article with the arms evidence highlighted');

  // 5. Hostile article: markup shows as text and never runs.
  await page.goto(base + '/#/search?q=moderators');
  await page.waitForSelector('.results li');
  await page.locator('.results li h3 a', { hasText: 'Ministry Removes Comment' }).first().click();
  await page.waitForSelector('.article-text');
  const title = await page.locator('main h1').textContent();
  check(title.includes('<script>alert(1)</script>'), 'a title with <script> is shown as text');
  const text = await page.locator('.article-text').textContent();
  check(text.includes('<script>alert(1)</script>') && text.includes('<img src=x onerror=alert(2)>'), 'article markup is shown as text');
  check(await page.locator('main script, main img').count() === 0, 'no script or img element was created from article text');
  await page.waitForTimeout(300);
  check(dialogs.length === 0, 'no alert dialog ever opened');
  await shot('07-hostile.png', 'article whose text contains <script>alert(1)</script>, rendered as text');

  // 6. Events timeline and map.
  await page.click('nav.site a[href="#/events"]');
  await page.waitForSelector('table.events');
  check(await page.locator('table.events tbody tr').count() > 0, 'events timeline lists events');
  await shot('08-events.png', 'events: per-month chart and table');
  await page.click('nav.site a[href="#/map"]');
  await page.waitForSelector('svg.map path.land');
  const lands = await page.locator('svg.map path.land').count();
  const dots = await page.locator('svg.map circle').count();
  check(lands > 100, `map draws country outlines (${lands})`);
  check(dots > 0, `map plots places (${dots})`);
  await shot('09-map.png', 'map: Natural Earth countries (world-atlas), places sized by articles');

  // 7. Theme toggle and keyboard.
  await page.goto(base + '/#/arms');
  await page.waitForSelector('table.register');
  const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click('#theme');
  const after = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(before !== after, `theme toggle switches colours (${before} → ${after})`);
  await shot('10-dark.png', 'arms register after the theme toggle (dark)');
  await page.click('#theme');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement ? document.activeElement.tagName : '');
  check(['A', 'INPUT', 'SELECT', 'BUTTON'].includes(focused), `Tab moves focus to controls (${focused})`);
  await page.focus('nav.site a[href="#/events"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#/events');
  await settled();
  check(await page.locator('table.events').count() === 1, 'Enter on a focused nav link opens the page');

  check(consoleErrors.length === 0, `no script errors (${consoleErrors.join(' | ')})`);

  // 8. Token: a server started with --token asks for it and works once given.
  const tokened = await startServer(['--token', 'e2e-secret']);
  servers.push(tokened.child);
  await page.goto(tokened.base + '/#/arms');
  await page.waitForSelector('form.token');
  await shot('11-token.png', 'server started with --token: the app asks for the token');
  const status = await page.evaluate(async () => (await fetch('/api/stats')).status);
  check(status === 401, 'API without the token answers 401');
  await page.fill('#token', 'e2e-secret');
  await page.press('#token', 'Enter');
  await page.waitForSelector('table.register');
  check(true, 'with the token the register loads');
  console.log('browser test passed');
} catch (e) {
  failed = true;
  console.error(e.stack || String(e));
} finally {
  if (context) await context.close().catch(() => {});
  for (const s of servers) s.kill();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
