// End-to-end tests for the classroom features of the RNN Playground: presets, the windows table,
// the model summary and its formula, "Inside the RNN", baselines and held-out loss, rolling
// forward, the Keras program, keyboard shortcuts, theme / presentation / reduced motion / phone
// layout, and an axe-core accessibility scan.
//
//   cd tests/e2e && npm ci && DIST=/path/to/dist node --test classroom.test.mjs
//
// DIST defaults to <repo>/dist. The Keras-program test needs python3 on the PATH (it only parses
// the program with `ast`, TensorFlow is not needed). Every test uses a fresh browser context and
// fails on any console.error, page error or dialog; requests off the site's origin are aborted.
// The page's Content-Security-Policy forbids evaluating strings in it, so every wait passes a
// function or polls from Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_SEQUENCE, useSite, state, waitState, trainTo, text, parseNumbers, waitFieldError, poll,
  idle, waitEqual } from './helpers.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, 'test-results');
const require = createRequire(import.meta.url);

const site = useSite({ name: 'classroom' });

// ---------------------------------------------------------------------------
// Helpers for this file

/** The form's settings as shown. */
function readSettings(page) {
  return page.evaluate(() => {
    const v = (id) => document.getElementById(id).value;
    return {
      sequence: v('sequence'),
      seqLen: v('seq-len'),
      nSteps: v('n-steps'),
      units: v('units'),
      activation: v('activation'),
      learningRate: v('learning-rate'),
      epochs: v('epochs'),
      batchSize: v('batch-size'),
      scale: v('scale'),
      preset: v('preset'),
    };
  });
}

const NOTEBOOK_SETTINGS = {
  sequence: DEFAULT_SEQUENCE,
  seqLen: '3',
  nSteps: '2',
  units: '50',
  activation: 'relu',
  learningRate: '0.001',
  epochs: '200',
  batchSize: '32',
  scale: 'none',
  preset: 'notebook',
};

/** The windows table's rows as [data-index, tabindex, cell texts…]. */
function windowRows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#windows-table tbody tr')].map((tr) => [
      tr.getAttribute('data-index'),
      tr.getAttribute('tabindex'),
      ...[...tr.cells].map((c) => c.textContent.trim()),
    ]),
  );
}

/** The summary table's body as rows of cell texts. */
function summaryRows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#summary-table tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent.trim())),
  );
}

/** The text of `selector` with all whitespace removed. */
function squashed(page, selector) {
  return page.locator(selector).evaluate((el) => el.textContent.replace(/\s+/g, ''));
}

/** The canvas's pixels, as a PNG data URL (compared as strings to see a redraw). */
function pixels(page, id) {
  return page.evaluate((id) => document.getElementById(id).toDataURL('image/png'), id);
}

/** Which `tr[data-index]` rows are aria-selected="true", and which row has focus. */
function rowSelection(page) {
  return page.evaluate(() => ({
    selected: [...document.querySelectorAll('#windows-table tbody tr[aria-selected="true"]')].map((tr) => tr.dataset.index),
    focused: document.activeElement?.closest?.('#windows-table tr[data-index]')?.dataset.index ?? null,
  }));
}

/** Computed style values of `selector`. */
function computed(page, selector, props) {
  return page.locator(selector).evaluate((el, props) => {
    const cs = getComputedStyle(el);
    return Object.fromEntries(props.map((p) => [p, cs[p]]));
  }, props);
}

/** Relative luminance (0 black … 1 white) of a CSS `rgb(…)`/`rgba(…)` colour. */
function luminance(css) {
  const m = css.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?/);
  assert.ok(m, `not an rgb() colour: ${css}`);
  assert.ok(m[4] === undefined || Number(m[4]) > 0.5, `the colour should be (mostly) opaque: ${css}`);
  const lin = (c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(m[1]) + 0.7152 * lin(m[2]) + 0.0722 * lin(m[3]);
}

/** The page's background: body's colour, or the root's when the body's is transparent. */
function pageBackground(page) {
  return page.evaluate(() => {
    const body = getComputedStyle(document.body).backgroundColor;
    const transparent = body === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(body);
    return transparent ? getComputedStyle(document.documentElement).backgroundColor : body;
  });
}

/** Parse `code` as Python with python3's `ast`; fails clearly if python3 is missing. */
function assertPythonParses(code, what) {
  let out;
  try {
    out = execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read()); print("ok")'], {
      input: code,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (err) {
    if (err.code === 'ENOENT') throw new Error('python3 is needed to check the Keras program (it was not found on the PATH)');
    throw new Error(`${what} is not valid Python:\n${err.stderr || err.message}\n--- program ---\n${code}`);
  }
  assert.equal(out.trim(), 'ok', `${what}: python3 said ${out}`);
}

/** Focus the page itself (no field or button), where the keyboard shortcuts apply. */
async function focusBody(page) {
  await page.click('h1');
  await page.evaluate(() => document.activeElement?.blur());
  const tag = await page.evaluate(() => document.activeElement?.tagName);
  assert.equal(tag, 'BODY', 'focus should be on the page itself before pressing a shortcut');
}

// ---------------------------------------------------------------------------
// 1. Presets

/**
 * Choose `key` in #preset and wait until the sequence field has changed and starts with `start`
 * (any start when omitted); returns the settings then shown.
 */
async function choosePreset(page, key, start = '') {
  const before = await page.inputValue('#sequence');
  await page.selectOption('#preset', key);
  return poll(async () => {
    const s = await readSettings(page);
    return s.sequence !== before && s.sequence.startsWith(start) && s;
  }, `the ${key} preset to replace the sequence`).catch(async (e) => {
    throw new Error(`${e.message}; the field holds ${JSON.stringify((await page.inputValue('#sequence')).slice(0, 80))}`);
  });
}

/** Check the airline preset's sequence, settings, description, source and URL. */
async function assertAirline(page, airline) {
  assert.equal(parseNumbers(airline.sequence, 'airline sequence').length, 144, 'airline: 144 monthly values');
  const { sequence: _ignored, batchSize: _b, ...settings } = airline;
  assert.deepEqual(
    settings,
    { seqLen: '12', nSteps: '6', units: '32', activation: 'tanh', learningRate: '0.01', epochs: '150', scale: 'minmax', preset: 'airline' },
    'the airline preset\'s settings',
  );
  assert.notEqual(await text(page, '#preset-about'), '', '#preset-about describes the airline data');
  const source = await text(page, '#data-source');
  assert.match(source, /AirPassengers|Box & Jenkins/, `the footer names the airline data's source: ${JSON.stringify(source)}`);
  await poll(() => new URL(page.url()).searchParams.get('preset') === 'airline', `preset=airline in the URL (it shows ${page.url()})`);
  assert.equal(new URL(page.url()).searchParams.has('sequence'), false, `no numbers in the URL for an example: ${page.url().slice(0, 300)}`);
}

test('1a. presets set the data and settings; a sequence typed after "sine" is put aside and comes back exactly', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    const options = await page.locator('#preset option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(options, ['notebook', 'sine', 'trend-season', 'noisy-sine', 'random-walk', 'airline', 'sales-lead', 'sales', 'depth', 'echo', 'vanishing', 'arena', 'custom']);
    assert.equal(await text(page, '#preset option[value="custom"]'), 'Your own sequence');
    assert.deepEqual(await readSettings(page), NOTEBOOK_SETTINGS, 'the page starts with the notebook');
    const notebookAbout = await text(page, '#preset-about');
    assert.notEqual(notebookAbout, '', '#preset-about describes the notebook');
    assert.equal(await page.isHidden('#preset-kept'), true, 'nothing is put aside at first');

    // An example: sequence and settings change, and the link names the example, not the numbers.
    const sine = await choosePreset(page, 'sine');
    assert.equal(sine.preset, 'sine');
    assert.equal(sine.seqLen, '10');
    assert.equal(sine.nSteps, '5');
    assert.equal(sine.scale, 'standardize');
    assert.ok(parseNumbers(sine.sequence, 'sine sequence').length >= 25, `the sine wave is at least one period: ${sine.sequence.slice(0, 80)}`);
    const sineAbout = await text(page, '#preset-about');
    assert.ok(sineAbout !== '' && sineAbout !== notebookAbout, `#preset-about describes the sine wave: ${sineAbout}`);
    await poll(() => new URL(page.url()).searchParams.get('preset') === 'sine', `preset=sine in the URL (it shows ${page.url()})`);
    assert.equal(new URL(page.url()).searchParams.has('sequence'), false, `the URL names the example instead of the numbers: ${page.url()}`);
    assert.equal(await page.isHidden('#preset-kept'), true, 'an example sequence is not "put aside"');
    assert.match((await state(page)).text, /^Epoch 0 \/ 100\b/, 'the example\'s epochs, and a fresh model');

    // The notebook brings back every default.
    await choosePreset(page, 'notebook', DEFAULT_SEQUENCE);
    await waitEqual(() => readSettings(page), NOTEBOOK_SETTINGS, 'the notebook example restores the defaults');
    assert.equal(await text(page, '#preset-about'), notebookAbout);
    assert.equal(await text(page, '#data-source'), '', 'no data source for the notebook');
    await waitEqual(async () => (await state(page)).text.split(' · ')[0], 'Epoch 0 / 200', 'a fresh model with the notebook\'s epochs');

    // The brief's classroom flow: a student looks at the sine wave, then types their own numbers.
    await choosePreset(page, 'sine');
    await waitEqual(() => page.inputValue('#seq-len'), '10', 'the sine preset again');
    const own = '1, 2, 3, 4, 5, 6, 7, 8';
    await page.fill('#sequence', own);
    await waitEqual(() => page.inputValue('#preset'), 'custom', 'a typed sequence that matches no example should show "custom" (here: typed while the sine settings need 15 values)');

    // Choosing an example puts it aside.
    const airline = await choosePreset(page, 'airline', '112, 118, 132');
    await assertAirline(page, airline);
    await page.locator('#preset-kept').waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await text(page, '#restore-sequence'), 'Bring back my sequence');

    // Bring it back: exactly the typed text, and the select says "custom".
    await page.click('#restore-sequence');
    await waitEqual(() => page.inputValue('#sequence'), own, 'the typed sequence comes back exactly');
    await waitEqual(() => page.inputValue('#preset'), 'custom', 'the preset select says "custom" again');
    assert.equal(await text(page, '#data-source'), '', 'the airline source is no longer claimed for the person\'s own data');

    // The two lessons about memory choose their cell too.
    await choosePreset(page, 'echo');
    await waitEqual(() => page.inputValue('#cell'), 'lstm', 'the Echo lesson starts with an LSTM');
    // Its steps are the lesson: shown whole, as a list.
    const steps = await page.locator('#preset-steps li').allTextContents();
    assert.equal(steps.length, 3, `the Echo lesson's steps: ${steps}`);
    assert.match(steps[1], /Switch to SimpleRNN/);
    assert.match(steps[2], /25 to 250 times worse than LSTM/);
    await choosePreset(page, 'vanishing');
    await waitEqual(() => page.inputValue('#cell'), 'simple_rnn', 'the vanishing lesson uses SimpleRNN');
    assert.equal(await page.inputValue('#seq-len'), '60', 'over a long window');
  }));

test('1b. a sequence that fits every example: put aside by "airline", restored character for character', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    // 24 values (enough windows for every example's seq_len + n_steps), typed with odd spacing
    // and new lines: the restore must give back the text, not a reformatted list.
    const own = '3 1 4, 1,5\n9, 2, 6, 5, 3, 5, 8,  9, 7, 9\n3, 2, 3, 8, 4, 6, 2, 6, 4';
    await page.fill('#sequence', own);
    await waitEqual(() => page.inputValue('#preset'), 'custom', 'the typed sequence is "Your own sequence"');
    await waitFieldError(page, 'sequence', '');

    const airline = await choosePreset(page, 'airline', '112, 118, 132');
    await assertAirline(page, airline);
    await page.locator('#preset-kept').waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await text(page, '#preset-kept-text'), /24 values/, 'the notice says what was put aside');

    await page.click('#restore-sequence');
    await waitEqual(() => page.inputValue('#sequence'), own, 'the typed sequence comes back character for character');
    await waitEqual(() => page.inputValue('#preset'), 'custom', 'the preset select says "custom" again');
    await waitFieldError(page, 'sequence', '');
    assert.equal(await text(page, '#data-source'), '', 'the airline source is no longer claimed for the person\'s own data');
    assert.equal(await text(page, '#preset-about'), '', 'no example description for the person\'s own data');
    await poll(() => {
      const q = new URL(page.url()).searchParams;
      return !q.has('preset') && q.has('sequence');
    }, `the URL to carry the numbers instead of preset=airline (it shows ${page.url().slice(0, 300)})`);
    assert.equal(await page.isHidden('#preset-kept'), true, 'once the sequence is back, the "put aside" notice (and its button, which now does nothing) should go');
  }));

// ---------------------------------------------------------------------------
// 2. The windows table

test('2. windows table: rows and count follow the settings; hover and focus highlight a window; arrows move', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    const headers = await page.locator('#windows-table thead th').evaluateAll((ths) => ths.map((th) => th.textContent.trim()));
    assert.deepEqual(headers, ['#', 'X (input)', 'y (target)']);
    assert.deepEqual(await windowRows(page), [
      ['0', '0', '0', '[10 20 30]', '[40 50]'],
      ['1', '-1', '1', '[20 30 40]', '[50 60]'],
      ['2', '-1', '2', '[30 40 50]', '[60 70]'],
      ['3', '-1', '3', '[40 50 60]', '[70 80]'],
      ['4', '-1', '4', '[50 60 70]', '[80 90]'],
    ], 'the notebook\'s five windows; only the first row is a tab stop');
    assert.equal(await text(page, '#window-count'), 'N \u2212 seq_len \u2212 n_steps + 1 = 9 \u2212 3 \u2212 2 + 1 = 5 windows.');

    await page.fill('#seq-len', '2');
    await page.fill('#n-steps', '1');
    await waitEqual(() => text(page, '#window-count'), 'N \u2212 seq_len \u2212 n_steps + 1 = 9 \u2212 2 \u2212 1 + 1 = 7 windows.', 'the count for seq_len 2, n_steps 1');
    const rows = await windowRows(page);
    assert.equal(rows.length, 7, `7 rows: ${JSON.stringify(rows)}`);
    assert.deepEqual(rows[0], ['0', '0', '0', '[10 20]', '[30]']);
    assert.deepEqual(rows[6], ['6', '-1', '6', '[70 80]', '[90]']);
    assert.deepEqual(rows.map((r) => r[1]), ['0', '-1', '-1', '-1', '-1', '-1', '-1'], 'one tab stop for the table');

    // Hovering a row highlights its window on the data chart.
    // The rows' aria-selected is set where the data chart is drawn: none selected means the
    // chart, as last drawn, highlights no window.
    await page.mouse.move(0, 0);
    await waitEqual(async () => (await rowSelection(page)).selected, [], 'no row is selected before pointing at one');
    const plain = await pixels(page, 'data-chart');
    await page.hover('#windows-table tr[data-index="3"]');
    await waitEqual(async () => (await rowSelection(page)).selected, ['3'], 'hovering row 3 marks it (and only it) aria-selected="true"');
    await poll(async () => (await pixels(page, 'data-chart')) !== plain, 'the data chart to change when a window is hovered');
    assert.equal(await page.getAttribute('#windows-table tr[data-index="2"]', 'aria-selected'), 'false', 'the other rows say aria-selected="false"');

    // Leaving the table clears the highlight, and the chart goes back to the plain one.
    await page.mouse.move(5, 5);
    await waitEqual(async () => (await rowSelection(page)).selected, [], 'leaving the table unselects the row');
    await poll(async () => (await pixels(page, 'data-chart')) === plain, 'the data chart to drop the highlight');

    // Keyboard: focus the first row, then the arrow keys move focus (and the highlight).
    await page.focus('#windows-table tr[data-index="0"]');
    await waitEqual(() => rowSelection(page), { selected: ['0'], focused: '0' }, 'focusing row 0 selects it');
    await poll(async () => (await pixels(page, 'data-chart')) !== plain, 'the data chart to highlight the focused window');
    const first = await pixels(page, 'data-chart');
    await page.keyboard.press('ArrowDown');
    await waitEqual(() => rowSelection(page), { selected: ['1'], focused: '1' }, 'ArrowDown moves focus to row 1');
    await poll(async () => (await pixels(page, 'data-chart')) !== first, 'the data chart to follow the focus to window 1');
    await page.keyboard.press('ArrowDown');
    await waitEqual(() => rowSelection(page), { selected: ['2'], focused: '2' }, 'ArrowDown moves focus to row 2');
    await page.keyboard.press('ArrowUp');
    await waitEqual(() => rowSelection(page), { selected: ['1'], focused: '1' }, 'ArrowUp moves focus back to row 1');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await waitEqual(() => rowSelection(page), { selected: ['0'], focused: '0' }, 'ArrowUp stops at the first row');
    assert.equal((await state(page)).n, 0, 'arrow keys in the table do not train');
  }));

// ---------------------------------------------------------------------------
// 3. Summary and formula

test('3. model summary and parameter formula follow units and n_steps as they are typed', { timeout: 30_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    assert.deepEqual(await summaryRows(page), [
      ['simple_rnn (SimpleRNN)', '(None, 50)', '2,600'],
      ['dense (Dense)', '(None, 2)', '102'],
      ['Total params', '', '2,702'],
    ]);
    assert.equal(await page.locator('#param-formula math').count(), 3, 'three MathML lines');
    assert.equal(
      await squashed(page, '#param-formula'),
      'SimpleRNN:(num_features+units)·units+units=(1+50)·50+50=2,600' +
        'Dense:(units+1)·n_steps=(50+1)·2=102' +
        'Total:2,600+102=2,702',
    );

    // Typing (input events only, no change/blur) updates both.
    await page.locator('#units').fill('8');
    await page.locator('#n-steps').fill('3');
    await waitEqual(() => summaryRows(page), [
      ['simple_rnn (SimpleRNN)', '(None, 8)', '80'],
      ['dense (Dense)', '(None, 3)', '27'],
      ['Total params', '', '107'],
    ], 'the summary for units 8, n_steps 3');
    assert.equal(
      await squashed(page, '#param-formula'),
      'SimpleRNN:(num_features+units)·units+units=(1+8)·8+8=80' +
        'Dense:(units+1)·n_steps=(8+1)·3=27' +
        'Total:80+27=107',
    );
    assert.equal(await page.locator('#param-formula math').count(), 3);
    assert.equal(
      await page.locator('#param-formula math').first().evaluate((m) => m.namespaceURI),
      'http://www.w3.org/1998/Math/MathML',
      'the formula is real MathML',
    );
  }));

// ---------------------------------------------------------------------------
// 4. Inside the RNN

/** The step-terms lines, whitespace removed. */
function stepTerms(page) {
  return page.locator('#step-terms math').evaluateAll((ms) => ms.map((m) => m.textContent.replace(/\s+/g, '')));
}

test('4. inside the RNN: heatmap redraws while training, step-through with real numbers, dead units', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    assert.equal(await page.evaluate(() => document.getElementById('inside').open), false, 'the panel starts closed');
    await page.click('#inside > summary');
    assert.equal(await page.evaluate(() => document.getElementById('inside').open), true, 'clicking its summary opens it');

    await poll(async () => (await page.locator('#step-terms math').count()) === 5, '#step-terms to hold 5 math lines');
    const terms1 = await stepTerms(page);
    assert.match(terms1[0], /^Everyunit:/, `the general line first: ${terms1[0]}`);
    for (let j = 0; j < 4; j++) {
      assert.match(terms1[j + 1], new RegExp(`^Unit${j}(\\(dead\\))?:h1\\[${j}\\]=relu\\(.*\\)=relu\\(.*\\)=\u2212?[0-9.e+-]+$`), `unit ${j}'s line at t = 1 (a real subscript, real minus signs): ${terms1[j + 1]}`);
      assert.doesNotMatch(terms1[j + 1], /\+-|·-/, `no "+ -1.3" or "10 · -0.29": ${terms1[j + 1]}`);
    }
    assert.equal(await page.getAttribute('#inside-step', 'min'), '1');
    assert.equal(await page.getAttribute('#inside-step', 'max'), '3', 'the time step slider goes up to seq_len');
    const dead = await text(page, '#dead-units');
    assert.match(dead, /^(All 50 units switch on for some window: none is dead\.|\d+ of 50 units are dead: )/, `#dead-units: ${dead}`);
    assert.match(await page.getAttribute('#hidden-chart', 'aria-label'), /^Heatmap of the hidden state of window 0: 50 units over 3 time steps, \d+ dead\.$/);

    // Another time step: other terms.
    await page.locator('#inside-step').fill('3');
    const terms3 = await poll(async () => {
      const t = await stepTerms(page);
      return t.length === 5 && t[1].includes('h3[0]') && t;
    }, 'the step-through to show t = 3');
    assert.notDeepEqual(terms3, terms1, 'the terms change with the time step');

    // Another window: other numbers.
    await page.fill('#inside-window', '4');
    await poll(async () => (await page.getAttribute('#hidden-chart', 'aria-label')).includes('window 4'), 'the heatmap to show window 4');
    await page.fill('#inside-window', '5');
    await waitFieldError(page, 'inside-window', 'Choose a training window from 0 to 4.');
    await page.fill('#inside-window', '0');
    await waitFieldError(page, 'inside-window', '');

    // The heatmap changes while training (5 epochs a second: the run, 200 epochs, is still
    // going when the change is seen). First the heatmap of window 0, before training.
    await poll(async () => (await page.getAttribute('#hidden-chart', 'aria-label')).includes('window 0'), 'the heatmap to show window 0');
    await page.selectOption('#speed', '5');
    const before = await pixels(page, 'hidden-chart');
    await page.click('#train');
    await poll(async () => {
      const [s, now] = [await state(page), await pixels(page, 'hidden-chart')];
      return s.button === 'Pause' && s.n > 0 && now !== before;
    }, 'the heatmap to change while training runs', 30_000);
    await page.click('#train');
    await waitState(page, (s) => s.button === 'Train', 'training to pause');
    assert.notDeepEqual(await stepTerms(page), terms3, 'training changed the step-through numbers');

    // tanh: no unit can die.
    await page.selectOption('#activation', 'tanh');
    await poll(async () => (await text(page, '#dead-units')).endsWith('with tanh no unit can die.'), '#dead-units to say no unit can die with tanh')
      .catch(async (e) => { throw new Error(`${e.message}; it says ${JSON.stringify(await text(page, '#dead-units'))}`); });
    const tanhTerms = await stepTerms(page);
    assert.ok(tanhTerms.slice(1).every((l) => l.includes('=tanh(') && !l.includes('(dead)')), `tanh lines: ${tanhTerms.join('\n')}`);
  }));

// ---------------------------------------------------------------------------
// 5. Baselines

test('5. baselines for the notebook; with a hold-out, the held-out loss after training', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    // Each row and column labelled: the model's own loss beside every rule that needs no training.
    assert.deepEqual(await lossTable(page), [
      ['', 'this model', 'repeat the last value', 'continue the line', 'predict the mean'],
      ['training', '–', '250', '0', '450'],
    ]);

    await page.selectOption('#preset', 'sine');
    await waitEqual(() => page.inputValue('#seq-len'), '10', 'the sine preset');
    await page.fill('#holdout', '20');
    await waitFieldError(page, 'holdout', '');
    await poll(async () => (await text(page, '#window-count')).includes('held out'), '#window-count to mention the held-out windows');
    assert.ok((await page.locator('#windows-table tr.held-out').count()) > 0, 'held-out rows are marked');
    const untrained = await lossTable(page);
    assert.deepEqual(untrained.map((r) => r[0]), ['', 'training', 'held out'], `a row for the held-out windows: ${untrained}`);
    assert.equal(untrained[2][1], '–', 'no held-out loss before training');

    for (let i = 1; i <= 3; i++) {
      await page.click('#step');
      await waitState(page, (s) => s.n === i && s.button === 'Train', `epoch ${i}`);
    }
    const trained = await lossTable(page);
    assert.match(trained[2][1], /^-?[0-9.e+-]+$/, `the held-out loss after 3 epochs: ${trained}`);
    assert.match(await text(page, '#standing'), /^On the held-out windows: /, 'the verdict is about the held-out windows');

    await page.fill('#holdout', '60');
    await poll(async () => (await text(page, '#holdout-error')) !== '', '#holdout-error to refuse a hold-out of 60 %');
    assert.equal(await page.isDisabled('#train'), true, 'Train is disabled while the hold-out is invalid');
  }));

/** The "How is it going?" loss table as rows of cell texts (the header row first). */
function lossTable(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#loss-table tr')].map((tr) => [...tr.cells].map((c) => c.textContent.trim())),
  );
}

// ---------------------------------------------------------------------------
// 6. Roll forward (and the canvases' labels after training)

test('6. roll forward gives exactly `horizon` numbers; the horizon is checked as typed; canvases are labelled', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    assert.equal(await page.inputValue('#horizon'), '20', 'default horizon');
    const end = await trainTo(page, 200);

    await page.fill('#horizon', '7');
    await waitFieldError(page, 'horizon', '');
    await page.click('#roll');
    const out = await poll(async () => {
      const t = await text(page, '#roll-output');
      return t !== '' && t;
    }, '#roll-output to fill');
    const rolled = parseNumbers(out, '#roll-output');
    assert.equal(rolled.length, 7, `#roll-output should hold 7 numbers: ${out}`);
    assert.ok(rolled[0] > 40 && rolled[0] < 200, `the first rolled value after 70, 80, 90 is far off: ${out}`);

    await page.fill('#horizon', '0');
    await waitFieldError(page, 'horizon', 'Roll forward between 1 and 1,000 steps.');
    await page.fill('#horizon', '1001');
    await waitFieldError(page, 'horizon', 'Roll forward between 1 and 1,000 steps.');
    await page.click('#roll');
    await waitEqual(() => text(page, '#roll-output'), '', 'no rolled values for an invalid horizon');
    await page.fill('#horizon', '3');
    await waitFieldError(page, 'horizon', '');
    await page.click('#roll');
    await poll(async () => (await text(page, '#roll-output')).split(', ').length === 3, '#roll-output to hold 3 numbers');
    assert.deepEqual(parseNumbers(await text(page, '#roll-output'), '#roll-output'), rolled.slice(0, 3), 'rolling is deterministic: the first 3 of 7 again');

    // Every canvas is an image with a summary; the loss chart's names the latest loss.
    const canvases = await page.locator('canvas').evaluateAll((cs) => cs.map((c) => ({ id: c.id, role: c.getAttribute('role'), label: c.getAttribute('aria-label') ?? '' })));
    for (const c of canvases) {
      assert.equal(c.role, 'img', `#${c.id} has role="img"`);
      assert.ok(c.label.trim().length > 10, `#${c.id} has a summarising aria-label: ${JSON.stringify(c.label)}`);
    }
    const lossLabel = await page.getAttribute('#loss-chart', 'aria-label');
    assert.ok(end.loss !== null, end.text);
    const shown = end.text.match(/loss ([-0-9.e+]+)/)[1];
    assert.ok(lossLabel.includes(`latest loss ${shown}`), `the loss chart's label should name the latest loss ${shown}: ${lossLabel}`);
  }));

// ---------------------------------------------------------------------------
// 7. The Keras program

test('7. the Keras program parses as Python and matches the settings', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    const code = await page.locator('#keras-code').textContent();
    for (const part of [
      'layers.SimpleRNN(50, activation="relu")',
      'seq_len, n_steps, n_features = 3, 2, 1',
      'raw_seq = [10, 20, 30, 40, 50, 60, 70, 80, 90]',
      '2,600',
      '102',
      '2,702',
      'learning_rate=0.001',
      'epochs=200',
    ]) {
      assert.ok(code.includes(part), `the notebook's program should contain ${JSON.stringify(part)}:\n${code}`);
    }
    assertPythonParses(code, 'the notebook\'s Keras program');

    await page.click('#copy-code');
    await poll(async () => (await text(page, '#code-note')) !== '', '#code-note to say what happened');

    await page.selectOption('#preset', 'airline');
    const airline = await poll(async () => {
      const c = await page.locator('#keras-code').textContent();
      return /raw_seq = \[\s*112, 118, 132,/.test(c) && c;
    }, 'the program to follow the airline preset');
    for (const part of ['layers.SimpleRNN(32, activation="tanh")', 'seq_len, n_steps, n_features = 12, 6, 1', 'learning_rate=0.01', 'epochs=150']) {
      assert.ok(airline.includes(part), `the airline program should contain ${JSON.stringify(part)}:\n${airline}`);
    }
    assert.ok(airline.split('\n').every((l) => l.length <= 100), 'the 144 values are wrapped onto lines of at most 100 characters');
    assertPythonParses(airline, 'the airline Keras program');

    await page.selectOption('#preset', 'notebook');
    await waitEqual(() => page.inputValue('#units'), '50', 'back to the notebook');
    await page.fill('#units', '8');
    await page.fill('#n-steps', '3');
    const small = await poll(async () => {
      const c = await page.locator('#keras-code').textContent();
      return c.includes('layers.SimpleRNN(8,') && c.includes('= 3, 3, 1') && c;
    }, 'the program to follow units 8 and n_steps 3');
    assert.ok(small.includes('layers.SimpleRNN(8, activation="relu")'), small);
    assert.ok(small.includes('seq_len, n_steps, n_features = 3, 3, 1'), small);
    assert.match(small, /\b80\b[^\n]*\b27\b[^\n]*\b107\b/, `the parameter counts 80 + 27 = 107 in the program:\n${small}`);
    assertPythonParses(small, 'the units 8 / n_steps 3 program');
  }));

// ---------------------------------------------------------------------------
// 8. Keyboard

test('8. keyboard: Space trains/pauses, s and → step, r resets; never while typing or on a button', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    // 5 epochs a second: a run (200 epochs) shows "Pause" for 40 s, not for a frame.
    await page.selectOption('#speed', '5');
    await focusBody(page);

    await page.keyboard.press('s');
    await waitState(page, (s) => s.n === 1 && s.button === 'Train', '"s" to run one epoch');
    await page.keyboard.press('ArrowRight');
    await waitState(page, (s) => s.n === 2 && s.button === 'Train', '"→" to run one more epoch');
    await page.keyboard.press('S');
    await waitState(page, (s) => s.n === 3, '"S" to run one more epoch');
    await page.keyboard.press('r');
    await waitState(page, (s) => s.n === 0 && s.loss === null, '"r" to reset');

    await page.keyboard.press(' ');
    await waitState(page, (s) => s.button === 'Pause', 'Space to start training');
    await page.keyboard.press(' ');
    const paused = await waitState(page, (s) => s.button === 'Train', 'Space to pause training');
    assert.ok(paused.n < 200, `Space paused before the end: ${paused.text}`);
    await idle(page, { frames: 5, ms: 500 }); // 2 or 3 epochs, had it not paused
    assert.equal((await state(page)).n, paused.n, 'paused: no more epochs');
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'Space (handled) does not scroll the page');

    // Typing in fields: the keys go into the field, nothing trains, steps or resets.
    await page.click('#forecast-input');
    await page.keyboard.press('End');
    await page.keyboard.type(' s r');
    await page.keyboard.press('ArrowRight');
    await idle(page, { frames: 5 });
    assert.equal(await page.inputValue('#forecast-input'), '70, 80, 90 s r', 'the typed keys went into the field');
    let s = await state(page);
    assert.equal(s.n, paused.n, `typing " s r" and → in a field neither steps nor resets: ${s.text}`);
    assert.equal(s.button, 'Train', 'typing a space in a field does not start training');

    await page.click('#sequence');
    await page.keyboard.press('End');
    await page.keyboard.press(' ');
    await idle(page, { frames: 5 });
    s = await state(page);
    assert.equal(await page.inputValue('#sequence'), `${DEFAULT_SEQUENCE} `, 'the space went into the textarea');
    assert.equal(s.button, 'Train', `a space typed in the sequence does not start training: ${s.text}`);
    await page.keyboard.type('s');
    await idle(page, { frames: 5 });
    assert.equal(await page.inputValue('#sequence'), `${DEFAULT_SEQUENCE} s`, 'the "s" went into the textarea');
    s = await state(page);
    assert.equal(s.button, 'Train', s.text);
    assert.ok(s.n === 0 || s.n === paused.n, `an "s" typed in the sequence does not step: ${s.text}`);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await waitFieldError(page, 'sequence', '');

    // On a button reached with the keyboard (Tab), Space presses that button only (one epoch),
    // not the shortcut too.
    const before = (await state(page)).n;
    await page.focus('#train');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'step', 'Tab from Train reaches Step');
    await page.keyboard.press(' ');
    await waitState(page, (st) => st.n === before + 1, 'Space on the focused Step button to run one epoch');
    await idle(page, { frames: 5 });
    s = await state(page);
    assert.equal(s.n, before + 1, `Space on the Step button runs exactly one epoch: ${s.text}`);
    assert.equal(s.button, 'Train', 'and does not start training');

    // After a mouse click on a button (no focus ring), the keys are the page's again: a teacher
    // clicks Step a few times, then Space lets it run.
    await page.click('#step');
    await waitState(page, (st) => st.n === before + 2 && st.button === 'Train', 'the clicked Step to run one epoch');
    await page.keyboard.press(' ');
    await waitState(page, (st) => st.button === 'Pause', 'Space after clicking Step to start training');
    await page.keyboard.press(' ');
    const again = await waitState(page, (st) => st.button === 'Train', 'Space again to pause');
    await page.keyboard.press('s');
    await waitState(page, (st) => st.n === again.n + 1 && st.button === 'Train', '"s" with the clicked button focused to step');
    await page.keyboard.press('r');
    await waitState(page, (st) => st.n === 0, '"r" with the clicked button focused to reset');
  }));

// ---------------------------------------------------------------------------
// 9. Theme, presentation, reduced motion, phone

test('9. dark theme (toggle and system), presentation mode, focus ring, reduced motion, 360 px phone', { timeout: 90_000 }, async () => {
  // Theme toggle and presentation, with the system in light mode.
  await site.page(async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await site.open(page);
    const light = luminance(await pageBackground(page));
    assert.ok(light > 0.5, `light page background, luminance ${light}`);
    const lightChart = await pixels(page, 'data-chart');

    await page.selectOption('#theme', 'dark');
    await waitEqual(() => page.evaluate(() => document.documentElement.dataset.theme ?? null), 'dark', '<html data-theme="dark">');
    const dark = luminance(await pageBackground(page));
    assert.ok(dark < 0.2, `dark theme: the background should be dark, luminance ${dark} (${await pageBackground(page)})`);
    const statusColour = luminance((await computed(page, '#status', ['color'])).color);
    assert.ok(statusColour > 0.4, `dark theme: light text, luminance ${statusColour}`);
    await poll(async () => (await pixels(page, 'data-chart')) !== lightChart, 'the data chart to redraw in dark colours');

    await page.selectOption('#theme', 'light');
    await waitEqual(() => page.evaluate(() => document.documentElement.dataset.theme ?? null), 'light', '<html data-theme="light">');
    assert.ok(luminance(await pageBackground(page)) > 0.5, 'light again');
    await page.selectOption('#theme', 'auto');
    await waitEqual(() => page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false, 'auto: no data-theme');

    // Presentation mode: bigger type.
    const normal = parseFloat((await computed(page, '#status', ['fontSize'])).fontSize);
    await page.check('#presentation');
    await waitEqual(() => page.evaluate(() => document.documentElement.classList.contains('presenting')), true, '<html class="presenting">');
    const big = parseFloat((await computed(page, '#status', ['fontSize'])).fontSize);
    assert.ok(big > normal, `presentation mode enlarges #status: ${normal}px → ${big}px`);
    await page.uncheck('#presentation');
    await waitEqual(() => page.evaluate(() => document.documentElement.classList.contains('presenting')), false, 'presentation off');
    assert.equal(parseFloat((await computed(page, '#status', ['fontSize'])).fontSize), normal, 'back to normal size');

    // A visible focus ring on a button reached with the keyboard.
    await page.focus('#reset');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      return { id: el.id, focusVisible: el.matches(':focus-visible'), style: cs.outlineStyle, width: cs.outlineWidth };
    });
    assert.equal(ring.id, 'reset', `Tab brings focus back to #reset: ${JSON.stringify(ring)}`);
    assert.equal(ring.focusVisible, true, 'keyboard focus matches :focus-visible');
    assert.ok(ring.style !== 'none' && parseFloat(ring.width) > 0, `a visible outline on the focused button: ${JSON.stringify(ring)}`);
  });

  // The system's dark mode with theme "auto".
  await site.page(async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await site.open(page);
    assert.equal(await page.inputValue('#theme'), 'auto');
    const dark = luminance(await pageBackground(page));
    assert.ok(dark < 0.2, `system dark mode + theme auto: dark background, luminance ${dark} (${await pageBackground(page)})`);
    await page.selectOption('#theme', 'light');
    await poll(async () => luminance(await pageBackground(page)) > 0.5, 'theme "light" to win over the system\'s dark mode');
  });

  // Reduced motion: training shows its result at once, unless the link asks for a speed.
  await site.page(async ({ page }) => {
    assert.equal((await (async () => { await site.open(page); return page.inputValue('#speed'); })()), '15', 'the notebook\'s pace: 15 epochs a second');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await site.open(page);
    assert.equal(await page.inputValue('#speed'), 'max', 'prefers-reduced-motion: the default speed is "max"');
    await site.open(page, '?speed=5');
    assert.equal(await page.inputValue('#speed'), '5', 'a speed in the link still wins');
  });

  // A 360 px phone: no sideways scrolling, also with the windows table and the inside panel open.
  await site.page(async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await site.open(page);
    const widths = () => page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
    let w = await widths();
    assert.ok(w.doc <= 360 && w.body <= 360, `no horizontal scrolling at 360 px: ${JSON.stringify(w)}`);
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'phone-360.png'), fullPage: true });

    await page.selectOption('#preset', 'airline');
    await waitEqual(() => page.inputValue('#seq-len'), '12', 'the airline preset');
    await page.click('#inside > summary');
    await poll(async () => (await page.locator('#step-terms math').count()) === 5, 'the step-through');
    await waitEqual(async () => (await text(page, '#window-count')).endsWith('= 127 windows.'), true, 'the airline\'s 127 windows in the table');
    w = await widths();
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > 361 && !el.closest('.table-wrap, .formula, pre'))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).replace(/ /g, '.') : ''} (right ${Math.round(el.getBoundingClientRect().right)})`),
    );
    await page.screenshot({ path: path.join(RESULTS, 'phone-360-airline-inside.png'), fullPage: true });
    assert.ok(w.doc <= 360 && w.body <= 360, `no horizontal scrolling at 360 px with the airline windows and the inside panel open: ${JSON.stringify(w)}; too wide: ${wide.join(', ')}`);
  }, { viewport: { width: 360, height: 800 } });
});

// ---------------------------------------------------------------------------
// 10. Accessibility (axe-core)

/** Run axe on the page; returns its violations as plain objects. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 200) })),
    }));
  });
}

function describeViolations(vs) {
  return vs
    .map((v) => [
      `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s))`,
      ...v.nodes.map((n) => `      ${n.target} — ${n.html.replace(/\s+/g, ' ').slice(0, 120)}`),
      `      ${(v.nodes[0]?.summary ?? '').replace(/\s*\n\s*/g, ' / ')}`,
    ].join('\n'))
    .join('\n');
}

test('10. axe-core: no serious or critical violations (default page; inside open after training; dark theme; 360 px)', { timeout: 90_000 }, async (t) => {
  const axeVersion = JSON.parse(fs.readFileSync(require.resolve('axe-core/package.json'), 'utf8')).version;
  t.diagnostic(`axe-core ${axeVersion}`);
  const failures = [];
  const scan = async (page, name) => {
    const vs = await axeViolations(page);
    if (vs.length) for (const line of `axe, ${name}:\n${describeViolations(vs)}`.split('\n')) t.diagnostic(line);
    const bad = vs.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (bad.length) failures.push(`${name}:\n${describeViolations(bad)}`);
  };
  // The context bypasses the page's CSP so that axe-core's source can be injected; only this
  // test does that, everything else runs under the real CSP.
  await site.page(async ({ page, requests }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await site.open(page);
    await scan(page, 'the default page');

    await page.click('#inside > summary');
    await poll(async () => (await page.locator('#step-terms math').count()) === 5, 'the step-through');
    await trainTo(page, 200);
    await page.click('#forecast');
    await poll(async () => (await text(page, '#forecast-output')) !== '', 'the forecast');
    await page.click('#roll');
    await poll(async () => (await text(page, '#roll-output')) !== '', 'the rolled values');
    await scan(page, 'inside open, after training, forecast and roll');

    await page.selectOption('#theme', 'dark');
    await waitEqual(() => page.evaluate(() => document.documentElement.dataset.theme ?? null), 'dark', 'dark theme');
    await scan(page, 'the same, in the dark theme');

    // On a phone, wide content (formulas, code, tables) scrolls inside its box.
    await page.selectOption('#theme', 'light');
    await page.setViewportSize({ width: 360, height: 800 });
    // The page has taken the resize once its canvases match their new boxes.
    await poll(() => page.evaluate(() => innerWidth === 360 && ['loss-chart', 'data-chart', 'network'].every((id) => {
      const c = document.getElementById(id);
      const scale = Math.min(Math.max(devicePixelRatio, 1), 4);
      return c.width === Math.floor(Math.max(200, c.clientWidth) * scale) && c.height === Math.floor(Math.max(120, c.clientHeight) * scale);
    })), 'the canvases to follow the 360 px viewport');
    await scan(page, 'the same, light theme, 360 px wide');

    const origin = site.origin;
    const off = requests.filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin);
    assert.deepEqual(off, [], 'no request leaves the origin');
  }, { bypassCSP: true });
  assert.equal(failures.length, 0, `axe-core ${axeVersion} found serious/critical violations:\n${failures.join('\n')}`);
});
