// The page as a teacher projects it, a blogger embeds it and a student opens its explanations:
// measurements of the real page (boxes, scroll heights, positions before and after a change),
// never timings.
//
//   1. the lesson's text is shown whole, in presentation mode too;
//   2. presentation mode at 1280×720 and 1024×768: the data and loss charts at least 30% of the
//      screen's height, the gradient chart whole and at least 90 px, no panel cutting its
//      content, nothing outside the screen, and nothing moving when the status grows a note;
//   3. "Inside the cell" leaves no empty room where SimpleRNN has no gates;
//   4. a long window's y stays in view in the windows table;
//   5. the shuffle checkbox sits left of its label, on its line;
//   6. the embed shows its "Continue" label and keeps its height when a forecast appears.
//
//   cd tests/e2e && DIST=/path/to/dist node --test present.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, waitReady, waitState, trainTo, text, poll } from './helpers.mjs';

const site = useSite({ name: 'present' });

/** A recorded page of `viewport`'s size for `body` (fails on any console error). */
const onPage = (viewport, body) => site.page(body, { viewport });

const SIZES = [[1280, 720], [1024, 768]];

/** Runs in the page: everything the presentation checks measure. */
function measureInPage() {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  };
  const byId = (id) => document.getElementById(id);
  const shown = (el) => el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }) &&
    el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${typeof el.className === 'string' && el.className ? '.' + el.className.trim().replace(/\s+/g, '.') : ''}`;
  const dashboard = document.querySelector('.screen');
  // Panels that cut their content (a scroll bar, or content hidden by overflow).
  const clipped = [...dashboard.querySelectorAll('.panel')].filter(shown)
    .filter((p) => p.scrollHeight > p.clientHeight + 1 || p.scrollWidth > p.clientWidth + 1)
    .map((p) => `${name(p)} (content ${p.scrollWidth}×${p.scrollHeight} in ${p.clientWidth}×${p.clientHeight})`);
  // Anything shown on the dashboard that sticks out of the viewport.
  const outside = [...dashboard.querySelectorAll('*')].filter(shown).filter((el) => {
    const r = el.getBoundingClientRect();
    return r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5;
  }).slice(0, 6).map((el) => {
    const r = el.getBoundingClientRect();
    return `${name(el)} [${Math.round(r.left)}, ${Math.round(r.top)} → ${Math.round(r.right)}, ${Math.round(r.bottom)}]`;
  });
  // The lesson's text and its steps (a list under it), where it has them.
  const parts = ['preset-about', 'preset-steps'].map(byId).filter((el) => el && el.textContent.trim() !== '');
  const boxes = parts.map(box);
  return {
    viewport: { width: innerWidth, height: innerHeight },
    scrollY,
    clipped,
    outside,
    charts: Object.fromEntries(['data-chart', 'loss-chart', 'grad-chart', 'network'].map((id) => [id, { ...box(byId(id)), shown: shown(byId(id)) }])),
    fields: Object.fromEntries(['seq-len', 'learning-rate', 'cell'].map((id) => [id, { ...box(byId(id)), shown: shown(byId(id)) }])),
    about: {
      text: parts.map((el) => el.textContent.trim()).join(' '),
      shown: parts.length > 0 && parts.every(shown),
      box: {
        top: Math.min(...boxes.map((b) => b.top)),
        bottom: Math.max(...boxes.map((b) => b.bottom)),
      },
      cut: parts.filter((el) => el.scrollHeight > el.clientHeight + 1).map((el) => `#${el.id} (${el.scrollHeight} px of text in ${el.clientHeight})`),
      panel: box(byId('settings')),
    },
  };
}

/** Fails unless the presentation screen keeps its promises (item 2; item 1's text whole). */
function checkPresentation(m, where) {
  const { width, height } = m.viewport;
  assert.equal(m.scrollY, 0, `${where}: the page is not scrolled`);
  for (const id of ['data-chart', 'loss-chart']) {
    const c = m.charts[id];
    assert.ok(c.shown && c.height >= 0.3 * height,
      `${where}: #${id} is ${Math.round(c.height)} px tall, at least 30% of ${height} (${Math.ceil(0.3 * height)}) wanted`);
  }
  const g = m.charts['grad-chart'];
  assert.ok(g.shown && g.height >= 90, `${where}: #grad-chart is ${Math.round(g.height)} px tall, at least 90 wanted`);
  assert.ok(g.top >= 0 && g.left >= 0 && g.bottom <= height + 0.5 && g.right <= width + 0.5,
    `${where}: #grad-chart wholly on screen: ${JSON.stringify(g)}`);
  assert.deepEqual(m.clipped, [], `${where}: panels that cut their content`);
  assert.deepEqual(m.outside, [], `${where}: shown outside the ${width}×${height} screen`);
  for (const [id, f] of Object.entries(m.fields)) {
    assert.ok(f.shown && f.top >= 0 && f.bottom <= height + 0.5 && f.right <= width + 0.5, `${where}: #${id} in view: ${JSON.stringify(f)}`);
  }
  checkAboutWhole(m, where);
}

/** Item 1: the lesson's text is shown, not clamped, and inside its (unscrolled) panel. */
function checkAboutWhole(m, where) {
  const a = m.about;
  assert.ok(a.text.length > 0, `${where}: the lesson has a text`);
  assert.ok(a.shown, `${where}: the lesson's text and steps are shown`);
  assert.deepEqual(a.cut, [], `${where}: the lesson's text is cut`);
  assert.ok(a.box.top >= a.panel.top - 0.5 && a.box.bottom <= a.panel.bottom + 0.5,
    `${where}: #preset-about lies inside the settings panel: ${JSON.stringify(a.box)} in ${JSON.stringify(a.panel)}`);
  assert.ok(a.box.top >= 0 && a.box.bottom <= m.viewport.height + 0.5, `${where}: #preset-about on screen: ${JSON.stringify(a.box)}`);
}

/** The verdict's words for the trained model are in (the page draws them once training stops). */
async function waitVerdict(page) {
  await poll(() => page.evaluate(() => (document.getElementById('standing') ?? document.getElementById('baselines')).textContent.trim() !== ''),
    'the verdict on the trained model');
}

test('1. the lesson\'s text is whole at 1280×720, and in presentation mode, for the Echo lesson (the longest)', { timeout: 60_000 }, async () => {
  await onPage({ width: 1280, height: 720 }, async ({ page }) => {
    await page.goto(site.url + '?preset=echo');
    await waitReady(page);
    const m = await page.evaluate(measureInPage);
    assert.match(m.about.text, /Switch to SimpleRNN/);
    checkAboutWhole(m, 'Echo at 1280×720');
    assert.deepEqual(m.clipped.filter((c) => c.startsWith('section#settings')), [], 'the settings panel shows all it holds');
  });
  for (const [width, height] of SIZES) {
    await onPage({ width, height }, async ({ page }) => {
      await page.goto(site.url + '?preset=echo&presentation=1');
      await waitReady(page);
      const m = await page.evaluate(measureInPage);
      assert.match(m.about.text, /Switch to SimpleRNN/);
      checkAboutWhole(m, `Echo presenting at ${width}×${height}`);
    });
  }
});

for (const [width, height] of SIZES) {
  for (const preset of ['notebook', 'echo', 'vanishing']) {
    test(`2. presentation at ${width}×${height}, ${preset}: big charts, the gradient chart whole, nothing cut or off screen, before and after training`, { timeout: 90_000 }, () =>
      onPage({ width, height }, async ({ page }) => {
        await page.goto(site.url + `?presentation=1&preset=${preset}`);
        await waitReady(page);
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('presenting')), true, 'presentation=1 turns it on');
        checkPresentation(await page.evaluate(measureInPage), `${preset} at epoch 0`);
        // Trained to the lesson's target (the status ends with a long note), with a forecast.
        const target = (await waitState(page, (s) => s.t !== null, 'the epoch target')).t;
        await trainTo(page, target);
        await page.click('#forecast');
        await poll(async () => (await text(page, '#forecast-output')) !== '', 'a forecast');
        await waitVerdict(page);
        checkPresentation(await page.evaluate(measureInPage), `${preset} trained to ${target} with a forecast`);
        if (preset === 'echo') {
          // The lesson's own steps: keep this run, switch the cell to SimpleRNN, train again.
          await page.click('#keep-run');
          await poll(() => page.evaluate(() => document.querySelectorAll('#runs li').length === 1), 'the kept run listed');
          await page.selectOption('#cell', 'simple_rnn');
          await waitState(page, (s) => s.n === 0, 'a fresh SimpleRNN');
          await trainTo(page, target);
          await waitVerdict(page);
          checkPresentation(await page.evaluate(measureInPage), `echo with a kept LSTM run and SimpleRNN trained to ${target}`);
        }
      }));
  }

  test(`2. presentation at ${width}×${height}: nothing moves when the status grows a two-line note`, { timeout: 90_000 }, () =>
    onPage({ width, height }, async ({ page }) => {
      await page.goto(site.url + '?presentation=1');
      await waitReady(page);
      const boxes = () => page.evaluate(() => Object.fromEntries(
        ['runbar', 'train', 'reset', 'settings', 'data-panel', 'loss-panel', 'network-panel', 'verdict-panel', 'data-chart', 'loss-chart', 'seq-len']
          .map((id) => {
            const r = document.getElementById(id).getBoundingClientRect();
            return [id, [r.left, r.top, r.width, r.height].map(Math.round)];
          })));
      const statusLines = () => page.evaluate(() => {
        const s = document.getElementById('status');
        return Math.round(s.getBoundingClientRect().height / parseFloat(getComputedStyle(s).lineHeight));
      });
      // Training slowly: a one-line status ("Epoch n / 200 · loss x").
      await page.selectOption('#speed', '5');
      await page.click('#train');
      await waitState(page, (s) => s.n >= 1 && s.button === 'Pause', 'training under way');
      const short = await boxes();
      const shortLines = await statusLines();
      // An invalid field pauses training, and the status says so at length.
      await page.fill('#units', '0');
      const paused = await waitState(page, (s) => /Paused/.test(s.text) && s.button === 'Train', 'the status to say training paused');
      const long = await boxes();
      assert.ok(paused.text.length > 60, `a long status: ${JSON.stringify(paused.text)}`);
      assert.ok(shortLines <= 1, `the first status takes one line (${shortLines})`);
      assert.deepEqual(long, short, `positions with the status ${JSON.stringify(paused.text)} (${await statusLines()} lines) and with a one-line status`);
      // Fixed, trained to the target: "Reached 200 epochs. Press Train to keep going, or Forecast." takes a second line.
      await page.fill('#units', '50');
      const done = await trainTo(page, 200);
      assert.ok(await statusLines() >= 2, `the status ${JSON.stringify(done.text)} takes two lines (${await statusLines()})`);
      assert.deepEqual(await boxes(), short, `positions with the status ${JSON.stringify(done.text)} and with a one-line status`);
      const [status, runbar] = await page.evaluate(() => ['status', 'runbar'].map((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      }));
      assert.ok(status.top >= runbar.top && status.bottom <= runbar.bottom + 0.5, `the status stays inside the run bar: ${JSON.stringify({ status, runbar })}`);
    }));
}

test('3. inside the cell: no empty room under the heatmap for SimpleRNN (no gates), the gates shown for LSTM', { timeout: 60_000 }, () =>
  onPage({ width: 1280, height: 720 }, async ({ page }) => {
    const open = async (query) => {
      await page.goto(site.url + query);
      await waitReady(page);
      await page.click('#inside > summary');
      await poll(() => page.evaluate(() => document.querySelectorAll('#step-terms math').length > 0), 'the step-through');
      return page.evaluate(() => {
        const heat = document.getElementById('hidden-chart').getBoundingClientRect();
        const gates = document.getElementById('gates');
        const next = gates.nextElementSibling.getBoundingClientRect();
        return { hidden: gates.hidden, gates: gates.getBoundingClientRect().height, gap: next.top - heat.bottom };
      });
    };
    const simple = await open('?preset=notebook');
    assert.equal(simple.hidden, true, 'SimpleRNN has no gates to show');
    assert.ok(simple.gap < 30, `the text follows the heatmap: ${Math.round(simple.gap)} px of room between them (the hidden gates box takes ${Math.round(simple.gates)} px)`);
    const lstm = await open('?preset=echo');
    assert.equal(lstm.hidden, false, 'LSTM shows its gates');
    assert.ok(lstm.gates > 100, `the LSTM's gates take room: ${Math.round(lstm.gates)} px`);
  }));

test('4. the windows table at seq_len 20: each window\'s y is in view beside its X', { timeout: 60_000 }, () =>
  onPage({ width: 1280, height: 720 }, async ({ page }) => {
    await page.goto(site.url + '?seqLen=20&nSteps=2&preset=sine');
    await waitReady(page);
    await poll(() => page.evaluate(() => document.querySelectorAll('#windows-table tbody tr').length > 0), 'the windows');
    const m = await page.evaluate(() => {
      const wrap = document.querySelector('#windows-details .table-wrap').getBoundingClientRect();
      const y = document.querySelector('#windows-table tbody tr td:last-child').getBoundingClientRect();
      return { wrapRight: wrap.right, yLeft: y.left, yRight: y.right, width: document.documentElement.scrollWidth };
    });
    assert.ok(m.yRight <= m.wrapRight + 0.5, `the y cell (${Math.round(m.yLeft)}–${Math.round(m.yRight)}) ends inside its box (right edge ${Math.round(m.wrapRight)})`);
    assert.ok(m.width <= 1280, `no sideways scroll: ${m.width}`);
  }));

test('5. "shuffle the windows each epoch": the checkbox sits left of its label, on the same line', { timeout: 60_000 }, async () => {
  for (const [width, height, query] of [[1280, 720, ''], [1024, 768, '?presentation=1'], [390, 844, '']]) {
    await onPage({ width, height }, async ({ page }) => {
      await page.goto(site.url + query);
      await waitReady(page);
      await page.click('#more-settings-box > summary');
      await page.locator('#shuffle').waitFor({ state: 'visible' });
      const [box, label] = await page.evaluate(() => [document.getElementById('shuffle'), document.querySelector('label[for=shuffle]')]
        .map((el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; }));
      const where = `at ${width}×${height}${query}`;
      assert.ok(box.right <= label.left + 0.5, `${where}: the checkbox (${Math.round(box.left)}–${Math.round(box.right)}) is left of its label (from ${Math.round(label.left)})`);
      assert.ok(box.top < label.bottom && box.bottom > label.top, `${where}: on the label's line: box ${Math.round(box.top)}–${Math.round(box.bottom)}, label ${Math.round(label.top)}–${Math.round(label.bottom)}`);
    });
  }
});

test('6. the embed: a visible "Continue" label, and the same height before and after a forecast and after training', { timeout: 90_000 }, async () => {
  for (const width of [640, 390]) {
    await onPage({ width, height: 900 }, async ({ page }) => {
      await page.goto(site.url + '?embed=1&controls=train,reset,forecast&preset=sine');
      await waitReady(page);
      const label = await page.evaluate(() => {
        const l = document.querySelector('label[for=forecast-input]');
        const r = l.getBoundingClientRect();
        const input = document.getElementById('forecast-input').getBoundingClientRect();
        const cs = getComputedStyle(l);
        return { text: l.textContent.trim(), width: r.width, height: r.height, right: r.right, inputLeft: input.left, clip: cs.clip, shown: l.checkVisibility() };
      });
      assert.ok(label.shown && label.width > 20 && label.height > 10 && label.clip === 'auto',
        `at ${width} px the label "${label.text}" is visible: ${JSON.stringify(label)}`);
      assert.ok(label.right <= label.inputLeft + 0.5, `at ${width} px the label is left of its field: ${JSON.stringify(label)}`);
      const height = () => page.evaluate(() => document.getElementById('playground').getBoundingClientRect().height);
      const before = await height();
      await page.click('#forecast');
      await poll(async () => (await text(page, '#forecast-output')) !== '', 'a forecast');
      assert.equal(await height(), before, `at ${width} px the frame's content keeps its height when the forecast appears`);
      await page.click('#train');
      await waitState(page, (s) => s.n === s.t && s.n > 0 && s.button === 'Train', 'training to its target');
      await poll(async () => (await text(page, '#forecast-output')) !== '', 'the forecast of the trained model');
      assert.equal(await height(), before, `at ${width} px the frame's content keeps its height after training (status ${JSON.stringify(await text(page, '#status'))})`);
    });
  }
});
