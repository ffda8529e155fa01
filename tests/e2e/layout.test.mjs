// The playground as a class, a blogger and a student on a phone see it: everything a lesson
// needs on one screen without scrolling, a run bar that stays on a phone, the unrolled network
// that moves and can be driven by keyboard, and embeds that size themselves.
//
//   cd tests/e2e && DIST=/path/to/dist node --test layout.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useSite, waitReady, state, waitState, text, poll, waitEqual, forecast } from './helpers.mjs';

// A copy of the site: the embed test adds its host pages (blog.html, plain.html) to it.
const site = useSite({ name: 'layout', copy: true });

/** What a lesson needs in view. */
const LESSON = ['#train', '#step', '#reset', '#status', '#data-chart', '#loss-chart', '#network', '#forecast',
  '#forecast-output', '#seq-len', '#learning-rate', '#cell'];

/** The selectors whose boxes are not wholly inside the viewport (or are not shown at all). */
function outside(page, selectors) {
  return page.evaluate((selectors) => {
    const [w, h] = [innerWidth, innerHeight];
    return selectors.filter((sel) => {
      const el = document.querySelector(sel);
      if (!el) return true;
      const r = el.getBoundingClientRect();
      const shown = r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      return !shown || r.left < 0 || r.top < 0 || r.right > w + 0.5 || r.bottom > h + 0.5;
    });
  }, selectors);
}

for (const [width, height, query] of [
  [1280, 720, ''], [1366, 768, ''], [1920, 1080, '?presentation=1'], [1280, 720, '?presentation=1'], [1024, 768, ''],
]) {
  test(`one screen at ${width}×${height}${query ? ' in presentation mode' : ''}: the lesson's controls and charts are all in view`, { timeout: 60_000 }, () =>
    site.page(async ({ page }) => {
      await page.goto(site.url + query);
      await waitReady(page);
      if (query) assert.equal(await page.evaluate(() => document.documentElement.classList.contains('presenting')), true, 'presentation=1 turns it on');
      // Mid-training, with a forecast shown: the moment a teacher narrates. At 15 epochs a
      // second the run (200 epochs) is still going when Pause is pressed.
      await page.click('#forecast');
      await page.selectOption('#speed', '15');
      await page.click('#train');
      await waitState(page, (s) => s.n >= 10, 'some training');
      await page.click('#train');
      const paused = await waitState(page, (s) => s.button === 'Train', 'the button to read "Train" after Pause');
      assert.ok(paused.n < paused.t, `paused mid-training: ${paused.text}`);
      await forecast(page, 2);
      await waitEqual(
        async () => ({ scrollY: await page.evaluate(() => scrollY), outOfView: await outside(page, LESSON) }),
        { scrollY: 0, outOfView: [] },
        'nothing scrolled, nothing out of view',
      );
      // Canvases big enough to read.
      const sizes = await page.evaluate(() => ['data-chart', 'loss-chart', 'network'].map((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return [id, Math.round(r.width), Math.round(r.height)];
      }));
      for (const [id, w, h] of sizes) assert.ok(w >= 280 && h >= 150, `#${id} is ${w}×${h}`);
    }, { viewport: { width, height } }));
}

test('a phone: no sideways scroll, the run bar stays in view, the forecast shows beside its button', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await page.goto(site.url + '?preset=airline');
    await waitReady(page);
    for (const d of ['more-settings-box', 'windows-details', 'summary-details', 'inside', 'code-details', 'share']) {
      await page.evaluate((id) => { document.getElementById(id).open = true; }, d);
    }
    // The inside panel is drawn when its toggle event comes (the others are filled already).
    await poll(async () => (await page.locator('#step-terms math').count()) === 5, 'the inside panel to be drawn');
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 390, `no sideways scroll: the page is ${w} px wide`);
    assert.deepEqual(await outside(page, ['#train', '#status', '#data-chart', '#forecast']), [], 'at the top of a phone');
    // Every menu at the top shows its longest choice whole (text, padding and the arrow).
    const clipped = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d');
      return ['speed', 'theme'].flatMap((id) => {
        const s = document.getElementById(id);
        const cs = getComputedStyle(s);
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const longest = Math.max(...[...s.options].map((o) => ctx.measureText(o.text).width));
        const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;
        return longest > room ? [`#${id}: ${Math.round(longest)} px of text in ${Math.round(room)} px`] : [];
      });
    });
    assert.deepEqual(clipped, [], 'menus that show their choices whole');
    await page.click('#forecast');
    await poll(async () => (await text(page, '#forecast-output')) !== '', 'a forecast');
    const gap = await page.evaluate(() => {
      const b = document.getElementById('forecast').getBoundingClientRect();
      const o = document.getElementById('forecast-output').getBoundingClientRect();
      return Math.abs(o.top - b.bottom);
    });
    assert.ok(gap < 80, `the forecast appears next to its button (${gap} px away)`);
    const target = await page.evaluate(() => {
      window.scrollTo(0, 3000);
      return Math.min(3000, document.documentElement.scrollHeight - innerHeight);
    });
    await poll(() => page.evaluate((target) => Math.abs(scrollY - target) < 1, target), `the page to scroll down to ${target}`);
    assert.deepEqual(await outside(page, ['#train', '#status']), [], 'the run bar stays at the top when scrolled');
    // 5 epochs a second: "Pause" shows for the whole run (150 epochs), not for a frame.
    await page.selectOption('#speed', '5');
    await page.click('#train');
    await waitState(page, (s) => s.button === 'Pause', 'Train works from the sticky bar');
    await page.click('#train');
    await waitState(page, (s) => s.button === 'Train', 'Pause from the sticky bar');
  }, { viewport: { width: 390, height: 844 } }));

test('the unrolled network: follows training, a time step can be picked by click or keyboard, and it says what it shows', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await page.goto(site.url);
    await waitReady(page);
    const pixels = () => page.evaluate(() => document.getElementById('network').toDataURL());
    const label = () => page.getAttribute('#network', 'aria-label');
    assert.match(await label(), /unrolled over window 0: inputs 10, 20, 30/);
    const before = await pixels();
    // 5 epochs a second: the run (200 epochs) is still going when Pause is pressed.
    await page.selectOption('#speed', '5');
    await page.click('#train');
    await poll(async () => (await pixels()) !== before, 'the network to change while training');
    await page.click('#train');
    await waitState(page, (s) => s.button === 'Train', 'the button to read "Train" after Pause');
    // Keyboard: focus it, → picks the next step; the equation below names it.
    await page.focus('#network');
    await page.keyboard.press('ArrowRight');
    await poll(async () => (await text(page, '#network-step')).startsWith('Step 2,'), 'step 2 picked with →');
    assert.equal((await state(page)).button, 'Train', '→ on the network picks a step, it does not train');
    // A click on the first cell picks step 1.
    const box = await page.locator('#network').boundingBox();
    for (let x = box.x + 10; x < box.x + box.width / 2; x += 8) {
      await page.mouse.click(x, box.y + box.height * 0.45);
      if ((await text(page, '#network-step')).startsWith('Step 1,')) break;
    }
    assert.ok((await text(page, '#network-step')).startsWith('Step 1,'), 'a click on the first cell picks step 1');
    // Hovering a window in the table shows it in the network.
    await page.hover('#windows-table tr[data-index="3"]');
    await poll(async () => /window 3: inputs 40, 50, 60/.test(await label()), 'the network to show window 3');
  }, { viewport: { width: 1280, height: 720 } }));

test('embeds: the copied code sizes itself at 390 and 640 px, shows a prompt and its way out', { timeout: 90_000 }, async () => {
  let code;
  await site.page(async ({ page }) => {
    await page.goto(site.url + '?preset=sine');
    await waitReady(page);
    code = await page.inputValue('#embed-code');
  });
  const attrHeight = Number(code.match(/height="(\d+)"/)[1]);
  fs.writeFileSync(path.join(site.dir, 'blog.html'), `<!doctype html><html><head><meta charset="utf-8"><title>blog</title>
<link rel="icon" href="data:,"></head><body style="margin:0"><p>Before.</p>${code}<p id="after">After.</p></body></html>`);
  // The same snippet without its script: the default height alone must fit.
  fs.writeFileSync(path.join(site.dir, 'plain.html'), `<!doctype html><html><head><meta charset="utf-8"><title>plain</title>
<link rel="icon" href="data:,"></head><body style="margin:0">${code.replace(/<script>[\s\S]*<\/script>/, '')}</body></html>`);
  for (const width of [390, 640]) {
    await site.page(async ({ page }) => {
      await page.goto(site.url + 'plain.html');
      const frame = await (await page.waitForSelector('iframe')).contentFrame();
      await waitReady(frame);
      await frame.click('#forecast');
      await poll(async () => (await text(frame, '#forecast-output')) !== '', 'a forecast in the embed');
      const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
      assert.ok(inner <= attrHeight, `at ${width} px the content (${inner} px) fits the default height ${attrHeight}`);
    }, { viewport: { width, height: 900 } });
    await site.page(async ({ page }) => {
      await page.goto(site.url + 'blog.html');
      const iframe = await page.waitForSelector('iframe');
      const frame = await iframe.contentFrame();
      await waitReady(frame);
      assert.match(await text(frame, '#embed-prompt'), /Press Train/);
      await frame.click('#forecast');
      await frame.click('#train');
      // The content's final height: the forecast shown and the run over.
      await poll(async () => (await text(frame, '#forecast-output')) !== '', 'a forecast in the embed');
      await waitState(frame, (s) => s.n > 0 && s.n === s.t && s.button === 'Train', 'the embed\'s run to finish');
      await poll(async () => {
        const [outer, inner] = [await iframe.evaluate((f) => f.getBoundingClientRect().height), await frame.evaluate(() => document.documentElement.scrollHeight)];
        return Math.abs(outer - inner) <= 1;
      }, `the frame at ${width} px to take its content's height`);
      assert.equal(await frame.isVisible('#open-full'), true, 'the way out to the full playground');
      const box = await (await frame.$('#open-full')).boundingBox();
      const frameBox = await iframe.boundingBox();
      assert.ok(box.y + box.height <= frameBox.y + frameBox.height + 1, '"Open the full playground" is not cut off');
    }, { viewport: { width, height: 900 } });
  }
});

test('the share panel: choosing controls and autoplay changes the code and the preview', { timeout: 60_000 }, () =>
  site.page(async ({ page }) => {
    await page.goto(site.url);
    await waitReady(page);
    await page.evaluate(() => { document.getElementById('share').open = true; });
    await page.check('#embed-control-step');
    await page.uncheck('#embed-control-reset');
    await page.check('#embed-autoplay');
    await poll(async () => {
      const c = await page.inputValue('#embed-code');
      return c.includes('controls=train%2Cstep%2Cforecast') && c.includes('autoplay=1');
    }, 'the code to follow the options');
    await page.click('#embed-preview-box > summary');
    const preview = await (await page.waitForSelector('#embed-preview')).contentFrame();
    await waitReady(preview);
    assert.equal(await preview.isVisible('#step'), true, 'the preview shows the chosen Step button');
    assert.equal(await preview.isVisible('#reset'), false, 'and not the unchosen Reset');
    await waitState(preview, (s) => s.n > 0, 'the preview to autoplay');
  }, { viewport: { width: 1280, height: 900 } }));
