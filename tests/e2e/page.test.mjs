// End-to-end tests for the RNN Playground page, run in headless Debian Chromium.
//
//   cd tests/e2e && npm ci && DIST=/path/to/dist node --test
//
// DIST defaults to <repo>/dist. The site is served from 127.0.0.1 on an
// ephemeral port by ./serve.mjs. One browser for the whole file, a fresh
// browser context (and page) per test. Every test fails on any console.error
// message or uncaught page error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SEQUENCE, useSite, text, parseNumbers, state, waitState, idle, waitForecast, forecast,
  waitFieldError,
} from './helpers.mjs';

const site = useSite({ name: 'page' });

// ---------------------------------------------------------------------------
// Helpers

/** Wait until training has stopped at its target: N === T (> 0), button "Train". */
function waitFinished(page, desc = 'training to reach its target and stop') {
  return waitState(page, (s) => s.n !== null && s.n > 0 && s.n === s.t && s.button === 'Train', desc);
}

/** Go to the site: it must answer 200, have its #loading note, start and hide the note. */
async function openSite(page) {
  await site.open(page);
  assert.equal(await page.locator('#loading').count(), 1, '#loading should exist');
}

/**
 * A test with a fresh page on the site (requests elsewhere are recorded, never let out). After
 * the body, the test also fails on any console.error, page error or dialog seen while it ran.
 */
function pageTest(name, options, body) {
  test(name, options, (t) =>
    site.page(async (p) => {
      await openSite(p.page);
      await body(p, t);
    }),
  );
}

// ---------------------------------------------------------------------------
// Tests

pageTest('1. default run trains to epoch 200 / 200 with a falling loss', { timeout: 90_000 }, async ({ page }) => {
  const start = await state(page);
  assert.equal(start.n, 0, `status should start at epoch 0: ${JSON.stringify(start.text)}`);
  assert.equal(start.t, 200, `target should be the epochs setting (200): ${JSON.stringify(start.text)}`);
  assert.equal(start.button, 'Train');
  assert.equal(start.disabled, false, 'Train should be enabled with the default fields');

  // First epoch's loss, via Step.
  await page.click('#step');
  const first = await waitState(page, (s) => s.n === 1 && s.loss !== null && s.button === 'Train', 'epoch 1 with a loss');
  assert.ok(Number.isFinite(first.loss) && first.loss > 0, `epoch-1 loss should be a positive number: ${first.text}`);

  await page.selectOption('#speed', 'max');
  await page.click('#train');
  const end = await waitFinished(page, 'Epoch 200 / 200 and the button back to "Train"');
  assert.equal(end.n, 200, end.text);
  assert.equal(end.t, 200, end.text);
  assert.ok(end.loss !== null && Number.isFinite(end.loss), `status should show the loss at epoch 200: ${end.text}`);
  assert.ok(end.loss < first.loss, `loss at 200 (${end.loss}) should be below the first epoch's (${first.loss})`);
  assert.ok(end.loss < 500, `loss at 200 should be below 500 (first epoch was ${first.loss}): ${end.text}`);

  // It really stopped: nothing moves over the next frames (at full speed, each would train).
  await idle(page, { frames: 10 });
  const later = await state(page);
  assert.equal(later.n, 200, `training went past the target: ${later.text}`);
  assert.equal(later.button, 'Train');
});

pageTest('2. Pause freezes training and Train resumes it', { timeout: 90_000 }, async ({ page }) => {
  await page.selectOption('#speed', '5');
  await page.click('#train');
  const running = await waitState(page, (s) => s.n >= 5, 'epoch >= 5 at 5 epochs a second');
  assert.equal(running.button, 'Pause', `the button should read "Pause" while training: ${JSON.stringify(running)}`);

  await page.click('#train'); // Pause
  const paused = await waitState(page, (s) => s.button === 'Train', 'the button to read "Train" after Pause');
  assert.ok(paused.n >= 5 && paused.n < paused.t, `paused in the middle: ${paused.text}`);

  // Half a second of the page's time: 2 or 3 epochs at 5 a second, had it not paused.
  await idle(page, { frames: 5, ms: 500 });
  const still = await state(page);
  assert.equal(still.n, paused.n, `epoch moved while paused: ${paused.text} -> ${still.text}`);
  assert.equal(still.button, 'Train');

  await page.click('#train'); // resume
  const resumed = await waitState(page, (s) => s.n > paused.n, `epoch to go past ${paused.n} after resuming`);
  assert.ok(resumed.n > paused.n);
  await page.click('#train'); // pause again so nothing runs while the context closes
});

pageTest('3. Step trains exactly one epoch and pauses', { timeout: 60_000 }, async ({ page }) => {
  const s0 = await state(page);
  assert.equal(s0.n, 0, s0.text);
  assert.equal(s0.loss, null, `no loss before any epoch: ${s0.text}`);

  await page.click('#step');
  const s1 = await waitState(page, (s) => s.n === 1 && s.button === 'Train', 'epoch 1 after one Step');
  assert.ok(s1.loss !== null && Number.isFinite(s1.loss), `a loss is shown after one epoch: ${s1.text}`);
  // A window in which more epochs would show (15 at the default 50 a second).
  await idle(page, { frames: 10, ms: 300 });
  const s1b = await state(page);
  assert.equal(s1b.n, 1, `Step must train exactly one epoch: ${s1b.text}`);
  assert.equal(s1b.button, 'Train');

  await page.click('#step');
  await waitState(page, (s) => s.n === 2 && s.button === 'Train', 'epoch 2 after a second Step');
  await idle(page, { frames: 10, ms: 300 });
  const s2 = await state(page);
  assert.equal(s2.n, 2, `Step must train exactly one epoch: ${s2.text}`);
  assert.equal(s2.button, 'Train');
});

pageTest('4. the loss chart is redrawn while training', { timeout: 60_000 }, async ({ page }) => {
  for (const id of ['loss-chart', 'data-chart']) {
    const size = await page.evaluate((id) => {
      const c = document.getElementById(id);
      return c instanceof HTMLCanvasElement ? [c.width, c.height] : null;
    }, id);
    assert.ok(size && size[0] > 0 && size[1] > 0, `#${id} should be a canvas with a size, got ${JSON.stringify(size)}`);
  }
  const snapshot = () => page.evaluate(() => document.getElementById('loss-chart').toDataURL());
  const before = await snapshot();

  await page.selectOption('#speed', '15');
  await page.click('#train');
  await waitState(page, (s) => s.n >= 5, 'epoch >= 5');
  await page.click('#train'); // Pause
  await waitState(page, (s) => s.button === 'Train', 'pause');
  try {
    await page.waitForFunction((b) => document.getElementById('loss-chart').toDataURL() !== b, before, {
      timeout: 10_000,
      polling: 100,
    });
  } catch {
    // the assertion below reports it
  }
  const afterUrl = await snapshot();
  assert.notEqual(afterUrl, before, '#loss-chart pixels did not change after training a few epochs');
});

pageTest('5. forecast gives n_steps numbers, also after changing the data and shape', { timeout: 120_000 }, async ({ page }) => {
  // Default data: train to the end, forecast from 70, 80, 90.
  assert.deepEqual(
    parseNumbers(await page.inputValue('#forecast-input'), '#forecast-input'),
    [70, 80, 90],
    '#forecast-input should be prefilled with the last seq_len values',
  );
  await page.selectOption('#speed', 'max');
  await page.click('#train');
  await waitFinished(page);
  await page.click('#forecast');
  const two = await waitForecast(page, 2);
  for (const v of two) {
    // loss < 500 after 200 epochs: the next values of 70, 80, 90 are near 100, 110.
    assert.ok(v > 40 && v < 200, `forecast for 70, 80, 90 is far off: ${two.join(', ')}`);
  }

  // A sine wave, seq_len 8, n_steps 4.
  const sine = Array.from({ length: 50 }, (_, i) => Math.sin(i / 3) * 10 + 20);
  const sineText = sine.map((v) => v.toFixed(3)).join(', ');
  await page.fill('#sequence', sineText);
  await page.fill('#seq-len', '8');
  await page.fill('#n-steps', '4');
  for (const f of ['sequence', 'seq-len', 'n-steps']) await waitFieldError(page, f, '');
  const reset = await waitState(page, (s) => s.n === 0 && s.disabled === false, 'a reset model (epoch 0) with Train enabled');
  assert.equal(reset.n, 0);

  await page.click('#train');
  await waitFinished(page);

  const input = parseNumbers(await page.inputValue('#forecast-input'), '#forecast-input');
  assert.equal(input.length, 8, `#forecast-input should hold seq_len = 8 values, got ${input.length}`);
  const last8 = sine.slice(-8).map((v) => Number(v.toFixed(3)));
  input.forEach((v, i) =>
    assert.ok(Math.abs(v - last8[i]) < 0.01, `#forecast-input should be the last 8 values of the sequence: got ${input.join(', ')}, want ${last8.join(', ')}`),
  );

  // A wrong count of values is reported as it is typed, and clears once fixed.
  const kept = await page.inputValue('#forecast-input');
  await page.fill('#forecast-input', '1, 2, 3');
  // Checked as it is typed, before Forecast is pressed.
  await waitFieldError(page, 'forecast-input', 'exactly seq_len = 8 values');
  assert.equal(await page.getAttribute('#forecast-input-error', 'role'), 'alert');
  assert.equal(await page.inputValue('#forecast-input'), '1, 2, 3', 'the field keeps what was typed');
  await page.fill('#forecast-input', kept);

  await page.click('#forecast');
  const four = await waitForecast(page, 4);
  await waitFieldError(page, 'forecast-input', '');
  for (const v of four) assert.ok(v > -50 && v < 100, `forecast for a sine wave in [10, 30] is far off: ${four.join(', ')}`);
});

const INVALID_CASES = [
  { field: 'sequence', bad: '10, abc, 30', message: '"abc" at position 2 is not a number', good: DEFAULT_SEQUENCE },
  { field: 'sequence', bad: '1, 2, 3, 4', message: 'needs seq_len + n_steps = 5 values', good: DEFAULT_SEQUENCE },
  { field: 'seq-len', bad: '0', message: 'seq_len must be a whole number from 1 to 500', good: '3' },
  { field: 'learning-rate', bad: '-1', message: 'learning rate must be a number above 0', good: '0.001' },
];

test('6. invalid inputs show a message, keep the text, disable Train; fixing them re-enables it', { timeout: 120_000 }, async (t) => {
  for (const c of INVALID_CASES) {
    // Each case on a fresh page (own console-error check), as a subtest.
    await t.test(`${c.field} = ${JSON.stringify(c.bad)}`, () =>
      site.page(async ({ page }) => {
        await openSite(page);
        const sel = `#${c.field}`;
        const errSel = `#${c.field}-error`;
        assert.equal(await page.getAttribute(errSel, 'role'), 'alert', `${errSel} should have role="alert"`);
        assert.equal(await text(page, errSel), '', `${errSel} should start empty`);
        assert.equal(await page.inputValue(sel), c.good, `${sel} default`);

        await page.fill(sel, c.bad);
        await waitFieldError(page, c.field, c.message);
        assert.equal(await page.inputValue(sel), c.bad, 'the field keeps exactly the text that was typed');
        assert.equal(await page.isDisabled('#train'), true, 'Train should be disabled while a field is invalid');

        await page.fill(sel, c.good);
        await waitFieldError(page, c.field, '');
        assert.equal(await page.inputValue(sel), c.good);
        await waitState(page, (s) => s.disabled === false && s.button === 'Train', 'Train enabled again');

        await page.click('#step');
        await waitState(page, (s) => s.n !== null && s.n >= 1, 'epoch >= 1 after Step with the field fixed');
      }),
    );
  }
});

pageTest('7. a far too large learning rate diverges and stops with a hint', { timeout: 90_000 }, async ({ page }) => {
  const big = Array.from({ length: 40 }, (_, i) => (i + 1) * 1000).join(', ');
  await page.fill('#sequence', big);
  await page.fill('#seq-len', '10');
  await page.fill('#learning-rate', '10');
  for (const f of ['sequence', 'seq-len', 'learning-rate']) await waitFieldError(page, f, '');
  await page.selectOption('#speed', 'max');
  await waitState(page, (s) => s.disabled === false, 'Train enabled');

  await page.click('#train');
  const end = await waitState(
    page,
    (s) => s.button === 'Train' && s.text.includes('diverged'),
    'training to stop with "diverged" in #status',
  );
  assert.ok(end.text.includes('smaller learning rate'), `#status should suggest a smaller learning rate: ${end.text}`);
  assert.ok(end.n !== null && end.n < end.t, `training should stop before its target: ${end.text}`);

  await idle(page, { frames: 10 });
  const later = await state(page);
  assert.equal(later.n, end.n, `training went on after diverging: ${end.text} -> ${later.text}`);
  assert.equal(later.button, 'Train');
});

pageTest('8. no request leaves the origin (full run + forecast)', { timeout: 90_000 }, async (p) => {
  const { page, requests, badResponses } = p;
  await page.selectOption('#speed', 'max');
  await page.click('#train');
  await waitFinished(page);
  await page.click('#forecast');
  await waitForecast(page, 2);
  await idle(page, { frames: 5 }); // any late request would be recorded by now

  const origin = site.origin;
  assert.ok(requests.length > 0, 'no request recorded at all');
  const foreign = requests.filter(
    (u) => !(u.startsWith('data:') || u.startsWith('blob:') || new URL(u).origin === origin),
  );
  assert.deepEqual(foreign, [], `requests outside ${origin}`);
  assert.ok(
    requests.some((u) => u.startsWith(origin) && new URL(u).pathname.endsWith('.wasm')),
    `the page should load its .wasm from ${origin}; requests: ${requests.join(', ')}`,
  );
  const bad = badResponses.filter((s) => !s.includes('/favicon.ico'));
  assert.deepEqual(bad, [], 'failed requests / HTTP errors');
});

// --- Beyond the list: two more parts of the page's contract. ---

pageTest('9. Train after reaching the target keeps going to the next target', { timeout: 90_000 }, async ({ page }) => {
  await page.selectOption('#speed', 'max');
  await page.click('#train');
  const first = await waitFinished(page);
  assert.equal(first.n, 200, first.text);
  await page.click('#train');
  const second = await waitState(page, (s) => s.n === 400 && s.t === 400 && s.button === 'Train', 'Epoch 400 / 400 after pressing Train again');
  assert.equal(second.n, 400);
});

pageTest('10. model fields reset training; learning rate and epochs do not', { timeout: 120_000 }, async ({ page }) => {
  const stepOnce = async () => {
    const before = await state(page);
    await page.click('#step');
    return waitState(page, (s) => s.n === before.n + 1 && s.button === 'Train', `one Step from epoch ${before.n}`);
  };

  // Not resetting.
  await stepOnce();
  await stepOnce();
  await page.fill('#learning-rate', '0.002');
  await page.fill('#epochs', '300');
  await waitFieldError(page, 'learning-rate', '');
  await waitFieldError(page, 'epochs', '');
  // The new target in #status shows both edits were taken (the learning rate's came first).
  const kept = await waitState(page, (s) => s.t === 300, 'the epoch target 300 in #status');
  assert.equal(kept.n, 2, `changing learning-rate / epochs must not reset: ${kept.text}`);

  // Resetting.
  const changes = [
    ['sequence', () => page.fill('#sequence', '10, 20, 30, 40, 50, 60, 70, 80, 90, 100')],
    ['seq-len', () => page.fill('#seq-len', '4')],
    ['n-steps', () => page.fill('#n-steps', '1')],
    ['units', () => page.fill('#units', '20')],
    ['activation', () => page.selectOption('#activation', 'tanh')],
    ['scale', () => page.selectOption('#scale', 'minmax')],
    ['batch-size', () => page.fill('#batch-size', '16')],
    ['seed', () => page.fill('#seed', '7')],
    ['shuffle', () => page.uncheck('#shuffle')],
  ];
  for (const [field, change] of changes) {
    const s = await stepOnce();
    assert.ok(s.n >= 1, s.text);
    await change();
    await waitState(page, (s) => s.n === 0, `epoch back to 0 after changing ${field}`);
    const after = await state(page);
    assert.equal(after.disabled, false, `Train should stay enabled after a valid change of ${field}`);
  }
});

pageTest('11. a big model chosen on the page is built over frames and trains exactly like the exported Trainer', { timeout: 120_000 }, async ({ page }) => {
  // At 300 units the page computes the recurrent kernel a piece per frame (or at once when a
  // button needs it); the exported Trainer computes it at once. Same seed: same numbers.
  await page.fill('#epochs', '3');
  await page.selectOption('#speed', 'max');
  // Forecast in the same task as the change, before any frame could work on the new model.
  await page.evaluate(() => {
    const units = document.getElementById('units');
    units.value = '300';
    units.dispatchEvent(new Event('input', { bubbles: true }));
    document.getElementById('forecast').click();
  });
  const before = await waitForecast(page, 2);
  await page.click('#train');
  const end = await waitFinished(page, 'three epochs of the 300-unit model');
  // forecast() empties #forecast-output first, so the untrained forecast cannot be read again.
  const after = parseNumbers(await forecast(page, 2), '#forecast-output');
  assert.equal((await state(page)).n, 3, 'still at epoch 3');
  const api = await page.evaluate(() => {
    const t = new window.wasmBindings.Trainer({ units: 300 });
    const untrained = Array.from(t.forecast([70, 80, 90]));
    const losses = [1, 2, 3].map(() => t.trainEpochs(1));
    const trained = Array.from(t.forecast([70, 80, 90]));
    t.free();
    return { untrained, losses, trained };
  });
  // The page shows 4 significant digits.
  const near = (a, b) => Math.abs(a - b) <= 1e-3 * Math.abs(b) + 1e-6;
  api.untrained.forEach((v, i) => assert.ok(near(before[i], v), `untrained forecast ${i}: page ${before[i]} vs Trainer ${v}`));
  assert.ok(near(end.loss, api.losses[2]), `epoch-3 loss: page ${end.loss} vs Trainer ${api.losses[2]}`);
  api.trained.forEach((v, i) => assert.ok(near(after[i], v), `trained forecast ${i}: page ${after[i]} vs Trainer ${v}`));
});
