// Measures the page as a visitor meets it, in headless Chromium (figures for the README; it reports,
// it asserts nothing: timings depend on the machine and on what else runs on it).
//   node tools/measure-page.mjs [--only LIST] [--loads N]   (after `trunk build`; uses tests/e2e's playwright-core)
//   --only LIST   comma-separated sections, default all: sizes, startup, train, lstm, replay, press
//   --loads N     loads of the default page for `startup` (default 15)
// Sections:
// - sizes: the page's transfer size per file, gzip -9 (html, js, wasm, css, boot.js);
// - startup: time from navigation to the first chart drawn (the wasm marks 'first-chart'), median of
//   15 loads, and the long tasks seen during those loads after the first paint;
// - train: ms per epoch through the page's own loop, at speed "max", for (A) the notebook and
//   (B) 400 points of 50 + 40·sin(i/8), seq_len 20, n_steps 5, 64 units, batch 32, and long tasks
//   (> 50 ms, PerformanceObserver 'longtask') while each trains, and for a big SimpleRNN (512 units,
//   seq_len 200), whose minibatches are cut into pieces across frames;
// - lstm: an LSTM of 512 units at seq_len 200 on the 400-point sine, speed "max": Train pressed and
//   watched for 10 s: long tasks, the longest gap between animation frames, the epochs reached;
// - replay: a comparison link's kept runs trained again in the background as the page starts
//   (4 notebook-sized runs: ?run=seed%3D1…4; 2 (B)-sized ones): long tasks, the longest frame gap, and
//   the time until every run has finished;
// - press: time from pressing Train (the click event) to 200 epochs shown for the notebook, median of
//   3, at the page's default speed and at "max".
// The load average is printed with each section: on a busy machine every figure grows.
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { serve } from '../tests/e2e/serve.mjs';
import fs from 'node:fs';
import os from 'node:os';
import zlib from 'node:zlib';
import path from 'node:path';

const SECTIONS = ['sizes', 'startup', 'train', 'lstm', 'replay', 'press'];
const argv = process.argv.slice(2);
let only = SECTIONS;
let loads = 15;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--only') only = argv[++i].split(',');
  else if (argv[i].startsWith('--only=')) only = argv[i].slice(7).split(',');
  else if (argv[i] === '--loads') loads = Number(argv[++i]);
  else if (argv[i].startsWith('--loads=')) loads = Number(argv[i].slice(8));
  else {
    console.error(`unknown argument ${argv[i]}\nusage: node tools/measure-page.mjs [--only ${SECTIONS.join(',')}] [--loads N]`);
    process.exit(2);
  }
}
const bad = only.filter((s) => !SECTIONS.includes(s));
if (bad.length || !(loads >= 1)) {
  console.error(`unknown section ${bad.join(', ')} (known: ${SECTIONS.join(', ')}), or --loads not a positive number`);
  process.exit(2);
}
const want = (s) => only.includes(s);
const load = () => `load average ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`;
const section = (title) => console.log(`\n== ${title} (${load()})`);

// A snapshot of dist/, so a build running meanwhile cannot change the site under the measurement.
const distDir = new URL('../dist/', import.meta.url).pathname;
const files = ['index.html', 'boot.js', 'rnn-playground.js', 'rnn-playground_bg.wasm', 'style.css'];
function snapshot() {
  for (let attempt = 1; attempt <= 30; attempt++) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-measure-dist-'));
    try {
      fs.cpSync(distDir, tmp, { recursive: true });
      if (files.every((f) => fs.statSync(path.join(tmp, f)).size > 0)) return tmp;
    } catch {
      // missing or vanished while copying: a build is running
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
  }
  throw new Error(`${distDir} has no complete site (${files.join(', ')})`);
}
const dist = snapshot();
const built = fs.statSync(path.join(distDir, 'index.html')).mtime.toISOString();
console.log(`dist/ built ${built}; ${new Date().toISOString()}; ${os.cpus().length} cores; ${load()}`);

const srv = await serve(dist);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

if (want('sizes')) {
  section('transfer size, gzip -9');
  let total = 0;
  for (const f of files) {
    const gz = zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
    total += gz;
    console.log(`${f.padEnd(26)} ${String(gz).padStart(7)} B gzipped  (raw ${fs.statSync(path.join(dist, f)).size} B)`);
  }
  console.log(`${'total'.padEnd(26)} ${String(total).padStart(7)} B gzipped (${(total / 1024).toFixed(1)} KiB)`);
}

// Every page gets: long tasks (duration, start), the longest gap between animation frames and how
// many gaps exceeded 50 ms since window.__resetWatch(), the time the page said it was ready, and when its kept runs had all finished.
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
    window.__maxGap = 0;
    window.__slowFrames = 0;
    window.__frames = 0;
    window.__readyAt = null;
    window.__runsDoneAt = null;
    let last = null;
    window.__resetWatch = () => {
      window.__maxGap = 0;
      window.__slowFrames = 0;
      window.__frames = 0;
      last = null;
      window.__long.length = 0;
      window.__longStart.length = 0;
    };
    const tick = (t) => {
      if (last !== null) {
        window.__maxGap = Math.max(window.__maxGap, t - last);
        if (t - last > 50) window.__slowFrames++;
      }
      last = t;
      window.__frames++;
      if (window.__readyAt === null && document.documentElement?.dataset.ready === '1') window.__readyAt = performance.now();
      if (window.__runsDoneAt === null) {
        const lines = [...document.querySelectorAll('#runs li .what')].map((e) => e.textContent);
        if (lines.length && lines.every((l) => !/epoch \d+…/.test(l))) window.__runsDoneAt = performance.now();
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto(srv.url + query);
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1', null, { timeout: 120000 });
  return page;
}

const fmtLong = (l) => `${l.length}` + (l.length ? ` (longest ${Math.max(...l).toFixed(0)} ms)` : '');
const sine = Array.from({ length: 400 }, (_, i) => (50 + 40 * Math.sin(i / 8)).toFixed(3)).join(',');

if (want('startup')) {
  // Loads of the default page: the first chart's time, and any long task after the first paint (the
  // page's own start-up; before it the browser parses and lays out the HTML).
  section(`start-up: ${loads} loads of the default page`);
  const firsts = [];
  const startLong = [];
  for (let i = 0; i < loads; i++) {
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
  console.log(`navigation → first chart: median ${firsts[firsts.length >> 1].toFixed(0)} ms of ${loads} (${firsts.map((v) => v.toFixed(0)).join(', ')})`);
  console.log(`long tasks (> 50 ms) after the first paint, in ${loads} loads: ${startLong.length}` +
    (startLong.length ? ` (${startLong.map((v) => v.toFixed(0)).join(', ')} ms)` : ''));
}

if (want('train')) {
  section('training through the page at speed max');
  const configs = [
    ['(A) notebook', 'speed=max&epochs=2000'],
    ['(B) sine 400', `speed=max&epochs=60&sequence=${sine}&seqLen=20&nSteps=5&units=64`],
    ['big: 512 units, seq_len 200', `speed=max&epochs=1&units=512&seqLen=200&nSteps=5&sequence=${sine}`],
  ];
  for (const [name, query] of configs) {
    const page = await open('?' + query);
    await page.evaluate(() => window.__resetWatch());
    const t0 = Date.now();
    await page.click('#train');
    await page.waitForFunction(() => document.getElementById('train').textContent === 'Train'
      && /Epoch [1-9]/.test(document.getElementById('status').textContent), null, { timeout: 600000 });
    const wall = Date.now() - t0;
    const r = await page.evaluate(() => ({
      status: document.getElementById('status').textContent,
      speed: document.getElementById('speed-readout').textContent,
      long: window.__long.slice(),
      gap: window.__maxGap,
    }));
    console.log(`${name}: ${r.speed} Wall ${wall} ms. Long tasks while training: ${fmtLong(r.long)}; ` +
      `longest frame gap ${r.gap.toFixed(0)} ms. ${r.status.split(' · ').slice(0, 2).join(' · ')}`);
    await page.close();
  }
}

if (want('lstm')) {
  // (a) An LSTM of 512 units at seq_len 200: an epoch is ~4× a SimpleRNN's work and takes far longer
  // than 10 s here; the page must still cut it into pieces that fit a frame.
  section('LSTM, 512 units, seq_len 200, speed max: Train pressed, watched 10 s');
  const page = await open(`?cell=lstm&units=512&seqLen=200&nSteps=5&sequence=${sine}&speed=max`);
  await page.waitForTimeout(500);
  const startup = await page.evaluate(() => ({
    ready: window.__readyAt,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    long: window.__long.map((d, k) => `${d.toFixed(0)} ms at ${window.__longStart[k].toFixed(0)}`),
  }));
  console.log(`ready at ${startup.ready?.toFixed(0)} ms after navigation (first paint ${startup.fcp?.toFixed(0)} ms); ` +
    `long tasks while loading: ${startup.long.length}${startup.long.length ? ` (${startup.long.join(', ')})` : ''}`);
  await page.evaluate(() => window.__resetWatch());
  await page.click('#train');
  await page.waitForTimeout(10000);
  const r = await page.evaluate(() => ({
    status: document.getElementById('status').textContent,
    speed: document.getElementById('speed-readout').textContent,
    train: document.getElementById('train').textContent,
    long: window.__long.slice(),
    gap: window.__maxGap,
    slow: window.__slowFrames,
    frames: window.__frames,
  }));
  console.log(`after 10 s of training: long tasks ${fmtLong(r.long)}` +
    (r.long.length ? ` (${r.long.map((v) => v.toFixed(0)).join(', ')} ms)` : '') +
    `; ${r.frames} animation frames, ${r.slow} of them > 50 ms after the previous, longest gap ${r.gap.toFixed(0)} ms; button "${r.train}"; ` +
    `${r.status.split(' · ').slice(0, 2).join(' · ')}; ${r.speed}`);
  await page.close();
}

if (want('replay')) {
  // (b) Opening a comparison link trains its kept runs (`run=` keys) again in the background, as fast
  // as the frame budget allows, from the start.
  section("replaying a comparison link's kept runs as the page starts");
  const links = [
    ['4 notebook-sized runs', '?run=seed%3D1&run=seed%3D2&run=seed%3D3&run=seed%3D4&speed=max', 4],
    ['2 (B)-sized runs', `?sequence=${sine}&seqLen=20&nSteps=5&units=64&run=seed%3D1&run=seed%3D2&speed=max`, 2],
  ];
  for (const [name, query, n] of links) {
    const page = await open(query);
    await page.waitForFunction(() => window.__runsDoneAt !== null, null, { timeout: 600000 });
    await page.waitForTimeout(200);
    const r = await page.evaluate(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
      const during = window.__long.filter((_, k) => window.__longStart[k] >= window.__readyAt && window.__longStart[k] <= window.__runsDoneAt);
      return {
        ready: window.__readyAt,
        done: window.__runsDoneAt,
        first: performance.getEntriesByName('first-chart')[0]?.startTime,
        during,
        afterPaint: window.__long.filter((_, k) => window.__longStart[k] > fcp && window.__longStart[k] < window.__readyAt),
        gap: window.__maxGap,
        slow: window.__slowFrames,
        frames: window.__frames,
        runs: [...document.querySelectorAll('#runs li .what')].map((e) => e.textContent),
        note: document.getElementById('runs-note').textContent,
      };
    });
    console.log(`${name}: ready at ${r.ready.toFixed(0)} ms, first chart ${r.first?.toFixed(0)} ms, all ${r.runs.length} of ${n} runs finished at ` +
      `${r.done.toFixed(0)} ms after navigation; long tasks while replaying: ${fmtLong(r.during)}` +
      (r.during.length ? ` (${r.during.map((v) => v.toFixed(0)).join(', ')} ms)` : '') +
      `; start-up long tasks after the first paint: ${r.afterPaint.length}` +
      (r.afterPaint.length ? ` (${r.afterPaint.map((v) => v.toFixed(0)).join(', ')} ms)` : '') +
      `; since navigation ${r.frames} animation frames, ${r.slow} of them > 50 ms after the previous, longest gap ${r.gap.toFixed(0)} ms`);
    console.log(`  runs: ${r.runs.join(' | ')}${r.note ? ` — note: ${r.note}` : ''}`);
    await page.close();
  }
}

if (want('press')) {
  // In the page: from the click's own timestamp to the status first showing epoch 200 (Playwright's
  // round trips are not the person's wait), at the page's default speed and at "max".
  section('notebook: Train pressed → 200 epochs shown');
  for (const query of ['', '?speed=max']) {
    const presses = [];
    let speed = '';
    for (let i = 0; i < 3; i++) {
      const page = await open(query);
      speed = await page.evaluate(() => {
        const s = document.getElementById('speed');
        return s.options[s.selectedIndex]?.textContent ?? s.value;
      });
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
    console.log(`notebook, Train pressed → 200 epochs shown (${query ? 'speed=max' : 'default speed'}: "${speed}"): ` +
      `median ${presses[1].toFixed(0)} ms (${presses.map((v) => v.toFixed(0)).join(', ')})`);
  }
}

console.log(`\ndone (${load()})`);
await browser.close();
await srv.close();
fs.rmSync(dist, { recursive: true, force: true });
