// Comparing runs, as a teacher does it: keep a run, change a setting, train and keep again; race
// the kept runs; share the comparison as a link. What must hold is what the class sees: both
// curves stay, each named by what differs, and a race or a link reproduces the same losses,
// epoch by epoch, to the last digit the loss CSV writes.
//
//   cd tests/e2e && DIST=../../dist node --test compare.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAIT, useSite, waitReady, openPanels, trainTo, waitFieldError, download, poll, text } from './helpers.mjs';

const site = useSite({ name: 'compare' });

/** The kept runs' lines in #runs, as the legend shows them. */
function runLines(page) {
  return page.locator('#runs li .what').allTextContents();
}

/** Waits until #runs lists `n` runs, each finished ("· loss …", not "epoch …"); returns the lines. */
function waitRunsDone(page, n, desc) {
  return poll(async () => {
    const lines = await runLines(page);
    return lines.length === n && lines.every((l) => / · loss [-0-9.e+]+$/.test(l)) && lines;
  }, desc, WAIT);
}

/** The loss CSV's kept-run columns: { header: [labels], columns: [[loss per epoch]] }. */
async function keptColumns(page) {
  const csv = (await download(page, '#export-loss', site.tmp)).bytes.toString('utf8').trim().split('\n');
  assert.ok(!csv.some((l) => l.includes('"')), `no quoted cells expected here:\n${csv[0]}`);
  const header = csv[0].split(',');
  const rows = csv.slice(1).map((l) => l.split(','));
  const first = header.indexOf('loss') + 1 + (header.includes('val_loss') ? 1 : 0);
  return {
    header: header.slice(first),
    columns: header.slice(first).map((_, j) => rows.map((r) => r[first + j]).filter((v) => v !== '')),
  };
}

test('two kept runs, their legend, a race and a comparison link give the same losses', { timeout: 180_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    assert.equal(await page.isDisabled('#race'), true, 'nothing to race before a run is kept');

    // Run 1: the notebook as it is (50 units).
    await trainTo(page, 200);
    await page.click('#keep-run');
    await waitRunsDone(page, 1, 'the first kept run in #runs');

    // Run 2: 5 units. The first run stays, now named by what differs from the current settings.
    await page.fill('#units', '5');
    await waitFieldError(page, 'units', '');
    await trainTo(page, 200);
    await page.click('#keep-run');
    const lines = await waitRunsDone(page, 2, 'two kept runs in #runs');
    assert.match(lines[0], /^units 50 · loss /, `run 1 is named by its 50 units: ${lines}`);
    assert.match(lines[1], /^these settings · loss /, `run 2 has the current settings: ${lines}`);
    assert.equal(await page.locator('#runs li button[data-action="use"]').count(), 2, 'each kept run has a Use button');

    const kept = await keptColumns(page);
    assert.equal(kept.columns.length, 2, `two kept columns in the loss CSV: ${kept.header}`);
    kept.columns.forEach((c, i) => assert.equal(c.length, 200, `kept run ${i + 1} has 200 epochs in the CSV`));
    const [l50, l5] = kept.columns.map((c) => Number(c.at(-1)));
    assert.notEqual(l50, l5, 'the two runs differ');

    // The race trains both again from the start, together: same seeds, same bits. At full speed
    // it may be over within a frame, so the test waits for the note the page keeps afterwards
    // (and checks first that the note is not already that one).
    assert.doesNotMatch(await text(page, '#runs-note'), /^Race over/, 'no "Race over" note before the race');
    await page.click('#race');
    await poll(async () => (await text(page, '#runs-note')).startsWith('Race over'), '"Race over" in #runs-note', WAIT)
      .catch(async (e) => { throw new Error(`${e.message}; it says ${JSON.stringify(await text(page, '#runs-note'))}`); });
    assert.equal(await text(page, '#runs-note'), 'Race over: the same seeds gave the same curves as before.');
    await waitRunsDone(page, 2, 'both raced runs to be listed as finished');
    const raced = await keptColumns(page);
    assert.deepEqual(raced.columns, kept.columns, 'the race reproduces every epoch\'s loss of both runs');

    // The comparison link holds the runs' settings (not their curves) and trains them again.
    const link = page.url();
    assert.match(link, /[?&]run=/, `the address holds the kept runs: ${link}`);
    assert.ok(link.length < 600, `the link holds settings, not curves (${link.length} characters)`);
    const fresh = await page.context().newPage();
    await fresh.goto(link);
    await waitReady(fresh);
    await openPanels(fresh);
    await waitRunsDone(fresh, 2, 'the linked runs to train again in the background');
    const linked = await keptColumns(fresh);
    assert.deepEqual(linked.columns, kept.columns, 'the link reproduces every epoch\'s loss of both runs');
    assert.equal(await fresh.inputValue('#units'), '5', 'the link keeps the current settings too');
    await fresh.close();

    // Removing a run removes it from the legend and the CSV.
    await page.click('#runs li button[data-action="remove"][data-index="0"]');
    await poll(async () => (await runLines(page)).length === 1, 'one kept run after Remove', WAIT);
    assert.equal((await keptColumns(page)).columns.length, 1, 'the removed run leaves the CSV');
  }));
