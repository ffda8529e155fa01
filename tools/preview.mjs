// Regenerates www/preview.png (the link-preview image) from a built dist/: node tools/preview.mjs
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { serve } from '../tests/e2e/serve.mjs';
const srv = await serve(new URL('../dist', import.meta.url).pathname);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
await page.goto(srv.url);
await page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.querySelector('#status'));
await page.waitForTimeout(500);
await page.click('#train');
await page.waitForFunction(() => /Epoch 200 \/ 200/.test(document.getElementById('status').textContent));
await page.click('#forecast');
await page.waitForTimeout(300);
await page.evaluate(() => { document.querySelector('#data-heading').closest('section').scrollIntoView(); });
await page.screenshot({ path: new URL('../www/preview.png', import.meta.url).pathname });
await browser.close(); srv.close();
