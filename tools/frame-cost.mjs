// What a frame of training costs the page layer: Chromium's own counters (Performance.getMetrics:
// script, layout and style time) over the notebook's 200 epochs at the default pace (4 s), where
// the training itself is a few ms in all, so nearly everything measured is the page drawing itself.
// Compares builds, alternating, several times each; reports, asserts nothing.
//   node tools/frame-cost.mjs [--reps N] DIST [DIST ...]      (e.g. dist /tmp/old-dist)
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { serve } from '../tests/e2e/serve.mjs';
import os from 'node:os';

const argv = process.argv.slice(2);
let reps = 5;
const dists = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--reps') reps = Number(argv[++i]);
  else dists.push(argv[i]);
}
if (!dists.length) {
  console.error('usage: node tools/frame-cost.mjs [--reps N] DIST [DIST ...]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const sites = await Promise.all(dists.map((d) => serve(d)));
const results = dists.map(() => []);
const KEYS = ['ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskDuration'];
for (let r = 0; r < reps; r++) {
  for (let d = 0; d < dists.length; d++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(sites[d].url + '?speed=50');
    await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const read = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const frames = () => page.evaluate(() => new Promise((resolve) => {
      let n = 0;
      const start = performance.now();
      const tick = () => { n++; if (/Epoch 200 \/ 200/.test(document.getElementById('status').textContent)) resolve({ n, ms: performance.now() - start }); else requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    }));
    const before = await read();
    const done = frames();
    await page.click('#train');
    const { n, ms } = await done;
    const after = await read();
    const per = Object.fromEntries(KEYS.map((k) => [k, ((after[k] - before[k]) * 1000) / n]));
    results[d].push({ frames: n, ms, ...per });
    await page.close();
  }
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}; ${reps} runs each, alternating`);
for (let d = 0; d < dists.length; d++) {
  const rs = results[d];
  const line = KEYS.map((k) => `${k.replace('Duration', '')} ${median(rs.map((x) => x[k])).toFixed(3)} ms`).join(', ');
  console.log(`${dists[d]}: per frame (median over runs of ~${median(rs.map((x) => x.frames))} frames): ${line}`);
}
await browser.close();
await Promise.all(sites.map((s) => s.close()));
