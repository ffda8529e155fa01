// End-to-end tests for sharing the RNN Playground: settings in the URL (and hostile URLs),
// embed mode and its host messages, the embed code, weights export/import (also into the CLI),
// CSV and PNG downloads, and the single-file build (scripts/single-file.mjs) opened from disk.
//
//   cd tests/e2e && DIST=/path/to/dist node --test
//
// DIST defaults to <repo>/dist; RNN_CLI to <repo>/target/debug/rnn-playground (`cargo build`).
// Every test uses fresh browser contexts and fails on any console.error, page error or dialog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from './serve.mjs';
import {
  REPO, DIST, DEFAULT_SEQUENCE, useSite, sameOrigin, waitReady, state, waitState, waitEpoch,
  trainTo, text, parseNumbers, forecast, waitFieldError, download, poll } from './helpers.mjs';

const CLI = path.resolve(process.env.RNN_CLI ?? path.join(REPO, 'target', 'debug', 'rnn-playground'));
const FIELD_IDS = ['sequence', 'seq-len', 'n-steps', 'units', 'activation', 'learning-rate', 'epochs', 'batch-size', 'seed', 'scale', 'speed'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const site = useSite({ name: 'share' });

// ---------------------------------------------------------------------------
// Helpers for this file

/** Every form field's value as shown (selects: '' when nothing is selected), and shuffle. */
function readFields(page) {
  return page.evaluate((ids) => {
    const out = {};
    for (const id of ids) {
      const el = document.getElementById(id);
      out[id] = el instanceof HTMLSelectElement && el.selectedIndex < 0 ? '' : el.value;
    }
    out.shuffle = document.getElementById('shuffle').checked;
    return out;
  }, FIELD_IDS);
}

/** Every `*-error` element with text, as {id: text}. */
function shownErrors(page) {
  return page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll('[id$="-error"]')) {
      const t = el.textContent.trim();
      if (t) out[el.id] = t;
    }
    return out;
  });
}

/** How many elements of each tag the document holds, plus inline scripts and images. */
function elementCensus(page) {
  return page.evaluate(() => {
    const tags = {};
    // The windows table, the formulas and the step-through are built from the settings, so their
    // size legitimately follows the URL; what must never change is everything else.
    const generated = '#windows-table *, #param-formula *, #step-terms *, #summary-table tbody *, #preset *, #preset-steps *, #loss-table *';
    const skip = new Set(document.querySelectorAll(generated));
    for (const el of document.querySelectorAll('*')) {
      if (!skip.has(el)) tags[el.tagName] = (tags[el.tagName] ?? 0) + 1;
    }
    const withHandlers = [...document.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((a) => a.name.startsWith('on')),
    ).length;
    return { tags, inlineScriptsAndImages: document.querySelectorAll('script:not([src]), img').length, withHandlers };
  });
}


/** Keras get_weights() shapes of a nested JSON array. */
function shapeOf(a) {
  const shape = [];
  for (let x = a; Array.isArray(x); x = x[0]) shape.push(x.length);
  return shape;
}

/** Weights in Keras's layout for SimpleRNN(units) + Dense(nSteps), all `v`. */
function constantWeights(units, nSteps, v = 0.1) {
  const m = (r, c) => Array.from({ length: r }, () => Array(c).fill(v));
  return [m(1, units), m(units, units), Array(units).fill(v), m(units, nSteps), Array(nSteps).fill(v)];
}

function parseCsv(textContent) {
  const lines = textContent.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  return { header: lines[0], rows: lines.slice(1).map((l) => l.split(',')) };
}

/** The page's number format: 4 significant digits. */
const sig4 = (x) => Number(Number(x).toPrecision(4));

// ---------------------------------------------------------------------------
// 1. The single-file build

test('single-file build: one .html that trains and forecasts from file:// with no request at all', { timeout: 90_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(site.tmp, 'single-'));
  const out = path.join(dir, 'rnn-playground.html');
  const log = execFileSync(process.execPath, [path.join(REPO, 'scripts', 'single-file.mjs'), DIST, out], { encoding: 'utf8' });
  assert.match(log, /KiB.*gzipped/, `the script should print the output size and its gzipped size: ${log}`);
  assert.deepEqual(fs.readdirSync(dir), ['rnn-playground.html'], 'exactly one file is written');

  const html = fs.readFileSync(out, 'utf8');
  assert.doesNotMatch(html, /<script[^>]*\bsrc=/i, 'no external script');
  assert.doesNotMatch(html, /<link[^>]*rel="?(stylesheet|modulepreload|preload)/i, 'no stylesheet or preload link');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
  assert.ok(csp, 'the output keeps a Content-Security-Policy meta tag');
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'(;|$)/, `scripts only by hash: ${csp}`);
  assert.doesNotMatch(csp, /'self'|https?:|\*|'unsafe-eval'/, `nothing external allowed: ${csp}`);

  const fileUrl = pathToFileURL(out).href;
  await site.page(async (p) => {
    const { page, requests } = p;
    await page.goto(fileUrl);
    await waitReady(page);
    const end = await trainTo(page, 200);
    assert.ok(end.loss !== null && Number.isFinite(end.loss), end.text);
    const out2 = parseNumbers(await forecast(page, 2), '#forecast-output');
    assert.ok(out2.every((v) => v > 40 && v < 200), `forecast for 70, 80, 90 is far off: ${out2}`);

    const external = requests.filter((u) => !/^(file|data|blob):/.test(u));
    assert.deepEqual(external, [], 'the single file must not make any network request');
    const files = requests.filter((u) => u.startsWith('file:')).map((u) => u.split(/[?#]/)[0]);
    assert.deepEqual([...new Set(files)], [fileUrl], 'the only file read is the page itself');
    assert.deepEqual(p.badResponses, [], 'failed loads');
  }, { allowed: (url) => ['file:', 'data:', 'blob:'].includes(url.protocol) });
});

// ---------------------------------------------------------------------------
// 2a. Link round-trip

test('a. a link opens exactly the same setup, and trains to exactly the same loss', { timeout: 60_000 }, async () => {
  const sine = Array.from({ length: 40 }, (_, i) => (Math.sin(i / 3) * 10 + 20).toFixed(3)).join(', ');
  let link;
  let first;
  let fields;
  await site.page(async ({ page }) => {
    await site.open(page);
    await page.fill('#sequence', sine);
    await page.fill('#seq-len', '6');
    await page.fill('#n-steps', '2');
    await page.fill('#units', '16');
    await page.selectOption('#activation', 'tanh');
    await page.fill('#learning-rate', '0.01');
    await page.fill('#seed', '7');
    await page.fill('#epochs', '60');
    await page.selectOption('#scale', 'standardize');
    await page.selectOption('#speed', 'max');
    assert.deepEqual(await shownErrors(page), {}, 'all values are valid');

    link = await poll(() => {
      const u = new URL(page.url());
      const q = u.searchParams;
      const done = q.get('seqLen') === '6' && q.get('units') === '16' && q.get('activation') === 'tanh' &&
        q.get('learningRate') === '0.01' && q.get('seed') === '7' && q.get('epochs') === '60' &&
        q.get('scale') === 'standardize' && q.get('speed') === 'max' && q.get('sequence') === sine;
      return done && u.href;
    }, `the address bar to hold every changed setting (now ${page.url().slice(0, 300)})`).catch((e) => {
      throw new Error(`${e.message}; it shows ${page.url().slice(0, 400)}`);
    });
    const q = new URL(link).searchParams;
    for (const key of ['nSteps', 'batchSize', 'shuffle', 'embed', 'controls', 'autoplay']) {
      assert.equal(q.has(key), false, `${key} is at its default (or unused) and should not be in the link: ${link}`);
    }
    fields = await readFields(page);
    const s0 = await state(page);
    assert.equal(s0.text.startsWith('Epoch 0 / 60'), true, `changed settings reset the model: ${s0.text}`);
    first = await trainTo(page, 60);
  });

  await site.page(async ({ page }) => {
    const res = await page.goto(link);
    assert.equal(res?.status(), 200);
    await waitReady(page);
    assert.deepEqual(await readFields(page), fields, 'the link shows every field as it was');
    assert.deepEqual(await shownErrors(page), {});
    const second = await trainTo(page, 60);
    assert.ok(first.loss !== null, first.text);
    assert.equal(second.text, first.text, 'same seed and settings: the same status (loss) after 60 epochs');
  });
});

test('a. a reload keeps an invalid typed value and its message', { timeout: 30_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    await page.fill('#seq-len', 'abc');
    await waitFieldError(page, 'seq-len', 'seq_len must be a whole number from 1 to 500.');
    await poll(() => new URL(page.url()).searchParams.get('seqLen') === 'abc', 'seqLen=abc in the address bar').catch((e) => {
      throw new Error(`${e.message}; it shows ${page.url()}`);
    });
    await page.reload();
    await waitReady(page);
    assert.equal(await page.inputValue('#seq-len'), 'abc', 'the field keeps the invalid text after a reload');
    await waitFieldError(page, 'seq-len', 'seq_len must be a whole number from 1 to 500.');
    assert.equal(await page.isDisabled('#train'), true, 'Train is disabled while seq_len is invalid');
  }));

// ---------------------------------------------------------------------------
// 2b. Hostile URL parameters

const IMG = '<img src=x onerror=alert(1)>';
const BIG_SEQUENCE = Array.from({ length: 100_001 }, (_, i) => (i % 90) + 10).join(',');
const q = (pairs) => '?' + new URLSearchParams(pairs).toString();

// field: where the message must show; value: what the field must hold ('' for a select = nothing
// selected); fix: a valid value to put in afterwards (select option or text).
const HOSTILE = [
  { query: q({ seqLen: 'abc' }), field: 'seq-len', value: 'abc', message: 'seq_len must be a whole number from 1 to 500.', fix: '3' },
  { query: q({ units: '99999' }), field: 'units', value: '99999', message: 'units must be a whole number from 1 to 512, or up to 4 of them', fix: '50' },
  { query: q({ learningRate: 'NaN' }), field: 'learning-rate', value: 'NaN', message: 'The learning rate must be a number above 0', fix: '0.001' },
  { query: q({ activation: 'evil' }), field: 'activation', value: '', message: 'The activation must be relu, tanh, sigmoid or linear.', fix: 'relu' },
  {
    query: q({ sequence: '<script>alert(1)</script>' }), field: 'sequence', value: '<script>alert(1)</script>',
    exact: '"<script>alert(1)</script…" at position 1 is not a number.', fix: DEFAULT_SEQUENCE,
  },
  { query: q({ units: '1e308' }), field: 'units', value: '1e308', message: 'units must be a whole number from 1 to 512, or up to 4 of them', fix: '50' },
  { query: q({ epochs: '-5' }), field: 'epochs', value: '-5', message: 'The epoch target must be a whole number from 1 to 1,000,000.', fix: '200' },
  // (The upper bound differs between builds: 2^32 - 1 or 2^53 - 1.)
  { query: q({ seed: '99999999999999999999' }), field: 'seed', value: '99999999999999999999', message: 'The seed must be a whole number from 0 to ', fix: '42' },
  { query: q({ batchSize: '0' }), field: 'batch-size', value: '0', message: 'The batch size must be a whole number from 1 to 100,000.', fix: '32' },
  { query: q({ sequence: BIG_SEQUENCE }), field: 'sequence', value: BIG_SEQUENCE, message: 'The sequence has more than 100,000 values; please shorten it.', fix: DEFAULT_SEQUENCE },
  { query: q({ seqLen: IMG }), field: 'seq-len', value: IMG, message: 'seq_len must be a whole number from 1 to 500.', fix: '3' },
  { query: q({ nSteps: IMG }), field: 'n-steps', value: IMG, message: 'n_steps must be a whole number from 1 to 100.', fix: '2' },
  { query: q({ learningRate: IMG }), field: 'learning-rate', value: IMG, message: 'The learning rate must be a number above 0', fix: '0.001' },
  { query: q({ seed: IMG }), field: 'seed', value: IMG, message: 'The seed must be a whole number from 0', fix: '42' },
  { query: q({ scale: IMG }), field: 'scale', value: '', message: 'Scaling must be none, standardize or minmax.', fix: 'none' },
  { query: q({ sequence: `10, 20, ${IMG}` }), field: 'sequence', value: `10, 20, ${IMG}`, message: '"<img" at position 3 is not a number.', fix: DEFAULT_SEQUENCE },
  // Unknown keys are ignored, known ones next to them still apply.
  { query: q({ [IMG]: IMG, bogus: IMG, nSteps: '3' }), field: null, expect: { 'n-steps': '3' } },
];

test('b. hostile URL parameters land in their fields as text, with the right message, and inject nothing', { timeout: 90_000 }, async (t) => {
  const siteFiles = new Set(['/', ...fs.readdirSync(DIST).map((f) => `/${f}`)]);
  let clean;
  await site.page(async ({ page }) => {
    await site.open(page);
    clean = await elementCensus(page);
  });
  assert.equal(clean.inlineScriptsAndImages, 0, 'a clean page has no inline script and no img');

  for (const c of HOSTILE) {
    await t.test(c.query.length > 120 ? `${c.query.slice(0, 60)}… (${c.query.length} chars)` : c.query, () =>
      site.page(async ({ page, requests }) => {
        if (c.query.length > 8_000) {
          // serve.mjs (Node's http) answers 431 to request headers over 16 KB, so the browser's
          // request for this long address is answered by Playwright with the same index.html.
          await page.route((url) => url.href.length > 8_000, (route) =>
            route.fulfill({ path: path.join(DIST, 'index.html'), contentType: 'text/html; charset=utf-8' }));
        }
        await site.open(page, c.query);
        const errors = await shownErrors(page);
        const fields = await readFields(page);
        if (c.field) {
          const id = `${c.field}-error`;
          if (c.exact) await waitFieldError(page, c.field, c.exact);
          else await waitFieldError(page, c.field, c.message);
          if (c.exact) assert.equal(await text(page, `#${id}`), c.exact);
          assert.deepEqual(Object.keys(errors), [id], `only #${id} should show a message: ${JSON.stringify(errors).slice(0, 300)}`);
          assert.ok(fields[c.field] === c.value, `#${c.field} should hold the URL's value as text (selects: nothing selected), got ${JSON.stringify(fields[c.field]).slice(0, 200)}`);
          assert.equal(await page.isDisabled('#train'), true, 'Train is disabled while a field is invalid');
        } else {
          assert.deepEqual(errors, {}, 'unknown keys show no message');
          for (const [id, v] of Object.entries(c.expect)) assert.equal(fields[id], v, `#${id} from the URL`);
        }

        assert.deepEqual(await elementCensus(page), clean, 'the document has exactly the elements of a clean page');
        const strays = requests.filter((u) => u.startsWith(site.url) && !siteFiles.has(new URL(u).pathname));
        assert.deepEqual(strays, [], 'requests for things the page does not have (an injected element?)');

        // Fixing the field makes the page work again.
        if (c.field) {
          const el = page.locator(`#${c.field}`);
          if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await page.selectOption(`#${c.field}`, c.fix);
          else await page.fill(`#${c.field}`, c.fix);
          await waitFieldError(page, c.field, '');
        }
        await waitState(page, (s) => s.disabled === false, 'Train enabled once the field is fixed');
        await page.click('#step');
        await waitState(page, (s) => s.n === 1 && s.button === 'Train', 'epoch 1 after Step');
      }),
    );
  }
});

// ---------------------------------------------------------------------------
// 2c. Embed mode, in a host page on the same origin

test('c. embed: two independent frames, visible controls, height messages, WordPress secret', { timeout: 60_000 }, async () => {
  const root = fs.mkdtempSync(path.join(site.tmp, 'host-'));
  fs.cpSync(DIST, root, { recursive: true });
  fs.writeFileSync(
    path.join(root, 'host.html'),
    `<!doctype html>
<html><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,">
<script>
  // Records every message with the id of the frame that sent it.
  window.messages = [];
  addEventListener('message', (e) => {
    const from = ['a', 'b', 'wp'].find((id) => document.getElementById(id)?.contentWindow === e.source) ?? null;
    window.messages.push({ from, data: e.data });
  });
</script>
<style>iframe { width: 640px; height: 420px; border: 0; }</style>
</head><body>
<iframe id="a" src="./?embed=1&amp;controls=train,forecast&amp;seed=1" title="a"></iframe>
<iframe id="b" src="./?embed=1&amp;autoplay=1&amp;controls=none&amp;seed=2" title="b"></iframe>
<iframe id="wp" src="./?embed=1#?secret=abc123" title="wp"></iframe>
</body></html>
`,
  );
  const host = await serve(root);
  try {
    await site.page(async ({ page }) => {
      await page.goto(host.url + 'host.html');
      const frame = async (id) => (await page.$(`#${id}`)).contentFrame();
      const [fa, fb, fwp] = [await frame('a'), await frame('b'), await frame('wp')];
      for (const f of [fa, fb, fwp]) await waitReady(f);
      for (const f of [fa, fb]) {
        assert.equal(await f.evaluate(() => document.documentElement.classList.contains('embed')), true, '<html class="embed">');
      }

      // Autoplay runs b to its target; a waits for its Train button.
      const bDone = await waitEpoch(fb, 200);
      assert.equal((await state(fa)).n, 0, 'the frame without autoplay stays at epoch 0');
      await fa.click('#train');
      const aDone = await waitEpoch(fa, 200);
      assert.notEqual(aDone.text, bDone.text, 'seeds 1 and 2 train their own models (different loss)');
      assert.equal((await state(fb)).text, bDone.text, 'training a does not touch b');

      // controls=train,forecast: just those.
      assert.equal(await fa.isVisible('#train'), true, '#train is shown with controls=train,forecast');
      assert.equal(await fa.isVisible('#forecast'), true, '#forecast is shown with controls=train,forecast');
      for (const sel of ['#reset', '#sequence', '#step', '#units', '#copy-embed']) {
        assert.equal(await fa.isVisible(sel), false, `${sel} is hidden with controls=train,forecast`);
      }
      for (const sel of ['#train', '#reset', '#sequence', '#forecast']) {
        assert.equal(await fb.isVisible(sel), false, `${sel} is hidden with controls=none`);
      }

      // The way out: the same settings, without the embed keys.
      assert.equal(await fa.isVisible('#open-full'), true, '#open-full is shown in embed mode');
      assert.equal(await fa.getAttribute('#open-full', 'target'), '_blank');
      const full = new URL(await fa.evaluate(() => document.getElementById('open-full').href));
      for (const key of ['embed', 'controls', 'autoplay']) {
        assert.equal(full.searchParams.has(key), false, `#open-full should drop ${key}=: ${full.href}`);
      }
      assert.equal(full.searchParams.get('seed'), '1', `#open-full keeps the settings: ${full.href}`);
      assert.equal(full.origin + full.pathname, host.url, `#open-full points at the page itself: ${full.href}`);

      // Height messages: the right shape from each frame, and the last one is the current height.
      const messages = () => page.evaluate(() => window.messages);
      const heightOf = (m) => m.data && m.data.type === 'rnn-playground:height' && Number.isFinite(m.data.height) && m.data.height > 0;
      for (const [id, f] of [['a', fa], ['b', fb]]) {
        await poll(async () => {
          const mine = (await messages()).filter((m) => m.from === id && heightOf(m));
          // The content's height (the playground's box), so a frame can shrink as well as grow.
          const now = await f.evaluate(() => Math.ceil(document.getElementById('playground').getBoundingClientRect().height));
          return mine.length > 0 && mine.at(-1).data.height === now;
        }, `frame ${id} to post {type: 'rnn-playground:height', height} with its current height; got ${JSON.stringify((await messages()).filter((m) => m.from === id)).slice(0, 300)}`);
      }
      const all = await messages();
      const malformed = all.filter((m) => m.data?.type === 'rnn-playground:height' && !heightOf(m));
      assert.deepEqual(malformed, [], 'every height message has a positive number');
      assert.deepEqual(all.filter((m) => m.from === null), [], 'every message comes from one of the frames');

      // WordPress: only the frame whose hash holds the secret sends WordPress's message.
      const wp = await poll(async () =>
        (await messages()).find((m) => m.from === 'wp' && m.data?.message === 'height' && m.data.secret === 'abc123'),
      'WordPress message {message: "height", value, secret: "abc123"} from the frame with #?secret=abc123');
      assert.ok(Number.isFinite(wp.data.value) && wp.data.value > 0, `WordPress height value: ${JSON.stringify(wp.data)}`);
      assert.deepEqual((await messages()).filter((m) => m.from !== 'wp' && m.data?.message === 'height'), [],
        'frames without a secret send no WordPress message');
    }, { allowed: sameOrigin(new URL(host.url).origin), viewport: { width: 1400, height: 1000 } });
  } finally {
    await host.close();
  }
});

// ---------------------------------------------------------------------------
// 2d. Embed code

test('c. an embed showing a lesson setting shows no empty "More settings"', { timeout: 30_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page, '?embed=1&controls=train,units');
    assert.equal(await page.isVisible('#units'), true, '#units is shown with controls=train,units');
    assert.equal(await page.isVisible('#more-settings-box'), false, 'no "More settings" with nothing of its own to show');
    await site.open(page, '?embed=1&controls=train,seed');
    assert.equal(await page.isVisible('#seed'), true, '#seed is shown with controls=train,seed');
    assert.equal(await page.isVisible('#more-settings-box'), true, '"More settings" holds the seed');
  }));

test('d. embed code: a well-formed iframe, even for a sequence with markup in it', { timeout: 30_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    await page.click('#copy-embed');
    const code = await page.inputValue('#embed-code');
    assert.ok(code.startsWith('<iframe class="rnn-playground" src="http'), `embed code: ${code}`);
    for (const part of ['embed=1', 'title="', 'loading="lazy"', 'width="640"', 'rnn-playground:height']) {
      assert.ok(code.includes(part), `embed code should contain ${part}: ${code}`);
    }
    assert.ok(Number(code.match(/height="(\d+)"/)?.[1]) >= 480, `a default height that fits the content: ${code}`);
    assert.notEqual(await text(page, '#share-note'), '', '#share-note says what happened');
    const selected = await page.evaluate(() => {
      const t = document.getElementById('embed-code');
      return t.selectionStart === 0 && t.selectionEnd === t.value.length;
    });
    assert.equal(selected, true, 'Copy embed code selects the code');

    const hostile = `1, 2"><script>alert(1)</script><iframe src='x'>, 3 & 4 > 5`;
    await page.fill('#sequence', hostile);
    await page.click('#copy-embed');
    const code2 = await page.inputValue('#embed-code');
    // Parsed in a blank page: in the playground, the snippet's style attribute would (rightly)
    // trip its Content-Security-Policy and log an error.
    const blank = await page.context().newPage();
    const parsed = await blank.evaluate((html) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const frames = doc.querySelectorAll('iframe');
      return {
        iframes: frames.length,
        scripts: doc.querySelectorAll('script').length,
        script: doc.querySelector('script')?.textContent ?? '',
        elements: doc.querySelectorAll('body *, head *').length,
        src: frames[0]?.getAttribute('src') ?? null,
        title: frames[0]?.getAttribute('title') ?? null,
        loading: frames[0]?.getAttribute('loading') ?? null,
      };
    }, code2);
    await blank.close();
    assert.equal(parsed.iframes, 1, `exactly one iframe: ${code2}`);
    assert.equal(parsed.scripts, 1, `one script, the resize lines: ${code2}`);
    assert.ok(!parsed.script.includes('alert') && parsed.script.includes('rnn-playground:height'), `the script is only ours: ${parsed.script}`);
    assert.equal(parsed.elements, 2, `nothing but the iframe and its script: ${code2}`);
    assert.equal(parsed.loading, 'lazy');
    assert.ok(parsed.title?.startsWith('RNN Playground'), `title survives: ${parsed.title}`);
    const src = new URL(parsed.src);
    assert.equal(src.searchParams.get('sequence'), hostile, 'the src carries the typed sequence exactly');
    assert.equal(src.searchParams.get('embed'), '1');
  }));

// ---------------------------------------------------------------------------
// 2e. Weights: export, import, and into the CLI

test('e. exported weights import into a fresh page and the CLI with the same forecast; wrong shapes are refused', { timeout: 60_000 }, async () => {
  let weightsFile;
  let shown;
  await site.page(async ({ page }) => {
    await site.open(page);
    await trainTo(page, 200);
    assert.equal(await page.inputValue('#forecast-input'), '70, 80, 90');
    shown = await forecast(page, 2);
    const dl = await download(page, '#export-weights', site.tmp);
    assert.equal(dl.name, 'rnn-playground-weights.json');
    const weights = JSON.parse(dl.bytes.toString('utf8'));
    assert.ok(Array.isArray(weights) && weights.length === 5, 'a JSON list of 5 arrays');
    assert.deepEqual(weights.map(shapeOf), [[1, 50], [50, 50], [50], [50, 2], [2]], 'Keras get_weights() shapes');
    assert.ok(weights.flat(2).every(Number.isFinite), 'all weights are finite numbers');
    weightsFile = dl.path;
  });

  await site.page(async ({ page }) => {
    await site.open(page);
    await page.setInputFiles('#import-weights', weightsFile);
    const loaded = await waitState(page, (s) => s.text.includes('Loaded the weights from'), '"Loaded the weights" in #status');
    assert.ok(loaded.text.includes(`Loaded the weights from ${path.basename(weightsFile)}.`), loaded.text);
    assert.equal(loaded.n, 0, `importing resets the epoch count: ${loaded.text}`);
    await waitFieldError(page, 'import-weights', '');
    assert.equal(await forecast(page, 2), shown, 'the imported weights forecast exactly what the exporting page showed');

    // Weights for units = 8 do not fit: refused, the model stays.
    const wrong = path.join(site.tmp, 'units-8.json');
    fs.writeFileSync(wrong, JSON.stringify(constantWeights(8, 2)));
    await page.setInputFiles('#import-weights', wrong);
    await waitFieldError(page, 'import-weights', "These weights don't fit: kernel has shape [1, 8] (a SimpleRNN with 8 units?), but this SimpleRNN with 50 units needs [1, 50].");
    assert.equal((await state(page)).text.includes('units-8.json'), false, 'the refused file is not reported as loaded');
    assert.equal(await forecast(page, 2), shown, 'after a refused import the model is unchanged');
  });

  assert.ok(fs.existsSync(CLI), `the CLI binary ${CLI} is missing: run \`cargo build\` first, or set RNN_CLI`);
  const out = execFileSync(CLI, [
    'train', '--sequence', '10,20,30,40,50,60,70,80,90', '--seq-len', '3', '--n-steps', '2', '--units', '50',
    '--epochs', '1', '--lr', '1e-30', '--weights-in', weightsFile, '--forecast', '70,80,90', '--json',
  ], { encoding: 'utf8' });
  const cli = JSON.parse(out).forecast;
  const pageNums = parseNumbers(shown, "page forecast");
  assert.equal(cli.length, 2, `CLI forecast: ${out}`);
  cli.forEach((v, i) =>
    assert.ok(
      sig4(v) === pageNums[i] || Math.abs(v - pageNums[i]) <= 1e-3 * Math.abs(pageNums[i]),
      `CLI forecast ${cli} should match the page's ${shown} to 4 significant digits`,
    ),
  );
});

// ---------------------------------------------------------------------------
// 2f. CSV and PNG downloads

test('f. loss and predictions CSV, and the two chart PNGs', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    const end = await trainTo(page, 200);

    const loss = await download(page, '#export-loss', site.tmp);
    assert.equal(loss.name, 'rnn-playground-loss.csv');
    const lossCsv = parseCsv(loss.bytes.toString('utf8'));
    assert.equal(lossCsv.header, 'epoch,loss');
    assert.equal(lossCsv.rows.length, 200, 'one row per epoch');
    lossCsv.rows.forEach((r, i) => {
      assert.equal(r.length, 2, `row ${i + 1}: ${r}`);
      assert.equal(Number(r[0]), i + 1, `row ${i + 1} epoch`);
      assert.ok(Number.isFinite(Number(r[1])) && Number(r[1]) > 0, `row ${i + 1} loss: ${r}`);
    });
    assert.equal(sig4(lossCsv.rows.at(-1)[1]), end.loss, `the last loss matches #status: ${end.text}`);

    const shown = parseNumbers(await forecast(page, 2), '#forecast-output');
    const preds = await download(page, '#export-predictions', site.tmp);
    assert.equal(preds.name, 'rnn-playground-predictions.csv');
    const predCsv = parseCsv(preds.bytes.toString('utf8'));
    assert.equal(predCsv.header, 'position,actual,fitted,forecast');
    assert.equal(predCsv.rows.length, 9 + 2, 'the 9 values, then the 2 forecast steps');
    const seq = parseNumbers(DEFAULT_SEQUENCE, 'sequence');
    predCsv.rows.forEach((r, i) => assert.equal(r.length, 4, `row ${i + 1} has 4 columns: ${r}`));
    const positions = predCsv.rows.map((r) => Number(r[0]));
    positions.forEach((p, i) => assert.equal(p, positions[0] + i, `positions count up: ${positions}`));
    predCsv.rows.slice(0, 9).forEach((r, i) => {
      assert.equal(Number(r[1]), seq[i], `row ${i + 1} actual`);
      assert.equal(r[3], '', `row ${i + 1} has no forecast`);
    });
    // The one-step-ahead fit of each window: positions seq_len .. 9 - n_steps (3..7); none before.
    predCsv.rows.slice(0, 3).forEach((r, i) => assert.equal(r[2], '', `row ${i + 1} comes before any window's fit: ${r}`));
    predCsv.rows.slice(3, 8).forEach((r, i) => assert.ok(r[2] !== '' && Number.isFinite(Number(r[2])), `row ${i + 4} has a fitted value: ${r}`));
    predCsv.rows.slice(9).forEach((r, i) => {
      assert.deepEqual([r[1], r[2]], ['', ''], `forecast row ${i + 1} has only a forecast: ${r}`);
      assert.equal(sig4(r[3]), shown[i], `forecast row ${i + 1} matches #forecast-output`);
    });

    for (const [sel, name] of [['#export-loss-png', 'rnn-playground-loss.png'], ['#export-data-png', 'rnn-playground-data.png']]) {
      const png = await download(page, sel, site.tmp);
      assert.equal(png.name, name);
      assert.ok(png.bytes.length > 100 && png.bytes.subarray(0, 8).equals(PNG_SIGNATURE), `${name} is a PNG`);
    }
  }));

// ---------------------------------------------------------------------------
// 2g. Requests

test('g. a run, exports and an import stay on the origin', { timeout: 60_000 }, () =>
  site.page(async ({ page, requests, badResponses }) => {
    await site.open(page);
    await trainTo(page, 200);
    await forecast(page, 2);
    const weights = await download(page, '#export-weights', site.tmp);
    for (const sel of ['#export-loss', '#export-predictions', '#export-loss-png', '#export-data-png']) await download(page, sel, site.tmp);
    await page.setInputFiles('#import-weights', weights.path);
    await waitState(page, (s) => s.text.includes('Loaded the weights from'), '"Loaded the weights" in #status');
    await forecast(page, 2);

    const origin = site.origin;
    assert.ok(requests.some((u) => u.startsWith(origin) && u.endsWith('.wasm')), `the wasm comes from ${origin}: ${requests}`);
    const foreign = requests.filter((u) => !(u.startsWith('data:') || u.startsWith('blob:') || new URL(u).origin === origin));
    assert.deepEqual(foreign, [], `requests outside ${origin}`);
    assert.deepEqual(badResponses.filter((s) => !s.includes('/favicon.ico')), [], 'failed requests / HTTP errors');
  }));
