// Screenshots of the real page for the README (and for looking at before a change lands):
//
//   node tools/screenshots.mjs [DIST] [OUT]      (defaults: dist/, docs/screenshots/)
//
// Serves DIST on localhost, drives headless Chromium (Debian's, through tests/e2e's
// playwright-core) and writes: desktop-1280x720.png (mid-training), presentation-1920x1080.png,
// presentation-1280x720.png, presentation-1024x768.png, phone-390x844.png, embed-640.png (in a host page, with its
// resize lines), embed-390.png, dark-1280x720.png, table-1280x720.png (two series),
// stack-1280x720.png (two layers both ways), and the memory arena after a real sweep (about a
// minute on two cores): arena-1280.png, arena-dark-1280.png, arena-phone-390x844.png. Prints any
// console error it saw.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const require = createRequire(path.join(REPO, 'tests', 'e2e', 'package.json'));
const { chromium } = require('playwright-core');
const { serve } = await import(path.join(REPO, 'tests', 'e2e', 'serve.mjs'));

const DIST = path.resolve(process.argv[2] ?? path.join(REPO, 'dist'));
const OUT = path.resolve(process.argv[3] ?? path.join(REPO, 'docs', 'screenshots'));
fs.mkdirSync(OUT, { recursive: true });

const root = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'rnn-shots-'));
fs.cpSync(DIST, root, { recursive: true });
const site = await serve(root);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--hide-scrollbars'],
});
const errors = [];

async function shoot(name, { width, height, query = '', dark = false, before, fullPage = false }) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: dark ? 'dark' : 'light' });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(`${name}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  await page.goto(site.url + query);
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
  if (before) await before(page);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage });
  await context.close();
  console.log(`wrote ${path.relative(REPO, path.join(OUT, name + '.png'))}`);
}

/** Train to `epochs` at full speed, then forecast, so every chart has something to show. */
async function trainThenForecast(page, epochs) {
  await page.selectOption('#speed', 'max');
  await page.click('#train');
  await page.waitForFunction((n) => /Epoch (\d+)/.exec(document.getElementById('status').textContent)?.[1] >= n, epochs, { timeout: 60_000 });
  if ((await page.textContent('#train')).trim() === 'Pause') await page.click('#train');
  await page.click('#forecast');
  // Focus a row of the windows table without scrolling to it: the charts show that window.
  await page.evaluate(() => document.querySelector('#windows-table tr[data-index="1"]')?.focus({ preventScroll: true }));
}

await shoot('desktop-1280x720', {
  width: 1280, height: 720, query: '?preset=airline',
  before: async (page) => {
    await page.selectOption('#speed', 'max');
    await page.click('#train');
    await page.waitForFunction(() => /Epoch (\d+)/.exec(document.getElementById('status').textContent)?.[1] >= 60);
    await page.click('#train');
    await page.click('#forecast');
    await page.mouse.move(5, 5);
  },
});
await shoot('presentation-1920x1080', { width: 1920, height: 1080, query: '?presentation=1', before: (p) => trainThenForecast(p, 200) });
await shoot('presentation-1280x720', { width: 1280, height: 720, query: '?presentation=1', before: (p) => trainThenForecast(p, 200) });
await shoot('presentation-1024x768', { width: 1024, height: 768, query: '?presentation=1', before: (p) => trainThenForecast(p, 200) });
await shoot('dark-1280x720', { width: 1280, height: 720, query: '?preset=sine&theme=dark', dark: true, before: (p) => trainThenForecast(p, 100) });
await shoot('phone-390x844', { width: 390, height: 844, query: '?preset=sine', before: (p) => trainThenForecast(p, 100) });

await shoot('table-1280x720', { width: 1280, height: 720, query: '?preset=sales-lead', before: (p) => trainThenForecast(p, 150) });
await shoot('stack-1280x720', {
  width: 1280, height: 720, query: '?preset=depth&units=8%2C8&bidirectional=1', before: (p) => trainThenForecast(p, 100),
});

// The memory arena after the whole sweep: the panel, in light and dark, and on a phone.
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(`arena: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`arena: ${e.message}`));
  await page.goto(site.url + '?preset=arena');
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1' && document.getElementById('arena').open);
  await page.click('#arena-run');
  await page.waitForFunction(() => document.getElementById('arena').dataset.state === 'done', null, { timeout: 15 * 60_000, polling: 500 });
  const arena = page.locator('#arena');
  const save = async (name, target) => {
    await target.screenshot({ path: path.join(OUT, `${name}.png`) });
    console.log(`wrote ${path.relative(REPO, path.join(OUT, name + '.png'))}`);
  };
  await save('arena-1280', arena);
  await page.selectOption('#theme', 'dark');
  await page.waitForTimeout(400);
  await save('arena-dark-1280', arena);
  await page.selectOption('#theme', 'light');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(600);
  await arena.scrollIntoViewIfNeeded();
  await save('arena-phone-390x844', page);
  await context.close();
}

// The embed, in a host page of its own with the copied code (so its height follows the content).
const code = await (async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(site.url + '?preset=sine');
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
  const c = await page.inputValue('#embed-code');
  await context.close();
  return c;
})();
fs.writeFileSync(path.join(root, 'host.html'), `<!doctype html><html><head><meta charset="utf-8"><title>A blog post</title>
<link rel="icon" href="data:,"><style>body{font:17px Georgia,serif;max-width:680px;margin:16px auto;padding:0 12px;color:#222}</style></head>
<body><h1>How a recurrent network learns</h1><p>Press Train below and watch the loss fall.</p>
${code}
<p>The rest of the post…</p></body></html>`);
for (const width of [640, 390]) {
  const context = await browser.newContext({ viewport: { width: width + 40, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`embed: ${e.message}`));
  await page.goto(site.url + 'host.html');
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  await frame.waitForFunction(() => document.documentElement.dataset.ready === '1');
  await frame.click('#train');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: path.join(OUT, `embed-${width}.png`), fullPage: true });
  console.log(`wrote ${path.relative(REPO, path.join(OUT, `embed-${width}.png`))}`);
  await context.close();
}

await browser.close();
await site.close();
fs.rmSync(root, { recursive: true, force: true });
if (errors.length) {
  console.error(`console errors:\n  ${errors.join('\n  ')}`);
  process.exitCode = 1;
}
