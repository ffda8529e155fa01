// The page is right at every moment: the forecast on show is the current model's, shortcuts never
// change a setting behind the teacher's back, commas inside numbers are offered, never guessed,
// and "How is it going?" always has something to say. Every wait is for a state the page keeps.
//
//   cd tests/e2e && DIST=../../dist node --test moments.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, state, waitState, waitEpoch, trainTo, text, forecast, parseNumbers, waitEqual, poll } from './helpers.mjs';

const site = useSite({ name: 'moments' });

test('the forecast on show follows training, and says when it comes from an untrained model', { timeout: 120_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    // Before any training: a forecast, and a word on whose it is.
    await forecast(page, 2);
    assert.match(await text(page, '#forecast-note'), /untrained/, 'an untrained model says so');
    const at200 = parseNumbers(await (async () => { await trainTo(page, 200); return text(page, '#forecast-output'); })(), 'at 200');
    assert.equal(await text(page, '#forecast-note'), '', 'no note once trained');
    // Train on to 400: the forecast shown moves with the model, without pressing Forecast…
    await page.click('#train');
    await waitEpoch(page, 400);
    const shown = parseNumbers(await text(page, '#forecast-output'), 'shown at 400');
    assert.notDeepEqual(shown, at200, 'the forecast moved on with the model');
    // …and is exactly what pressing Forecast gives now.
    const again = parseNumbers(await forecast(page, 2), 'pressed at 400');
    assert.deepEqual(shown, again, 'the forecast shown is the current model\'s');
    // A new model clears it.
    await page.click('#reset');
    await waitEqual(() => text(page, '#forecast-output'), '', 'Reset clears the old model\'s forecast');
  }));

test('a menu picked with the mouse hands S and Space back to the page; keyboard users keep its keys', { timeout: 90_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page, '?speed=5');
    // Pick tanh with the mouse: the menu keeps the focus.
    await page.dispatchEvent('#activation', 'pointerdown');
    await page.selectOption('#activation', 'tanh');
    await page.focus('#activation');
    await waitEqual(() => page.evaluate(() => document.activeElement?.id), 'activation', 'the menu has the focus');
    await page.keyboard.press('s');
    await waitState(page, (s) => s.n === 1 && s.button === 'Train', 'S steps one epoch');
    assert.equal(await page.inputValue('#activation'), 'tanh', 'S did not turn the activation to sigmoid');
    await page.keyboard.press('ArrowRight');
    await waitState(page, (s) => s.n === 2 && s.button === 'Train', '→ steps one epoch');
    assert.equal(await page.inputValue('#activation'), 'tanh', '→ did not move the menu');
    // Ticking Presentation with the mouse: Space trains, and presentation stays on.
    await page.click('#presentation');
    assert.equal(await page.isChecked('#presentation'), true);
    await page.keyboard.press(' ');
    await waitState(page, (s) => s.button === 'Pause', 'Space starts training (at 5 epochs a second)');
    assert.equal(await page.isChecked('#presentation'), true, 'Space did not untick Presentation');
    await page.keyboard.press(' ');
    await waitState(page, (s) => s.button === 'Train', 'Space pauses');
    const paused = (await state(page)).n;
    // Reached with Tab, a menu keeps its keys: a keyboard user chooses with them.
    await page.focus('#cell');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await waitEqual(() => page.evaluate(() => document.activeElement?.id), 'cell', 'the cell menu reached with the keyboard');
    await page.keyboard.press('ArrowDown');
    await waitEqual(() => page.inputValue('#cell'), 'lstm', 'the arrow key chose the next cell');
    assert.ok((await state(page)).n <= paused, 'and did not train');
  }));

test('thousands separators are offered as a reading, never guessed', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page);
    await page.fill('#sequence', '1,234 2,345 3,456 4,567 5,678 6,789');
    await poll(async () => !(await page.locator('#decimal-hint').isHidden()), 'the offer under the sequence');
    assert.equal(await text(page, '#use-thousands'), 'Read 1,234 as 1234');
    assert.equal(await text(page, '#use-decimal-points'), 'Read 1,234 as 1.234');
    await page.click('#use-thousands');
    await waitEqual(() => page.inputValue('#sequence'), '1234 2345 3456 4567 5678 6789', 'read as thousands on request');
    await poll(async () => page.locator('#decimal-hint').isHidden(), 'the offer goes once taken');
  }));

test('"How is it going?" gives every run a verdict, and the race says what it does', { timeout: 120_000 }, () =>
  site.page(async ({ page }) => {
    await site.open(page, '?preset=echo&epochs=30');
    await trainTo(page, 30);
    assert.match(await text(page, '#standing'), /^(Better than|About as good as|Worse than)/, 'the LSTM gets a verdict');
    await page.click('#keep-run');
    await poll(async () => (await page.locator('#runs li').count()) === 1, 'one kept run');
    await page.selectOption('#cell', 'simple_rnn');
    await trainTo(page, 30);
    const verdict = await text(page, '#standing');
    assert.match(verdict, /^(About as good as predicting the mean|Worse than)/, `SimpleRNN on Echo: ${verdict}`);
    assert.match(verdict, /Against the kept runs, in training loss this run ends at .*“cell LSTM”/, `compared in words: ${verdict}`);
    await page.click('#race');
    await poll(async () => (await text(page, '#runs-note')).startsWith('Race over'), 'the race to end');
    assert.match((await state(page)).text, /Race over/, 'the status says the race is over, not "Settings changed"');
  }));
