// Trunk's post_build hook (see Trunk.toml): shrinks what the page downloads before it reaches dist/.
//
// 1. The wasm's import and export names. wasm-bindgen names each of the ~200 browser functions the
//    module calls `__wbg_<name>_<16 hex digits>`; binaryen's `--minify-imports-and-exports-and-modules`
//    renames them `a`, `b`, … and prints the mapping, which we apply to wasm-bindgen's glue (the
//    import object's keys, its module key, and `wasm.<export>`). About 3 KB gzipped. Then a check,
//    from binaryen's own reading of the module (`wasm-dis`): every import the module asks for is
//    one the glue provides, and every export the glue uses exists.
// 2. The JavaScript, with terser: wasm-bindgen's glue is mostly doc comments and long local names;
//    minified it downloads about 2.5 KB smaller gzipped. Trunk's own minifier can't parse that glue.
import { minify } from 'terser';
import { readFile, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('tools/minify.mjs runs as a Trunk hook, which sets TRUNK_STAGING_DIR');
const WASM = join(dir, 'rnn-playground_bg.wasm');
const GLUE = join(dir, 'rnn-playground.js');

// --- 1. short import and export names ---
const mappingText = execFileSync(
  'wasm-opt',
  ['--enable-simd', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
    '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
    '--minify-imports-and-exports-and-modules',
    // The `producers` and `target_features` custom sections: tool names and versions, and the
    // features listed above, which no browser reads (about 200 bytes gzipped).
    '--strip-producers', '--strip-target-features', WASM, '-o', WASM],
  { encoding: 'utf8', maxBuffer: 1 << 24 },
);
// binaryen prints the mapping as JSON with trailing commas.
const mapping = JSON.parse(mappingText.replace(/,(\s*[\]}])/g, '$1'));
// The module's imports and exports as binaryen reads them (node 20's WebAssembly can't parse
// every feature this module uses).
const text = execFileSync('wasm-dis', [WASM], { encoding: 'utf8', maxBuffer: 1 << 28 });
const imports = [...text.matchAll(/^\s*\(import "([^"]*)" "([^"]*)"/gm)].map((m) => ({ module: m[1], name: m[2] }));
const exportNames = [...text.matchAll(/^\s*\(export "([^"]*)"/gm)].map((m) => m[1]);
const modules = [...new Set(imports.map((i) => i.module))];
if (modules.length !== 1) throw new Error(`expected the wasm to import from one module, not ${modules}`);
let glue = await readFile(GLUE, 'utf8');
const oldModules = [...new Set(mapping.imports.map(([m]) => m))];
if (oldModules.length !== 1) throw new Error(`expected one import module in the mapping, not ${oldModules}`);
const moduleKey = JSON.stringify(oldModules[0]);
if (!glue.includes(`${moduleKey}:`)) throw new Error(`the glue has no import module ${moduleKey}`);
glue = glue.replace(`${moduleKey}:`, `${JSON.stringify(modules[0])}:`);
for (const [, from, to] of mapping.imports) {
  const key = new RegExp(`(^|[\\s{,])${from}(\\s*:)`, 'gm');
  const before = glue;
  glue = glue.replace(key, (_, lead, colon) => `${lead}${JSON.stringify(to)}${colon}`);
  if (glue === before) throw new Error(`the glue has no import ${from}`);
}
const exports = new Map(mapping.exports);
glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (whole, name) =>
  exports.has(name) ? `wasm[${JSON.stringify(exports.get(name))}]` : whole);
// Every import satisfied, every export used by the glue present.
const provided = new Set([...glue.matchAll(/"([^"]+)"\s*:\s*function/g)].map((m) => m[1]));
const missing = imports.filter((i) => !provided.has(i.name));
if (missing.length) throw new Error(`the glue does not provide ${missing.map((i) => i.name).join(', ')}`);
const exported = new Set(exportNames);
const used = [...glue.matchAll(/\bwasm\[("[^"]+")\]/g)].map((m) => JSON.parse(m[1]));
const unknown = used.filter((n) => !exported.has(n));
if (unknown.length) throw new Error(`the glue uses exports the wasm lacks: ${unknown.join(', ')}`);
const left = glue.match(/\bwasm\.[A-Za-z_$][\w$]*/g);
if (left) throw new Error(`the glue still uses exports by their long names: ${[...new Set(left)].join(', ')}`);
await writeFile(GLUE, glue);

// --- 2. terser ---
for (const name of ['rnn-playground.js', 'boot.js', 'arena-worker.js']) {
  const path = join(dir, name);
  const { code } = await minify(await readFile(path, 'utf8'), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    format: { comments: false },
  });
  await writeFile(path, code);
}
