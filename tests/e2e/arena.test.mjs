// The memory arena, as a class uses it: open the panel, run the sweep, read the table. What must
// hold is what the students see: the sweep ends ("12 of 12 runs", #arena[data-state=done]), the
// table has a row per cell and a column per delay, every number an error between 0 and about 2
// — and the same numbers whether the runs trained on two workers, on one, or on the page itself
// where workers cannot start; from the served site, the single-file page and an embed.
//
// The sweep here is the test-sized one (`?arena=quick`: 3 cells × 2 delays × 2 seeds, 5 epochs,
// QUICK in src/app/arena.rs). No test waits for a time or depends on catching a passing state:
// each waits for data-state="done" (or "stopped"), which the page keeps.
//
//   cd tests/e2e && DIST=../../dist node --test arena.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, DIST, WAIT, useSite, waitReady, text } from './helpers.mjs';

const site = useSite({ name: 'arena' });

const QUICK = 'arena=quick';
const RUNS = 12;
const DELAYS = ['delay 2', 'delay 5'];
const CELLS = ['SimpleRNN', 'LSTM', 'GRU'];

/** Opens the arena's panel, presses Run the sweep and waits until the sweep is over. */
async function runSweep(page) {
  await page.locator('#arena > summary').click();
  await page.locator('#arena-run').click();
  await page.waitForFunction(() => document.getElementById('arena')?.dataset.state === 'done', null, { timeout: 4 * WAIT })
    .catch(async (e) => { throw new Error(`${e.message.split('\n')[0]}; #arena-status says ${JSON.stringify(await text(page, '#arena-status'))}`); });
}

/** The table as the students read it: its header cells and its rows (each a list of cells' text). */
function readTable(page) {
  return page.evaluate(() => {
    const t = document.getElementById('arena-table');
    const cells = (tr) => [...tr.cells].map((c) => c.textContent.trim());
    return { head: cells(t.tHead.rows[0]), rows: [...t.tBodies[0].rows].map(cells) };
  });
}

/** Checks the finished table's shape, headers and numbers; returns the numbers, row by row. */
function checkTable({ head, rows }) {
  assert.match(head[0], /fraction of predicting the mean/, `the header says what the numbers are: ${head[0]}`);
  assert.match(head[0], /1 = learned nothing/, head[0]);
  assert.deepEqual(head.slice(1), DELAYS, 'a column per delay');
  assert.deepEqual(rows.map((r) => r[0]), CELLS, 'a row per cell, named in its first cell');
  return rows.map((r) => {
    assert.equal(r.length, 1 + DELAYS.length, `${r[0]}: one number per delay`);
    return r.slice(1).map((v) => {
      assert.match(v, /^\d+\.\d\d$/, `${r[0]}: "${v}" should be one number with two decimals`);
      const x = Number(v);
      assert.ok(x > 0 && x <= 2.5, `${r[0]}: ${x} should be an error in (0, 2.5]`);
      return x;
    });
  });
}

/** A sweep in `query` (after the site's root, or a whole URL); its status, numbers and the requests made. */
async function sweep(query, { init, url } = {}) {
  let result;
  await site.page(async (p) => {
    const { page } = p;
    if (init) await page.addInitScript(init);
    if (url) {
      await page.goto(url);
      await waitReady(page);
    } else {
      await site.open(page, query);
    }
    assert.equal(await page.getAttribute('#arena', 'data-state'), 'idle');
    assert.match(await text(page, '#arena-status'), new RegExp(`^${RUNS} runs to do`));
    const before = p.requests.length;
    await runSweep(page);
    const status = await text(page, '#arena-status');
    assert.match(status, new RegExp(`^${RUNS} of ${RUNS} runs, in [0-9.]+ s `), status);
    assert.equal(await page.isDisabled('#arena-stop'), true, 'nothing to stop once it is done');
    const sentence = await text(page, '#arena-sentence');
    assert.match(sentence, /^At the longest delay, 5 steps, the error was \d\.\d\d for SimpleRNN, \d\.\d\d for LSTM and \d\.\d\d for GRU/, sentence);
    const label = await page.getAttribute('#arena-chart', 'aria-label');
    assert.ok(label.includes(sentence), `the chart's text alternative carries the sentence: ${label}`);
    result = { status, numbers: checkTable(await readTable(page)), requests: p.requests.slice(before) };
  }, url ? { allowed: (u) => ['file:', 'data:', 'blob:'].includes(u.protocol) } : {});
  return result;
}

// Every other sweep must give the numbers of the one on two workers, to the last digit shown.
let onTwo;
const twoWorkers = () => (onTwo ??= sweep(`?${QUICK}&workers=2`));
const reference = async () => (await twoWorkers()).numbers;

test('on two workers: the table fills and the sweep ends done', { timeout: 180_000 }, async () => {
  const r = await twoWorkers();
  assert.match(r.status, /on 2 workers\.$/, r.status);
  assert.ok(r.requests.some((u) => u.endsWith('/arena-worker.js')), 'the workers load the worker script');
  assert.ok(!r.requests.some((u) => u.endsWith('.wasm')), 'the workers get the page\'s compiled module, not the file again');
});

test('on one worker: the same numbers', { timeout: 180_000 }, async () => {
  const r = await sweep(`?${QUICK}&workers=1`);
  assert.match(r.status, /on 1 worker\.$/, r.status);
  assert.deepEqual(r.numbers, await reference());
});

test('where workers cannot start, the page trains itself, says so, and gets the same numbers', { timeout: 180_000 }, async () => {
  // A browser (or a policy) that refuses to make workers.
  const refused = await sweep(`?${QUICK}&workers=2`, {
    init: () => {
      window.Worker = class {
        constructor() {
          throw new Error('Workers are switched off for this test');
        }
      };
    },
  });
  assert.match(refused.status, /on this page, a little each frame: the workers could not start\.$/, refused.status);
  assert.ok(!refused.requests.some((u) => u.endsWith('/arena-worker.js')), 'no worker script was asked for');
  assert.deepEqual(refused.numbers, await reference());
  // ?workers=0 asks for the same on purpose.
  const none = await sweep(`?${QUICK}&workers=0`);
  assert.match(none.status, /on this page, a little each frame\.$/, none.status);
  assert.deepEqual(none.numbers, await reference());
});

test('Stop stops the sweep and Run starts it over; a bad workers= is explained', { timeout: 120_000 }, () =>
  site.page(async ({ page }) => {
    // The page's own sweep (45 runs, seconds each): Stop comes long before its end.
    await site.open(page, '?workers=two');
    assert.match(await text(page, '#arena-status'), /^45 runs to do: 3 cells × 5 delays × 3 seeds\./);
    assert.match(await text(page, '#arena-status'), /"workers=two" is not a number of workers \(0 to 8\): using \d\./);
    await page.locator('#arena > summary').click();
    await page.locator('#arena-run').click();
    await page.waitForFunction(() => document.getElementById('arena').dataset.state === 'running');
    assert.equal(await page.isDisabled('#arena-stop'), false);
    await page.locator('#arena-stop').click();
    await page.waitForFunction(() => document.getElementById('arena').dataset.state === 'stopped');
    assert.match(await text(page, '#arena-status'), /^Stopped at \d+ of 45 runs\./);
    assert.equal(await page.isDisabled('#arena-stop'), true);
    await page.locator('#arena-run').click();
    await page.waitForFunction(() => document.getElementById('arena').dataset.state === 'running');
    assert.match(await text(page, '#arena-status'), /^0 of 45 runs · training on \d workers?/);
    await page.locator('#arena-stop').click();
    await page.waitForFunction(() => document.getElementById('arena').dataset.state === 'stopped');
  }));

test('the lesson in the Example menu opens the arena', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    assert.equal(await page.evaluate(() => document.getElementById('arena').open), false);
    await page.selectOption('#preset', 'arena');
    await page.waitForFunction(() => document.getElementById('arena').open);
    assert.equal(await page.inputValue('#seq-len'), '10');
  }));

test('from the single-file page opened from disk, on workers made from a Blob', { timeout: 180_000 }, async () => {
  const out = path.join(site.tmp, 'single', 'rnn-playground.html');
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'single-file.mjs'), DIST, out], { encoding: 'utf8' });
  const html = fs.readFileSync(out, 'utf8');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
  assert.match(csp, /(^|; )worker-src blob:(;|$)/, `workers from blob: only: ${csp}`);
  const fileUrl = pathToFileURL(out).href;
  const r = await sweep(null, { url: `${fileUrl}?${QUICK}&workers=2` });
  // The status names the workers: they started (from the page's Blob URL; nothing else could
  // have been loaded, as no request left the page).
  assert.match(r.status, /on 2 workers\.$/, r.status);
  assert.deepEqual(r.numbers, await reference());
  const external = r.requests.filter((u) => !/^(file|data|blob):/.test(u));
  assert.deepEqual(external, [], 'no network request');
});

test('in an embed that shows the arena', { timeout: 180_000 }, async () => {
  const r = await sweep(`?embed=1&controls=arena&${QUICK}&workers=2`);
  assert.match(r.status, /on 2 workers\.$/, r.status);
  assert.deepEqual(r.numbers, await reference());
});

test('a race of two kept runs trains on the workers and ends with the same curves', { timeout: 120_000 }, () =>
  site.page(async (p) => {
    const { page } = p;
    await site.open(page, '?workers=2&epochs=40&speed=max');
    const train = async () => {
      await page.click('#train');
      await page.waitForFunction(() => /^Epoch 40 \/ 40/.test(document.getElementById('status').textContent.trim()) &&
        document.getElementById('train').textContent.trim() === 'Train');
    };
    const lines = () => page.locator('#runs li .what').allTextContents();
    await train();
    await page.click('#keep-run');
    await page.fill('#units', '5');
    await train();
    await page.click('#keep-run');
    const kept = await lines();
    assert.equal(kept.length, 2, `two kept runs: ${kept}`);
    assert.ok(kept.every((l) => / · loss [-0-9.e+]+$/.test(l)), kept.join('\n'));
    const before = p.requests.length;
    await page.click('#race');
    await page.waitForFunction(() => document.getElementById('runs-note').textContent.startsWith('Race over'));
    assert.deepEqual(await lines(), kept, 'the same last loss for both runs');
    assert.ok(p.requests.slice(before).some((u) => u.endsWith('/arena-worker.js')), 'the race asked for the workers');
  }));
