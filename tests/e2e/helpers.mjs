// Shared helpers for the end-to-end tests: the site and the browser for a test file (useSite),
// a recorded page, and waits that poll from Node (the page's Content-Security-Policy forbids
// evaluating strings in it).
//
// Waits wait for a state the page keeps (a final status, a finished epoch count, a note, an
// attribute), never for one that lasts a frame, and never for a sleep or a number of frames to
// "have happened". The one use of time is `idle`: a window in which a test checks that nothing
// happens (no epoch after a pause, no request after a run).
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const DIST = path.resolve(process.env.DIST ?? path.join(REPO, 'dist'));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const WAIT = 30_000; // generous: waiting for training, never a timing assertion
export const DEFAULT_SEQUENCE = '10, 20, 30, 40, 50, 60, 70, 80, 90';

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A request filter: data:, blob: and `origin` only. */
export const sameOrigin = (origin) => (url) => ['data:', 'blob:'].includes(url.protocol) || url.origin === origin;

/**
 * The site and the browser for one test file: registers node:test `before` / `after` hooks that
 * check DIST was built, serve it with ./serve.mjs on 127.0.0.1, launch the browser, and close
 * both (and remove the scratch folder) at the end. Returns an object whose fields are set once
 * `before` ran:
 *
 *   site.url      the served site's root (ends with "/"); site.origin its origin
 *   site.browser  the browser
 *   site.tmp      a scratch folder for this file (downloads, files written by the tests)
 *   site.dir      the folder served: DIST, or with `copy` a copy of it (tests may add pages)
 *   site.page(body, options)  withPage on a fresh recorded page; requests off the origin are
 *                 aborted unless `options.allowed` says otherwise
 *   site.open(page, query)    go to the site's root + `query` (must answer 200), wait for the
 *                 model and open the collapsed panels
 *
 * @param {object} [o]
 * @param {string} [o.name='e2e'] names the scratch folder (rnn-<name>-…)
 * @param {boolean} [o.copy=false] serve a copy of DIST (in site.tmp) instead of DIST itself
 * @param {Record<string, string>} [o.files] extra files written into the copy before serving
 */
export function useSite({ name = 'e2e', copy = false, files = {} } = {}) {
  if (Object.keys(files).length && !copy) throw new Error('useSite: `files` are written into the copy; set copy: true');
  let server;
  const site = {
    url: undefined,
    origin: undefined,
    browser: undefined,
    tmp: undefined,
    dir: undefined,
    allowed: (url) => sameOrigin(site.origin)(url),
    page: (body, options = {}) => withPage(site.browser, { allowed: site.allowed, ...options }, body),
    open: (page, query = '') => openSite(site, page, query),
  };
  before(async () => {
    if (!fs.existsSync(path.join(DIST, 'index.html'))) {
      throw new Error(`no ${path.join(DIST, 'index.html')}: build the site first, or set DIST to the built folder`);
    }
    site.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `rnn-${name}-`));
    site.dir = DIST;
    if (copy) {
      site.dir = path.join(site.tmp, 'site');
      fs.cpSync(DIST, site.dir, { recursive: true });
      for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(site.dir, file), content);
    }
    server = await serve(site.dir);
    site.url = server.url;
    site.origin = new URL(server.url).origin;
    site.browser = await launchBrowser();
  });
  after(async () => {
    await site.browser?.close();
    await server?.close();
    if (site.tmp) fs.rmSync(site.tmp, { recursive: true, force: true });
  });
  return site;
}

async function openSite(site, page, query) {
  const short = query.length > 200 ? `${query.slice(0, 100)}… (${query.length} chars)` : query;
  let res;
  try {
    res = await page.goto(site.url + query);
  } catch (err) {
    throw new Error(`GET ${site.url}${short} failed: ${err.message.slice(0, 300)}`);
  }
  assert.equal(res?.status(), 200, `GET ${site.url}${short} should answer 200`);
  await waitReady(page);
  await openPanels(page);
}

/**
 * A fresh context and page that records console errors, page errors, dialogs and every request.
 * Requests for which `allowed(url)` is false are recorded and aborted, never let out.
 * `bypassCSP` (the accessibility scan only, to inject axe-core) lifts the page's CSP.
 */
export async function newRecordedPage(browser, { allowed, viewport = { width: 1280, height: 900 }, bypassCSP = false }) {
  const context = await browser.newContext({ viewport, ...(bypassCSP ? { bypassCSP } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  const p = { context, page, errors: [], requests: [], badResponses: [], dialogs: [] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    // Chromium asks for /favicon.ico by itself when a document (e.g. a test's host page)
    // declares no icon; that 404 is not the page's doing.
    if (msg.text().startsWith('Failed to load resource') && /\/favicon\.ico$/.test(loc?.url ?? '')) return;
    p.errors.push(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url.slice(0, 200)}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => p.errors.push(`pageerror: ${err.stack || err.message}`));
  page.on('dialog', (d) => {
    p.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('request', (req) => p.requests.push(req.url()));
  page.on('requestfailed', (req) => p.badResponses.push(`${req.url().slice(0, 200)} failed: ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) p.badResponses.push(`${res.url().slice(0, 200)} -> HTTP ${res.status()}`);
  });
  await context.route((url) => !allowed(url), (route) => route.abort('blockedbyclient'));
  return p;
}

/** Wait for the wasm module to start in `frame` (a Page or a Frame). */
export async function waitReady(frame) {
  await frame.waitForFunction(() => document.documentElement.dataset.ready === '1', null, { timeout: WAIT });
  await frame.locator('#loading').waitFor({ state: 'hidden', timeout: WAIT });
}

/**
 * Opens the collapsed panels that hold controls the tests use ("More settings", "Roll the
 * forecast forward", "Save, share and embed", the Keras program): the one-screen layout keeps
 * them closed at first.
 */
export async function openPanels(frame) {
  await frame.evaluate(() => {
    for (const id of ['more-settings-box', 'roll-details', 'share', 'code-details']) {
      const d = document.getElementById(id);
      if (d) d.open = true;
    }
  });
}

export function describeErrors(p) {
  const lines = [...p.errors, ...p.badResponses, ...p.dialogs.map((d) => `dialog ${d}`)];
  return lines.length ? `\nseen on the page:\n  ${lines.join('\n  ')}` : '';
}

/**
 * Runs `body(p)` with a recorded page and closes it; then fails on any console error, page
 * error or dialog seen while it ran. `p.page` is still about:blank when `body` starts.
 */
export async function withPage(browser, options, body) {
  const p = await newRecordedPage(browser, options);
  let failure;
  try {
    await body(p);
  } catch (err) {
    failure = err;
  }
  await p.context.close();
  if (failure) {
    failure.message += describeErrors(p);
    throw failure;
  }
  assert.deepEqual(p.errors, [], `console errors / page errors:\n  ${p.errors.join('\n  ')}`);
  assert.deepEqual(p.dialogs, [], 'dialogs (alert/confirm/prompt) opened by the page');
}

/** Runs in the page (no closures): the parsed #status and the Train button. */
function readStateInPage() {
  const text = (document.getElementById('status')?.textContent ?? '').trim();
  const m = text.match(/Epoch (\d+) \/ (\d+)(?: \u00b7 loss ([-0-9.e+]+))?/);
  const train = document.getElementById('train');
  return {
    text,
    n: m ? Number(m[1]) : null,
    t: m ? Number(m[2]) : null,
    loss: m && m[3] !== undefined ? Number(m[3]) : null,
    button: train ? train.textContent.trim() : null,
    disabled: train ? train.disabled : null,
  };
}

/** Current {text, n, t, loss, button, disabled} of a Page or Frame. */
export function state(frame) {
  return frame.evaluate(readStateInPage);
}

/** Wait until `pred(state)` holds; on timeout the error shows the last state. */
export async function waitState(frame, pred, desc, timeout = WAIT) {
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    last = await state(frame);
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${desc}; last state: ${JSON.stringify(last)}`);
}

/** Wait until training stopped at its target `n` (N === T === n, button "Train"). */
export function waitEpoch(frame, n, desc = `Epoch ${n} / ${n} with the button back to "Train"`) {
  return waitState(frame, (s) => s.n === n && s.t === n && s.button === 'Train', desc);
}

/** Set speed max, press Train, wait for Epoch n / n. */
export async function trainTo(frame, n) {
  await frame.selectOption('#speed', 'max');
  await waitState(frame, (s) => s.disabled === false, 'Train to be enabled');
  await frame.click('#train');
  return waitEpoch(frame, n);
}

export function text(frame, selector) {
  return frame.locator(selector).textContent().then((s) => (s ?? '').trim());
}

/** "1, 2.5, -3" -> [1, 2.5, -3]; fails if any token is not a finite number. */
export function parseNumbers(s, what) {
  const tokens = s.trim() === '' ? [] : s.trim().split(', ');
  const nums = tokens.map(Number);
  assert.ok(
    tokens.every((tok, i) => tok.trim() !== '' && Number.isFinite(nums[i])),
    `${what}: expected numbers separated by ", ", got ${JSON.stringify(s)}`,
  );
  return nums;
}

/** Wait until #forecast-output holds exactly `count` numbers; return them. */
export async function waitForecast(frame, count) {
  try {
    await frame.waitForFunction(
      (count) => {
        const t = (document.getElementById('forecast-output')?.textContent ?? '').trim();
        return t !== '' && t.split(', ').length === count;
      },
      count,
      { timeout: WAIT, polling: 50 },
    );
  } catch {
    // the assertion below reports what is shown
  }
  const out = await text(frame, '#forecast-output');
  const nums = parseNumbers(out, '#forecast-output');
  assert.equal(nums.length, count, `#forecast-output should hold exactly ${count} numbers, got ${JSON.stringify(out)}`);
  return nums;
}

/** Press Forecast and wait until #forecast-output holds `count` numbers; returns its text. */
export async function forecast(frame, count) {
  await frame.evaluate(() => {
    document.getElementById('forecast-output').textContent = '';
  });
  await frame.click('#forecast');
  await waitForecast(frame, count);
  return text(frame, '#forecast-output');
}

/**
 * An observation window for a check that nothing happens (no epoch after a pause or a Step, no
 * request after a run): resolves once the page has run at least `frames` animation frames and
 * at least `ms` milliseconds of its own clock have passed (the page's frame loop trains by
 * frames, a paced run by time). Never use it to wait for something to happen: wait for the
 * state the page keeps instead.
 */
export function idle(frame, { frames = 5, ms = 0 } = {}) {
  return frame.evaluate(
    ([k, ms]) =>
      new Promise((resolve) => {
        const start = performance.now();
        let i = 0;
        const tick = () => (++i >= k && performance.now() - start >= ms ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    [frames, ms],
  );
}

/**
 * Wait until `#<field>-error` contains `message` ('' = is empty, null = shows some message);
 * then assert it, so a failure shows the actual text.
 */
export async function waitFieldError(frame, field, message, timeout = 5_000) {
  const sel = `#${field}-error`;
  try {
    await frame.waitForFunction(
      ([sel, message]) => {
        const t = (document.querySelector(sel)?.textContent ?? '').trim();
        return message === '' ? t === '' : message === null ? t !== '' : t.includes(message);
      },
      [sel, message],
      { timeout, polling: 50 },
    );
  } catch {
    // fall through to the assertion
  }
  assert.equal(await frame.locator(sel).count(), 1, `${sel} should exist`);
  const actual = await text(frame, sel);
  if (message === '') assert.equal(actual, '', `${sel} should be empty`);
  else if (message === null) assert.notEqual(actual, '', `${sel} should show a message`);
  else assert.ok(actual.includes(message), `${sel} should contain ${JSON.stringify(message)}, got ${JSON.stringify(actual)}`);
}

/** Start a download with `click()` and return {name, path, bytes}. */
export async function download(page, selector, dir) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.click(selector)]);
  const name = dl.suggestedFilename();
  const file = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
  await dl.saveAs(file);
  return { name, path: file, bytes: fs.readFileSync(file) };
}

/** Wait until `read()` equals `expected` (deepEqual); then assert it, so a failure shows the actual value. */
export async function waitEqual(read, expected, desc, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    try {
      assert.deepEqual(last, expected);
      return last;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  assert.deepEqual(last, expected, desc);
  return last;
}

/** Wait (polling from Node) until `check()` returns a truthy value; returns it. */
export async function poll(check, desc, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${desc}`);
}
