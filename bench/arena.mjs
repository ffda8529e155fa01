#!/usr/bin/env node
// The memory arena's sweep on N workers against one (a benchmark, not a test): opens the built
// page in headless Chromium with `?workers=N`, presses "Run the sweep", and times it to
// #arena[data-state=done]; also the longest task on the page's own thread while it ran (the
// main thread only draws), and whether every sweep gave the same table.
//
//   node bench/arena.mjs                     # the page's sweep (45 runs), 1 and 2 workers, 1 rep
//   node bench/arena.mjs --workers 1,2,4 --reps 3 --sweep quick
//
// Options: --workers LIST (default 1,2; 0 = on the page's own thread, a little each frame),
// --reps N (default 1), --sweep full|quick (default full). Env: CHROMIUM, DIST (default
// <repo>/dist). Run it on an idle machine: it prints the load average before and after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../tests/e2e/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.DIST ?? path.join(HERE, '..', 'dist'));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const counts = arg('workers', '1,2').split(',').map(Number);
const reps = Number(arg('reps', '1'));
const sweep = arg('sweep', 'full');

// A copy, so a build in another terminal cannot change the site mid-run.
const site = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-arena-bench-'));
fs.cpSync(DIST, site, { recursive: true });
const server = await serve(site);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
});
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`${os.cpus().length} cores, load average ${load()}; sweep ${sweep}, workers ${counts.join(', ')}, ${reps} rep(s)`);

async function once(workers) {
  const page = await browser.newPage();
  const query = `?workers=${workers}${sweep === 'quick' ? '&arena=quick' : ''}`;
  await page.goto(server.url + query);
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
  await page.evaluate(() => {
    window.longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longest = Math.max(window.longest, e.duration);
    }).observe({ type: 'longtask' });
  });
  await page.locator('#arena > summary').click();
  const start = Date.now();
  await page.locator('#arena-run').click();
  await page.waitForFunction(() => document.getElementById('arena').dataset.state === 'done', null, { timeout: 30 * 60_000, polling: 200 });
  const seconds = (Date.now() - start) / 1000;
  const result = {
    seconds,
    status: await page.textContent('#arena-status'),
    table: await page.textContent('#arena-table'),
    longest: await page.evaluate(() => window.longest),
  };
  await page.close();
  return result;
}

const results = {};
for (let rep = 0; rep < reps; rep++) {
  for (const n of counts) {
    const r = await once(n);
    (results[n] ??= []).push(r);
    console.log(`workers=${n}: ${r.seconds.toFixed(1)} s (the page says: ${r.status.trim()}); longest task on the page's thread ${r.longest.toFixed(0)} ms`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const base = counts.includes(1) ? median(results[1].map((r) => r.seconds)) : null;
for (const n of counts) {
  const m = median(results[n].map((r) => r.seconds));
  const speedup = base ? ` = ${(base / m).toFixed(2)}× one worker` : '';
  console.log(`workers=${n}: median ${m.toFixed(1)} s${speedup}`);
}
const tables = new Set(Object.values(results).flat().map((r) => r.table));
console.log(tables.size === 1 ? 'every sweep gave the same table' : `THE TABLES DIFFER (${tables.size} versions)`);
console.log(`load average after: ${load()}`);
await browser.close();
await server.close();
fs.rmSync(site, { recursive: true, force: true });
