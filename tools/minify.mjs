// Trunk's post_build hook (see Trunk.toml): shrinks the page's JavaScript with terser before it
// reaches dist/. wasm-bindgen's glue is mostly doc comments and long local names; minified it
// downloads about 4 KB smaller gzipped. Trunk's own minifier can't parse that glue.
import { minify } from 'terser';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('tools/minify.mjs runs as a Trunk hook, which sets TRUNK_STAGING_DIR');
for (const name of ['rnn-playground.js', 'boot.js']) {
  const path = join(dir, name);
  const { code } = await minify(await readFile(path, 'utf8'), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    format: { comments: false },
  });
  await writeFile(path, code);
}
