// Each cell's epoch on (B) — 400 values of 50 + 40·sin(i/8), seq_len 20, n_steps 5, 64 units,
// batch 32, no shuffling — with relu, with tanh, and with tanh on standardized values (raw (B)
// values saturate tanh, and the tiny gradients that follow are subnormal floats, slow in wasm),
// through the JS API in headless Chromium: median of 5 timings of 3 epochs, after 2. Reports,
// asserts nothing.
//   node bench/cells.mjs [DIST]        (default dist/)
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { serve } from '../tests/e2e/serve.mjs';
const site = await serve(process.argv[2] ?? new URL('../dist/', import.meta.url).pathname);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto(site.url);
await page.waitForFunction(() => document.documentElement.dataset.ready === '1' && window.wasmBindings?.Trainer);
const r = await page.evaluate(() => {
  const T = window.wasmBindings.Trainer;
  const seq = Array.from({ length: 400 }, (_, i) => 50 + 40 * Math.sin(i / 8));
  const out = {};
  for (const [act, scale] of [['relu', 'none'], ['tanh', 'none'], ['tanh', 'standardize']]) for (const cell of ['simple_rnn', 'lstm', 'gru']) {
    const t = new T({ sequence: seq, seqLen: 20, nSteps: 5, units: 64, cell, activation: act, scale, batchSize: 32, shuffle: false });
    t.trainEpochs(2);
    const times = [];
    for (let k = 0; k < 5; k++) { const s = performance.now(); t.trainEpochs(3); times.push((performance.now() - s) / 3); }
    times.sort((a, b) => a - b); out[`${cell} ${act}${scale === 'none' ? '' : ' ' + scale}`] = times[2].toFixed(2);
    t.free();
  }
  return out;
});
for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(28)} ${v} ms/epoch`);
await browser.close(); await site.close();
