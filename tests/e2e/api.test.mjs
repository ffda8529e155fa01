// The JavaScript API as an embedder uses it: the module imported from a bare page of our own
// (not the playground), and every exported method fed hostile values. Nothing may panic the
// module: each call works or throws an Error that says what was wrong, and the same Trainer
// (and the page) keeps working afterwards.
//
//   cd tests/e2e && DIST=/path/to/dist node --test api.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, waitReady, trainTo } from './helpers.mjs';

// A page of the embedder's own, served next to a copy of the site: no #playground, no CSP, no
// boot.js.
const BARE = `<!doctype html>
<html><head><meta charset="utf-8"><title>bare</title><link rel="icon" href="data:,"></head>
<body><p>An embedder's page.</p>
<script type="module">
  import init, { Trainer } from './rnn-playground.js';
  await init({ module_or_path: './rnn-playground_bg.wasm' });
  window.Trainer = Trainer;
  window.loaded = true;
</script></body></html>
`;

const site = useSite({ name: 'api', copy: true, files: { 'bare.html': BARE } });

async function openBare(page) {
  await page.goto(site.url + 'bare.html');
  await page.waitForFunction(() => window.loaded === true);
}

test('the module loads quietly on a page of your own, and Trainer trains the notebook and forecasts', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await openBare(page);
    const r = await page.evaluate(() => {
      const t = new window.Trainer({ sequence: [10, 20, 30, 40, 50, 60, 70, 80, 90], seqLen: 3, nSteps: 2 });
      const last = t.trainEpochs(200);
      const out = {
        last, epochs: t.epochs, history: t.lossHistory().length,
        forecast: Array.from(t.forecast([70, 80, 90])), summary: t.summary(),
        pageUntouched: document.body.children.length,
      };
      t.free();
      return out;
    });
    assert.equal(r.epochs, 200);
    assert.equal(r.history, 200);
    assert.ok(Number.isFinite(r.last) && r.last < 500, `last loss ${r.last}`);
    assert.equal(r.forecast.length, 2);
    assert.ok(r.forecast.every((v) => v > 60 && v < 200), `forecast ${r.forecast}`);
    assert.deepEqual(r.summary, { rnn: 2600, dense: 102, total: 2702, features: 1, targets: 1, layers: 1, units: 50, nSteps: 2, seqLen: 3 });
    assert.equal(r.pageUntouched, 2, 'the module added nothing to the page');
  }));

/** Runs in the page: calls `call(t)` for each hostile value and reports what happened. */
function probeInPage(cases) {
  const T = window.Trainer ?? window.wasmBindings.Trainer;
  const results = [];
  const make = () => new T({ seqLen: 3, nSteps: 2, units: 8 });
  let t = make();
  const stillWorks = () => {
    const loss = t.trainEpochs(1);
    const f = t.forecast([70, 80, 90]);
    return Number.isFinite(loss) && f.length === 2 && f.every(Number.isFinite);
  };
  const hostile = {
    huge: new Array(1_000_001).fill(1),
    deep: (() => { let a = [1]; for (let i = 0; i < 10_000; i++) a = [a]; return a; })(),
    proxy: new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }),
    f32ok: new Float32Array([70, 80, 90]),
    f32short: new Float32Array(2),
    f64: new Float64Array([70, 80, 90]),
  };
  // The values, built here rather than from source text (the playground's CSP forbids eval).
  const values = {
    'undefined': undefined,
    'null': null,
    '5': 5,
    '"x"': "x",
    '[]': [],
    '{ seqLen: -1 }': { seqLen: -1 },
    '{ seqLen: NaN }': { seqLen: NaN },
    '{ seqLen: Infinity }': { seqLen: Infinity },
    '{ seqLen: 1e12 }': { seqLen: 1e12 },
    '{ seqLen: 2.5 }': { seqLen: 2.5 },
    '{ seqLen: "3" }': { seqLen: "3" },
    '{ seq_len: 3 }': { seq_len: 3 },
    '{ sequence: [] }': { sequence: [] },
    '{ sequence: [1, "a", 3] }': { sequence: [1, "a", 3] },
    '{ sequence: [[1, 2], 3] }': { sequence: [[1, 2], 3] },
    '{ sequence: new Float32Array([1, 2, 3, 4, 5, 6]) }': { sequence: new Float32Array([1, 2, 3, 4, 5, 6]) },
    '{ units: {} }': { units: {} },
    '{ units: null }': { units: null },
    '{ bogus: 1 }': { bogus: 1 },
    '{ learningRate: -0 }': { learningRate: -0 },
    '{ shuffle: "maybe" }': { shuffle: "maybe" },
    '{ activation: 7 }': { activation: 7 },
    '{ sequence: Array(100001).fill(1) }': { sequence: Array(100001).fill(1) },
    '-1': -1,
    'NaN': NaN,
    'Infinity': Infinity,
    '-Infinity': -Infinity,
    '1e12': 1e12,
    '1e9': 1e9,
    '2.5': 2.5,
    '"5"': "5",
    '{}': {},
    '0': 0,
    '3': 3,
    '[1, 2]': [1, 2],
    '[70, 80, 90]': [70, 80, 90],
    '"abc"': "abc",
    '[NaN, 1, 2]': [NaN, 1, 2],
    '[Infinity, 1, 2]': [Infinity, 1, 2],
    '[1e40, 1, 2]': [1e40, 1, 2],
    '[1, "2", 3]': [1, "2", 3],
    '[[[]]]': [[[]]],
    '"w"': "w",
    '[[[NaN]], [], [], [], []]': [[[NaN]], [], [], [], []],
    '[1, 2, 3, 4, 5]': [1, 2, 3, 4, 5],
  };
  for (const [what, src] of cases) {
    const arg = src.startsWith('$') ? hostile[src.slice(1)] : values[src];
    let outcome;
    try {
      const v = what === 'new' ? new T(arg) : t[what](arg);
      outcome = { ok: true, type: typeof v };
    } catch (e) {
      outcome = { ok: false, isError: e instanceof Error, message: String(e && e.message) };
    }
    let alive;
    try {
      alive = stillWorks();
    } catch (e) {
      alive = `threw ${e && e.message}`;
    }
    results.push({ what, src, ...outcome, alive });
  }
  return results;
}

// [method, argument as JS source or $name of a prepared value, 'ok' | 'throws' | 'either']
const CASES = [
  ['new', 'undefined', 'ok'], ['new', 'null', 'ok'], ['new', '5', 'throws'], ['new', '"x"', 'throws'],
  ['new', '[]', 'throws'], ['new', '{ seqLen: -1 }', 'throws'], ['new', '{ seqLen: NaN }', 'throws'],
  ['new', '{ seqLen: Infinity }', 'throws'], ['new', '{ seqLen: 1e12 }', 'throws'], ['new', '{ seqLen: 2.5 }', 'throws'],
  ['new', '{ seqLen: "3" }', 'ok'], ['new', '{ seq_len: 3 }', 'ok'], ['new', '{ sequence: [] }', 'throws'],
  ['new', '{ sequence: [1, "a", 3] }', 'throws'], ['new', '{ sequence: [[1, 2], 3] }', 'throws'],
  ['new', '{ sequence: new Float32Array([1, 2, 3, 4, 5, 6]) }', 'ok'], ['new', '{ units: {} }', 'throws'],
  ['new', '{ units: null }', 'ok'], ['new', '{ bogus: 1 }', 'throws'], ['new', '{ learningRate: -0 }', 'throws'],
  ['new', '{ shuffle: "maybe" }', 'throws'], ['new', '{ activation: 7 }', 'throws'], ['new', '$proxy', 'throws'],
  ['new', '{ sequence: Array(100001).fill(1) }', 'throws'],
  ['trainEpochs', '-1', 'throws'], ['trainEpochs', 'NaN', 'throws'], ['trainEpochs', 'Infinity', 'throws'],
  ['trainEpochs', '-Infinity', 'throws'], ['trainEpochs', '1e12', 'throws'], ['trainEpochs', '1e9', 'throws'],
  ['trainEpochs', '2.5', 'throws'], ['trainEpochs', '"5"', 'throws'], ['trainEpochs', '{}', 'throws'],
  ['trainEpochs', 'null', 'throws'], ['trainEpochs', 'undefined', 'throws'], ['trainEpochs', '[]', 'throws'],
  ['trainEpochs', '0', 'ok'], ['trainEpochs', '3', 'ok'],
  ['forecast', 'undefined', 'throws'], ['forecast', 'null', 'throws'], ['forecast', '[]', 'throws'],
  ['forecast', '[1, 2]', 'throws'], ['forecast', '[70, 80, 90]', 'ok'], ['forecast', '$f32ok', 'ok'], ['forecast', '$f64', 'ok'],
  ['forecast', '$f32short', 'throws'], ['forecast', '"abc"', 'throws'], ['forecast', '{}', 'throws'],
  ['forecast', '[NaN, 1, 2]', 'throws'], ['forecast', '[Infinity, 1, 2]', 'throws'], ['forecast', '[1e40, 1, 2]', 'throws'],
  ['forecast', '[1, "2", 3]', 'throws'], ['forecast', '$huge', 'throws'], ['forecast', '-1', 'throws'],
  ['setWeights', 'undefined', 'throws'], ['setWeights', 'null', 'throws'], ['setWeights', '[]', 'throws'],
  ['setWeights', '[[[]]]', 'throws'], ['setWeights', '"w"', 'throws'], ['setWeights', '{}', 'throws'],
  ['setWeights', '$deep', 'throws'], ['setWeights', '[[[NaN]], [], [], [], []]', 'throws'],
  ['setWeights', '$huge', 'throws'], ['setWeights', '[1, 2, 3, 4, 5]', 'throws'],
  ['summary', 'undefined', 'ok'], ['weights', 'undefined', 'ok'], ['config', 'undefined', 'ok'],
  ['lossHistory', 'undefined', 'ok'], ['valLossHistory', 'undefined', 'ok'],
];

function check(results) {
  const problems = [];
  for (const r of results) {
    const want = CASES.find(([m, s]) => m === r.what && s === r.src)[2];
    const label = `${r.what}(${r.src})`;
    if (r.alive !== true) problems.push(`${label}: the Trainer stopped working afterwards (${r.alive})`);
    if (want === 'ok' && !r.ok) problems.push(`${label} should work, but threw: ${r.message}`);
    if (want === 'throws' && r.ok) problems.push(`${label} should throw, but returned a ${r.type}`);
    if (!r.ok) {
      if (!r.isError) problems.push(`${label} threw something that is not an Error: ${r.message}`);
      if (!r.message || r.message.length < 12 || /unreachable|RuntimeError|panicked|null pointer/i.test(r.message)) {
        problems.push(`${label} threw an unhelpful message: ${JSON.stringify(r.message)}`);
      }
    }
  }
  return problems;
}

test('hostile values: every method works or throws an Error that says what was wrong, and the Trainer keeps working', { timeout: 120_000 }, () =>
  site.page(async ({ page }) => {
    await openBare(page);
    const results = await page.evaluate(probeInPage, CASES.map(([m, s]) => [m, s]));
    assert.equal(results.length, CASES.length);
    const problems = check(results);
    assert.deepEqual(problems, [], problems.join('\n'));
    // Messages name the limit or the expected value.
    const msg = (m, s) => results.find((r) => r.what === m && r.src === s).message;
    assert.match(msg('trainEpochs', '1e9'), /at most [\d,]+ epochs per call/);
    assert.match(msg('trainEpochs', '-1'), /whole number of epochs/);
    assert.match(msg('forecast', '[1, 2]'), /exactly seq_len = 3 values/);
    assert.match(msg('new', '{ seqLen: -1 }'), /seq_len must be a whole number from 1 to 500/);
    assert.match(msg('new', '{ bogus: 1 }'), /"bogus" is not a setting/);
    assert.match(msg('setWeights', '$deep'), /nested too deeply/);
  }));

test('after free(), calls throw an Error and the module goes on working', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await openBare(page);
    const r = await page.evaluate(() => {
      const t = new window.Trainer();
      t.free();
      const out = [];
      for (const call of [() => t.trainEpochs(1), () => t.forecast([1, 2, 3]), () => t.summary(), () => t.weights(), () => t.epochs]) {
        try {
          call();
          out.push('returned');
        } catch (e) {
          out.push(e instanceof Error ? 'Error' : typeof e);
        }
      }
      const again = new window.Trainer();
      again.trainEpochs(5);
      return { out, epochs: again.epochs };
    });
    assert.deepEqual(r.out, ['Error', 'Error', 'Error', 'Error', 'Error'], 'each call on a freed Trainer throws an Error');
    assert.equal(r.epochs, 5, 'a new Trainer still trains');
  }));

test('the playground keeps training after its Trainer API was abused', { timeout: 90_000 }, () =>
  site.page(async ({ page }) => {
    await page.goto(site.url);
    await waitReady(page);
    const results = await page.evaluate(probeInPage, CASES.filter(([m]) => m === 'trainEpochs' || m === 'forecast').map(([m, s]) => [m, s]));
    assert.ok(results.every((r) => r.alive === true), JSON.stringify(results.filter((r) => r.alive !== true)));
    const end = await trainTo(page, 200);
    assert.ok(Number.isFinite(end.loss), end.text);
  }));

// trainer.sensitivity(window): ∂forecast_j/∂window_t in the sequence's own units, one array of
// seqLen numbers per forecast value; checked against Richardson central differences of
// t.forecast (steps of 0.1 and 0.05 in the model's units, as tests/sensitivity.rs explains: within
// 2e-3 of each forecast value's largest sensitivity), with scaling on; and hostile windows.
const SENSITIVITY_CASES = [
  ['sensitivity', 'undefined', 'throws'], ['sensitivity', 'null', 'throws'], ['sensitivity', '[]', 'throws'],
  ['sensitivity', '[1, 2]', 'throws'], ['sensitivity', '[70, 80, 90]', 'ok'], ['sensitivity', '$f32ok', 'ok'],
  ['sensitivity', '$f64', 'ok'], ['sensitivity', '$f32short', 'throws'], ['sensitivity', '"abc"', 'throws'],
  ['sensitivity', '{}', 'throws'], ['sensitivity', '[NaN, 1, 2]', 'throws'], ['sensitivity', '[Infinity, 1, 2]', 'throws'],
  ['sensitivity', '[1e40, 1, 2]', 'throws'], ['sensitivity', '[1, "2", 3]', 'throws'], ['sensitivity', '$huge', 'throws'],
  ['sensitivity', '-1', 'throws'], ['sensitivity', '$deep', 'throws'], ['sensitivity', '$proxy', 'throws'],
];

test('sensitivity: one array per forecast value, matching differences of the forecast; hostile windows throw', { timeout: 120_000 }, () =>
  site.page(async ({ page }) => {
    await openBare(page);
    const r = await page.evaluate(() => {
      const t = new window.Trainer({
        sequence: [10, 20, 30, 40, 50, 60, 70, 80, 90], seqLen: 3, nSteps: 2, cell: 'lstm', units: 6,
        activation: 'tanh', learningRate: 0.01, scale: 'standardize',
      });
      t.trainEpochs(30);
      const w = [70, 80, 90];
      const raw = t.sensitivity(w);
      const shape = Array.isArray(raw) && raw.every((row) => row instanceof Float32Array);
      const s = raw.map((row) => Array.from(row));
      const typed = t.sensitivity(new Float32Array(w)).map((row) => Array.from(row));
      // The standardized scale of 10…90 is 25.8: raw steps of 2.5 and 1.25 are 0.1 and 0.05.
      const central = (i, h) => {
        const up = w.slice(), down = w.slice();
        up[i] += h; down[i] -= h;
        const a = t.forecast(up), b = t.forecast(down);
        return Array.from(a, (v, j) => (v - b[j]) / (2 * h));
      };
      const numeric = [[], []];
      for (let i = 0; i < 3; i++) {
        const wide = central(i, 2.5), narrow = central(i, 1.25);
        for (let j = 0; j < 2; j++) numeric[j][i] = (4 * narrow[j] - wide[j]) / 3;
      }
      const out = { s, typed, numeric, shape };
      t.free();
      return out;
    });
    assert.ok(r.shape, 'an array of Float32Arrays');
    assert.equal(r.s.length, 2, 'one array per forecast value');
    assert.ok(r.s.every((row) => row.length === 3 && row.every(Number.isFinite)), JSON.stringify(r.s));
    assert.deepEqual(r.typed, r.s, 'a typed array gives the same');
    for (let j = 0; j < 2; j++) {
      const largest = Math.max(...r.numeric[j].map(Math.abs));
      for (let i = 0; i < 3; i++) {
        const err = Math.abs(r.s[j][i] - r.numeric[j][i]);
        assert.ok(err <= 2e-3 * largest + 1e-6, `forecast ${j} input ${i}: ${r.s[j][i]} vs differences ${r.numeric[j][i]}`);
      }
    }
    const results = await page.evaluate(probeInPage, SENSITIVITY_CASES.map(([m, s]) => [m, s]));
    const problems = [];
    for (const res of results) {
      const want = SENSITIVITY_CASES.find(([m, s]) => m === res.what && s === res.src)[2];
      const label = `${res.what}(${res.src})`;
      if (res.alive !== true) problems.push(`${label}: the Trainer stopped working afterwards (${res.alive})`);
      if (want === 'ok' && !res.ok) problems.push(`${label} should work, but threw: ${res.message}`);
      if (want === 'throws' && res.ok) problems.push(`${label} should throw, but returned a ${res.type}`);
      if (!res.ok && (!res.isError || !res.message || res.message.length < 12 || /unreachable|RuntimeError|panicked|null pointer/i.test(res.message))) {
        problems.push(`${label} threw an unhelpful message: ${JSON.stringify(res.message)}`);
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'));
    const msg = (s) => results.find((res) => res.src === s).message;
    assert.match(msg('[1, 2]'), /exactly seq_len = 3 values/);
    assert.match(msg('[NaN, 1, 2]'), /sensitivity needs an array of seq_len = 3 numbers/);
    // A Proxy over an array whose reads throw: an Error, and the Trainer goes on. After free(),
    // it throws like every other method.
    const after = await page.evaluate(() => {
      const outcome = (call) => {
        try { call(); return 'returned'; } catch (e) { return e instanceof Error ? `Error: ${e.message}` : typeof e; }
      };
      const t = new window.Trainer();
      const trap = new Proxy([1, 2, 3], { get() { throw new Error('trap'); } });
      const proxied = outcome(() => t.sensitivity(trap));
      const alive = t.sensitivity([70, 80, 90]).length === 2 && t.forecast([70, 80, 90]).length === 2;
      t.free();
      return { proxied, alive, freed: outcome(() => t.sensitivity([1, 2, 3])) };
    });
    assert.match(after.proxied, /^Error: sensitivity needs an array of seq_len = 3 numbers/);
    assert.ok(after.alive, 'the Trainer works after the Proxy');
    assert.match(after.freed, /^Error/);
  }));

test('sensitivity of a table: per forecast value, an array per input column, matching differences of the forecast', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await openBare(page);
    const r = await page.evaluate(() => {
      const visits = [], rain = [];
      for (let i = 0; i < 30; i++) {
        visits.push(Math.round(500 + 100 * Math.sin(i * 0.4)));
        rain.push(Math.round(2 + Math.cos(i * 0.7)) / 4);
      }
      const t = new window.Trainer({
        sequence: { visits, rain }, target: 'all', seqLen: 3, nSteps: 1, cell: 'gru', units: 5,
        activation: 'tanh', learningRate: 0.01, scale: 'standardize',
      });
      t.trainEpochs(20);
      const rows = [27, 28, 29].map((i) => [visits[i], rain[i]]);
      const flat = rows.flat();
      const raw = t.sensitivity(rows);
      const shape = raw.length === 2 && raw.every((j) => Array.isArray(j) && j.length === 2
        && j.every((col) => col instanceof Float32Array && col.length === 3));
      const s = raw.map((j) => j.map((col) => Array.from(col)));
      const fromFlat = t.sensitivity(flat).map((j) => j.map((col) => Array.from(col)));
      const spread = (xs) => {
        const m = xs.reduce((a, b) => a + b, 0) / xs.length;
        return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
      };
      const steps = [0.1 * spread(visits), 0.1 * spread(rain)];
      // numeric[j][f][t], Richardson from steps h and h/2 (as f32 values, the step actually taken).
      const numeric = [0, 1].map(() => [[], []]);
      for (let tt = 0; tt < 3; tt++) {
        for (let f = 0; f < 2; f++) {
          const central = (h) => {
            const up = flat.slice(), down = flat.slice();
            up[tt * 2 + f] = Math.fround(up[tt * 2 + f] + h);
            down[tt * 2 + f] = Math.fround(down[tt * 2 + f] - h);
            const a = t.forecast(up), b = t.forecast(down);
            return [0, 1].map((j) => (a[j] - b[j]) / (up[tt * 2 + f] - down[tt * 2 + f]));
          };
          const wide = central(steps[f]), narrow = central(steps[f] / 2);
          for (let j = 0; j < 2; j++) numeric[j][f][tt] = (4 * narrow[j] - wide[j]) / 3;
        }
      }
      let badRow;
      try { t.sensitivity([[1, 2], [3], [4, 5]]); badRow = 'returned'; } catch (e) { badRow = e.message; }
      t.free();
      return { shape, s, fromFlat, numeric, badRow };
    });
    assert.ok(r.shape, 'an array per forecast value of a Float32Array per input column');
    assert.deepEqual(r.fromFlat, r.s, 'rows or one flat array, the same');
    for (let j = 0; j < 2; j++) {
      const largest = Math.max(...r.numeric[j].flat().map(Math.abs));
      for (let f = 0; f < 2; f++) {
        for (let t = 0; t < 3; t++) {
          const err = Math.abs(r.s[j][f][t] - r.numeric[j][f][t]);
          assert.ok(err <= 2e-3 * largest + 1e-6, `forecast ${j} column ${f} step ${t}: ${r.s[j][f][t]} vs ${r.numeric[j][f][t]}`);
        }
      }
    }
    assert.match(r.badRow, /sensitivity needs seq_len = 3 rows of 2 numbers .*row 2 has 1 numbers/);
  }));
