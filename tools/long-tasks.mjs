// Does a big model ever hold the page? Trains a 3-layer LSTM(64) on a 2,000-row table of four
// series at full speed for 10 s and reports the long tasks (> 50 ms) the page saw, the longest gap
// between animation frames, and how far training got. Reports, asserts nothing.
//   node tools/long-tasks.mjs [DIST]        (default dist/)
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { serve } from '../tests/e2e/serve.mjs';
import os from 'node:os';

const site = await serve(process.argv[2] ?? new URL('../dist/', import.meta.url).pathname);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
await page.goto(site.url + '?units=64,64,64&cell=lstm&seqLen=20&nSteps=2&target=all&scale=standardize&speed=max');
await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
const rows = ['a,b,c,d'];
for (let i = 0; i < 2000; i++) {
  rows.push([Math.sin(i / 9), Math.cos(i / 13), Math.sin(i / 5) * 0.5, (i % 50) / 50].map((v) => v.toFixed(3)).join(','));
}
// As pasted: the text into the box, then the input event the page listens to.
await page.evaluate((text) => {
  const area = document.getElementById('sequence');
  area.value = text;
  area.dispatchEvent(new Event('input', { bubbles: true }));
}, rows.join('\n'));
await page.waitForFunction(() => !document.getElementById('train').disabled);
const result = await page.evaluate(() => new Promise((resolve) => {
  const long = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) long.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
  let last = performance.now(), gap = 0;
  const start = last;
  const tick = (t) => {
    gap = Math.max(gap, t - last);
    last = t;
    if (t - start < 10_000) requestAnimationFrame(tick);
    else resolve({ long, gap: Math.round(gap), status: document.getElementById('status').textContent });
  };
  document.getElementById('train').click();
  requestAnimationFrame(tick);
}));
console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`);
console.log(`3-layer LSTM(64), 2,000 rows × 4 series, 10 s at full speed: ${result.long.length} long tasks ${JSON.stringify(result.long)}, longest frame gap ${result.gap} ms; ${result.status}`);
await browser.close();
await site.close();
