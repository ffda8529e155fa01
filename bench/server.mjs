// One-origin static server for the benchmark (no dependencies).
//
//   /bench/...      → bench/ (index.html, bench.js; never bench/node_modules)
//   /tfjs/...       → bench/node_modules/@tensorflow/tfjs/dist/
//   /tfjs-wasm/...  → bench/node_modules/@tensorflow/tfjs-backend-wasm/dist/
//   anything else   → the built site (dist/, or the folder given)
//
// Everything the bench page loads (our page in an iframe, TF.js, TF.js's .wasm files) comes from
// this one origin; nothing is fetched from anywhere else.
//
//   import { serveBench } from './server.mjs';
//   const { url, close } = await serveBench({ dist: '/work/main/dist' });  // url = http://127.0.0.1:PORT/
//
// Manual use: node bench/server.mjs [DIST] [PORT]   then open http://127.0.0.1:PORT/bench/
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serveFiles } from '../tests/e2e/serve.mjs';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.resolve(BENCH_DIR, '..');
const TF_DIR = path.join(BENCH_DIR, 'node_modules', '@tensorflow');

/** URL prefix → folder, first match wins (the last one, '/', catches the rest). */
function routes(dist) {
  return [
    ['/bench/', BENCH_DIR],
    ['/tfjs/', path.join(TF_DIR, 'tfjs', 'dist')],
    ['/tfjs-wasm/', path.join(TF_DIR, 'tfjs-backend-wasm', 'dist')],
    ['/', path.resolve(dist)],
  ];
}

function resolveFile(table, pathname) {
  if (pathname === '/bench') pathname = '/bench/';
  if (pathname.endsWith('/')) pathname += 'index.html';
  for (const [prefix, root] of table) {
    if (!pathname.startsWith(prefix)) continue;
    const rest = pathname.slice(prefix.length);
    const file = path.join(root, rest);
    if (file !== root && !file.startsWith(root + path.sep)) return null; // escapes the folder
    if (root === BENCH_DIR && rest.split('/').includes('node_modules')) return null;
    return file;
  }
  return null;
}

/**
 * @param {{dist?: string, port?: number}} [opts]
 * @returns {Promise<{url: string, origin: string, port: number, close: () => Promise<void>}>}
 */
export async function serveBench({ dist = path.join(REPO_DIR, 'dist'), port = 0 } = {}) {
  const table = routes(dist);
  const served = await serveFiles((pathname) => resolveFile(table, pathname), port);
  return { ...served, origin: `http://127.0.0.1:${served.port}` };
}

// `node bench/server.mjs [DIST] [PORT]`
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dist = process.argv[2] ?? path.join(REPO_DIR, 'dist');
  const port = Number(process.argv[3] ?? 0);
  const { origin, close } = await serveBench({ dist, port });
  console.log(`serving ${path.resolve(dist)} + the bench at ${origin}/bench/  (Ctrl-C to stop)`);
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
