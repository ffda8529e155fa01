// Measures the page as a visitor meets it, in headless Chromium (figures for the README):
//   node tools/measure-page.mjs        (after `trunk build`; uses tests/e2e's playwright-core)
// - time from navigation to the first chart drawn (the wasm marks 'first-chart'), median of 15
//   loads, and the long tasks seen during those loads;
// - the page's transfer size, gzipped (html, js, wasm, css, boot.js);
// - ms per epoch through the page's own loop, at speed "max", for (A) the notebook and
//   (B) 400 points of 50 + 40·sin(i/8), seq_len 20, n_steps 5, 64 units, batch 32;
// - long tasks (> 50 ms, PerformanceObserver) while each trains, and for a big model
//   (512 units, seq_len 200), whose minibatches are cut into pieces across frames;
// - time from pressing Train (the click event) to 200 epochs shown for the notebook, median of 3.
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { serve } from '../tests/e2e/serve.mjs';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const srv = await serve(dist);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const files = ['index.html', 'boot.js', 'rnn-playground.js', 'rnn-playground_bg.wasm', 'style.css'];
let total = 0;
for (const f of files) {
  const gz = zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
  total += gz;
  console.log(`${f.padEnd(26)} ${String(gz).padStart(7)} B gzipped`);
}
console.log(`${'total'.padEnd(26)} ${String(total).padStart(7)} B gzipped (${(total / 1024).toFixed(1)} KiB)`);

async function open(query = '') {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__long = [];
    window.__longStart = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        window.__long.push(e.duration);
        window.__longStart.push(e.startTime);
      }
    })
      .observe({ type: 'longtask', buffered: true });
  });
  await page.goto(srv.url + query);
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
  return page;
}

// 15 loads: the first chart's time, and any long task after the first paint (the page's own
// start-up; before it the browser parses and lays out the HTML).
const firsts = [];
const startLong = [];
for (let i = 0; i < 15; i++) {
  const page = await open();
  await page.waitForFunction(() => performance.getEntriesByName('first-chart').length > 0);
  await page.waitForTimeout(300);
  const r = await page.evaluate(() => ({
    first: performance.getEntriesByName('first-chart')[0].startTime,
    long: window.__long.filter((_, k) => window.__longStart[k] > (performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0)),
  }));
  firsts.push(r.first);
  startLong.push(...r.long);
  await page.close();
}
firsts.sort((a, b) => a - b);
console.log(`navigation → first chart: median ${firsts[7].toFixed(0)} ms of 15 (${firsts.map((v) => v.toFixed(0)).join(', ')})`);
console.log(`long tasks (> 50 ms) after the first paint, in 15 loads: ${startLong.length}` +
  (startLong.length ? ` (${startLong.map((v) => v.toFixed(0)).join(', ')} ms)` : ''));

const sine = Array.from({ length: 400 }, (_, i) => (50 + 40 * Math.sin(i / 8)).toFixed(3)).join(',');
const configs = [
  ['(A) notebook', 'speed=max&epochs=2000'],
  ['(B) sine 400', `speed=max&epochs=60&sequence=${sine}&seqLen=20&nSteps=5&units=64`],
  ['big: 512 units, seq_len 200', `speed=max&epochs=1&units=512&seqLen=200&nSteps=5&sequence=${sine}`],
];
for (const [name, query] of configs) {
  const page = await open('?' + query);
  await page.evaluate(() => { window.__long.length = 0; });
  const t0 = Date.now();
  await page.click('#train');
  await page.waitForFunction(() => document.getElementById('train').textContent === 'Train'
    && /Epoch [1-9]/.test(document.getElementById('status').textContent), null, { timeout: 600000 });
  const wall = Date.now() - t0;
  const r = await page.evaluate(() => ({
    status: document.getElementById('status').textContent,
    speed: document.getElementById('speed-readout').textContent,
    long: window.__long.slice(),
  }));
  console.log(`${name}: ${r.speed} Wall ${wall} ms. Long tasks while training: ${r.long.length}` +
    (r.long.length ? ` (longest ${Math.max(...r.long).toFixed(0)} ms)` : '') + `. ${r.status.split(' · ').slice(0, 2).join(' · ')}`);
  await page.close();
}

// In the page: from the click's own timestamp to the status first showing epoch 200 (Playwright's
// round trips are not the person's wait).
const presses = [];
for (let i = 0; i < 3; i++) {
  const page = await open();
  await page.evaluate(() => {
    window.__pressed = null;
    window.__done = null;
    document.getElementById('train').addEventListener('click', (e) => { window.__pressed = e.timeStamp; }, { capture: true, once: true });
    new MutationObserver(() => {
      if (window.__done === null && /Epoch 200 \/ 200/.test(document.getElementById('status').textContent)) {
        window.__done = performance.now();
      }
    }).observe(document.getElementById('status'), { childList: true, characterData: true, subtree: true });
  });
  await page.click('#train');
  await page.waitForFunction(() => window.__done !== null);
  presses.push(await page.evaluate(() => window.__done - window.__pressed));
  await page.close();
}
presses.sort((a, b) => a - b);
console.log(`notebook, Train pressed → 200 epochs shown (default speed, 20 epochs per frame): median ${presses[1].toFixed(0)} ms (${presses.map((v) => v.toFixed(0)).join(', ')})`);
await browser.close();
srv.close();
