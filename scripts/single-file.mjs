#!/usr/bin/env node
// Packs the built site into ONE .html file that works opened straight from disk (file://),
// e.g. to mail it, or to use it offline in a classroom. No dependencies.
//
//   node scripts/single-file.mjs [DIST] [OUT]      (defaults: dist, DIST/rnn-playground.html)
//
// From DIST/index.html: the stylesheet goes into a <style>, the favicon becomes a data: URL, and
// boot.js is replaced by one inline <script type="module"> holding the wasm-bindgen glue plus the
// wasm as base64. (A file:// page cannot load module scripts or fetch the .wasm from files: the
// browser treats every file as another origin.) The Content-Security-Policy is rewritten to allow
// exactly that script and that style, by their sha256 hashes, and nothing from anywhere else.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';

const dist = path.resolve(process.argv[2] ?? 'dist');
const out = path.resolve(process.argv[3] ?? path.join(dist, 'rnn-playground.html'));
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`no ${path.join(dist, 'index.html')}: build the site first (trunk build)`);
  process.exit(1);
}
const read = (name, enc) => fs.readFileSync(path.join(dist, name), enc);

const GLUE = 'rnn-playground.js';
const WASM = 'rnn-playground_bg.wasm';

/** The attributes of one start tag, e.g. `<link rel="icon" href="a.svg">` -> {rel, href}. */
function attrs(tag) {
  const found = {};
  for (const m of tag.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    found[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return found;
}

const sha256 = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Text going inside <script>/<style> must not be able to close it (or open an HTML comment). */
function assertInlineSafe(text, what) {
  const bad = text.match(/<\/(script|style)|<!--|<script/i);
  if (bad) throw new Error(`${what} contains ${JSON.stringify(bad[0])}, which cannot be inlined as is`);
}

// The glue as a plain script body: `export` keywords dropped and the exported names collected,
// so the bootstrap below can hand the same bindings to window.wasmBindings as boot.js does.
function glueWithoutExports(source) {
  const exported = [];
  const body = source
    // A statement starts a line, or (minified) follows a `;` or `}`.
    .replace(/(^|[;}])\s*export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([\w$]+)/gm, (_, before, kind, name) => {
      exported.push([name, name]);
      return `${before}${kind} ${name}`;
    })
    .replace(/(^|[;}])\s*export\s*\{([^}]*)\};?/gm, (_, before, list) => {
      for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [local, as = local] = item.split(/\s+as\s+/);
        exported.push([local, as]);
      }
      return before;
    });
  // Anything else (export default …, export * from …, import …) would need a real module graph.
  const left = body.match(/(?:^|[;}])\s*(?:export\b|import\s*[{*'"]|import\s+[\w$]).{0,60}/m);
  if (left) throw new Error(`${GLUE}: cannot inline this statement: ${left[0].trim()}`);
  if (!exported.some(([, as]) => as === 'default')) throw new Error(`${GLUE} has no default export (its init)`);
  return { body, exported };
}

const { body, exported } = glueWithoutExports(read(GLUE, 'utf8'));
const bindings = exported.map(([local, as]) => (local === as ? local : `${JSON.stringify(as)}: ${local}`));

// The memory arena's worker: a file:// page cannot start one from a file, so its source (the
// glue, then the worker script with its import of the glue replaced by the same bindings)
// becomes a Blob URL, left in window.rnnPlaygroundWorker, from which the page starts its workers
// (CSP: worker-src blob:). The page hands each worker the module it compiled, so the wasm is not
// inlined twice.
const WORKER = 'arena-worker.js';
let workerSource = null;
if (fs.existsSync(path.join(dist, WORKER))) {
  let imports = 0;
  const rest = read(WORKER, 'utf8').replace(
    /import\s*\*\s*as\s*([\w$]+)\s*from\s*(["'])\.\/rnn-playground\.js\2;?/g,
    (_, name) => {
      imports += 1;
      return `const ${name} = Object.freeze({ __proto__: null, ${bindings.join(', ')} });`;
    },
  );
  if (imports !== 1) throw new Error(`${WORKER} should import ${GLUE} once, as a namespace (found ${imports})`);
  // A classic script: a file:// page's origin is opaque, and a module worker must come from the
  // page's own origin. The glue's one `import.meta` (its default wasm address, unused here: the
  // worker is handed the compiled module) becomes the worker's own address.
  // The worker's own code goes in a function, so its names stay apart from the glue's.
  workerSource = `"use strict";\n${body.replaceAll('import.meta.url', 'self.location.href')}\n(() => {\n${rest}\n})();\n`;
  if (/\bimport\.meta\b|(^|[;}])\s*(import|export)\b/m.test(workerSource)) {
    throw new Error(`${WORKER}: the worker's source still has an import, an export or import.meta`);
  }
}

// Mirrors www/boot.js (same messages); the glue's top level touches no WebAssembly API, so the
// check can come after it. The block keeps these names apart from the glue's.
const script = `${body}
{
  const fail = (message) => {
    const el = document.getElementById('loading');
    if (!el) return;
    el.textContent = message;
    el.className = 'failed';
    el.hidden = false;
  };
  if (typeof WebAssembly !== 'object') {
    fail('This page needs WebAssembly, which this browser does not have or has turned off. ' +
      'Please try a current version of Chrome, Firefox, Safari or Edge.');
  } else {
    try {${workerSource === null ? '' : `
      window.rnnPlaygroundWorker = URL.createObjectURL(new Blob([${JSON.stringify(workerSource)}], { type: 'text/javascript' }));`}
      const bytes = Uint8Array.from(atob('${read(WASM).toString('base64')}'), (c) => c.charCodeAt(0));
      const bindings = Object.freeze({ __proto__: null, ${bindings.join(', ')} });
      await bindings.default({ module_or_path: bytes });
      window.wasmBindings = bindings;
    } catch (e) {
      fail('The model could not be loaded (' + (e && e.message ? e.message : e) + '). ' +
        'Please reload the page; if that does not help, try a current browser.');
    }
  }
}
`;
assertInlineSafe(script, GLUE);

let css = '';
let stylesheets = 0;
let html = read('index.html', 'utf8');

html = html.replace(/<link\b[^>]*>/gi, (tag) => {
  const a = attrs(tag);
  const rel = (a.rel ?? '').toLowerCase().split(/\s+/);
  if ('data-trunk' in a) return ''; // a Trunk build directive, inert in the output
  if (rel.includes('modulepreload') || rel.includes('preload')) return ''; // nothing left to preload
  if (rel.includes('stylesheet')) {
    // All stylesheets, in order, go into one <style> where the first one was (hashed below).
    css += read(a.href, 'utf8');
    return stylesheets++ === 0 ? '<style>@@STYLE@@</style>' : '';
  }
  if (rel.includes('icon')) {
    const type = a.type || 'image/svg+xml';
    return `<link rel="icon" type="${type}" href="data:${type};base64,${read(a.href).toString('base64')}">`;
  }
  throw new Error(`index.html: do not know what to do with ${tag}`);
});
// Replacement functions throughout, so `$` in the CSS or JS is not read as a pattern.
html = html.replace('@@STYLE@@', () => css);
assertInlineSafe(css, 'the stylesheet');

let scripts = 0;
html = html.replace(/<script\b[^>]*\bsrc=[^>]*>\s*<\/script>/gi, (tag) => {
  if (attrs(tag).src.replace(/^\.\//, '') !== 'boot.js') throw new Error(`index.html: unexpected ${tag}`);
  scripts += 1;
  return '<script type="module">@@SCRIPT@@</script>';
});
if (scripts !== 1) throw new Error(`index.html should load boot.js exactly once, found ${scripts}`);

// Nothing from outside this file: only the inline script (by hash) and style (by hash), images
// as data:/blob: URLs (favicon, chart PNG downloads), workers from blob: URLs (the arena's,
// made from the inline source above). No fetch, no frames, no forms.
const csp = [
  "default-src 'none'",
  `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
  `style-src ${sha256(css)}`,
  'img-src data: blob:',
  ...(workerSource === null ? [] : ['worker-src blob:']),
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
let cspTags = 0;
html = html.replace(/[ \t]*<meta\b[^>]*http-equiv=["']?Content-Security-Policy[^>]*>\n?/gi, () => {
  cspTags += 1;
  return '';
});
if (cspTags !== 1) throw new Error(`index.html should have one Content-Security-Policy meta tag, found ${cspTags}`);
// First thing in <head> (after the charset), so it governs the style and the script too.
const head = html.match(/<meta charset[^>]*>/i) ?? html.match(/<head[^>]*>/i);
if (!head) throw new Error('index.html has no <head>');
html = html.replace(head[0], () => `${head[0]}\n  <meta http-equiv="Content-Security-Policy" content="${csp}">`);

html = html.replace('@@SCRIPT@@', () => script);

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, html);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const shown = path.relative(process.cwd(), out).startsWith('..') ? out : path.relative(process.cwd(), out);
console.log(`${shown}: ${kib(Buffer.byteLength(html))} (${kib(zlib.gzipSync(html, { level: 9 }).length)} gzipped)`);
