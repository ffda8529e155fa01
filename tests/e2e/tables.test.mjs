// Several series and several layers on the page: a table pasted, opened from a file or put in a
// link trains with its target series, shows every series, rolls forward only when every series is
// forecast, and a stack read both ways shows each layer. Every wait is for a state the page keeps.
//
//   cd tests/e2e && DIST=../../dist node --test tables.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, trainTo, text, forecast, waitEqual, waitFieldError, poll } from './helpers.mjs';

const site = useSite({ name: 'tables' });

/** Rows of (month, lead, sales): the lead moves a few months before sales do. */
function table(rows) {
  const lines = ['month,lead,sales'];
  for (let i = 0; i < rows; i++) {
    lines.push(`m${i},${(10 + Math.sin(i / 4)).toFixed(3)},${(200 + 3 * Math.sin((i - 3) / 4)).toFixed(2)}`);
  }
  return lines.join('\n');
}

const options = (page, id) => page.$$eval(`#${id} option`, (os) => os.map((o) => o.value));

test('a pasted table forecasts its last series, shows the menu of series, and rolls forward only with all of them', { timeout: 120_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page, '?seqLen=4&nSteps=2&epochs=20&scale=standardize');
    assert.equal(await page.isVisible('#target'), false, 'a plain sequence has no series to choose');
    await page.fill('#sequence', table(40));
    await waitEqual(() => options(page, 'target'), ['lead', 'sales', 'all'], 'the menu of the table\'s series');
    assert.equal(await page.inputValue('#target'), 'sales', 'the last series by default');
    assert.equal(await page.isVisible('#target'), true);
    // The forecast field holds the last 4 rows, a row's values together.
    const rows = (await page.inputValue('#forecast-input')).split('; ');
    assert.equal(rows.length, 4, `${rows}`);
    await trainTo(page, 20);
    const shown = await forecast(page, 2);
    assert.ok(shown.split(', ').every((v) => Number(v) > 150 && Number(v) < 250), `sales forecast ${shown}`);
    assert.match(await page.getAttribute('#data-chart', 'aria-label'), /table's 2 series over 40 rows: lead from .* sales from/);
    await page.click('#roll');
    await waitEqual(() => text(page, '#roll-note'), 'Rolling forward feeds each forecast back in as the next row, so it needs every series forecast: set "forecast" to all of them.', 'why it cannot roll');
    // Forecasting both: a new model, a forecast per series, and a roll-forward.
    await page.selectOption('#target', 'all');
    await trainTo(page, 20);
    await page.click('#forecast');
    await poll(async () => /^lead [-\d., ]+ · sales [-\d., ]+$/.test(await text(page, '#forecast-output')), 'a forecast per series, by name');
    await page.click('#roll');
    await poll(async () => (await text(page, '#roll-output')).startsWith('lead '), 'rolled rows of both series');
    assert.equal(await text(page, '#roll-note'), '');
    // A broken table keeps its text and says where it is wrong.
    await page.fill('#sequence', 'a,b\n1,2\n3\n');
    await waitFieldError(page, 'sequence', 'Line 3 has 1 cell, but the header names 2 columns');
    assert.equal(await page.inputValue('#sequence'), 'a,b\n1,2\n3\n');
  }));

test('a CSV file opened from disk is read as if pasted', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    await page.setInputFiles('#open-data', { name: 'sales.csv', mimeType: 'text/csv', buffer: Buffer.from(table(30).replaceAll(',', ';')) });
    await waitEqual(() => options(page, 'target'), ['lead', 'sales', 'all'], 'the file\'s series in the menu');
    assert.match(await page.inputValue('#sequence'), /^month;lead;sales\n/);
  }));

test('a link with stacked layers read both ways shows each layer, inside the cell too', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page, '?units=6,4&bidirectional=1&cell=gru&epochs=3');
    assert.equal(await page.inputValue('#units'), '6,4');
    assert.equal(await page.isChecked('#bidirectional'), true);
    await trainTo(page, 3);
    assert.match(await page.getAttribute('#network', 'aria-label'), /2 layers of GRU cells, each reading the one below at every step, each layer reading the window both ways/);
    assert.match(await text(page, '#network-step'), /Both ways, still only the past/);
    await page.click('#inside summary');
    await waitEqual(() => options(page, 'inside-layer'), ['0', '1', '2', '3'], 'a choice per layer and direction');
    await page.selectOption('#inside-layer', '3');
    await poll(async () => / of 4 units | 4 units /.test(` ${await text(page, '#dead-units')} `), 'the top layer\'s 4 units inside the cell');
    const rows = await page.$$eval('#summary-table tbody tr', (trs) => trs.map((tr) => tr.textContent));
    assert.equal(rows.filter((r) => /Bidirectional/.test(r)).length, 2, `${rows}`);
  }));

test('the JS API takes named series, stacked units and both directions, and gives them back', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    const r = await page.evaluate(() => {
      const T = window.wasmBindings.Trainer;
      const lead = [], sales = [];
      for (let i = 0; i < 30; i++) { lead.push(10 + Math.sin(i / 4)); sales.push(200 + 3 * Math.sin((i - 3) / 4)); }
      const t = new T({ sequence: { lead, sales }, target: 'sales', units: [6, 4], bidirectional: true, seqLen: 4, nSteps: 2 });
      t.trainEpochs(2);
      const out = { summary: t.summary(), config: t.config(), forecast: Array.from(t.forecast([[10, 200], [10.2, 201], [10.3, 202], [10.1, 201]])) };
      const errors = [];
      for (const bad of [{ lead: [1, 2], sales: [1] }, { lead: [1, 2], Lead: [3, 4] }, { lead: 'abc' }]) {
        try { new T({ sequence: bad }); errors.push('built'); } catch (e) { errors.push(e.message); }
      }
      t.free();
      return { ...out, errors };
    });
    assert.equal(r.summary.layers, 2);
    assert.equal(r.summary.targets, 1);
    assert.equal(r.summary.features, 2);
    assert.deepEqual(r.config.units, [6, 4]);
    assert.equal(r.config.bidirectional, true);
    assert.deepEqual(Object.keys(r.config.sequence), ['lead', 'sales']);
    assert.equal(r.config.sequence.sales.length, 30);
    assert.equal(r.forecast.length, 2);
    assert.match(r.errors[0], /Series “sales” has 1 values, but “lead” has 2/);
    assert.match(r.errors[1], /Two columns are called “Lead”/);
    assert.match(r.errors[2], /"lead" is the text "abc"/);
  }));
