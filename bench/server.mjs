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
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.resolve(BENCH_DIR, '..');
const TF_DIR = path.join(BENCH_DIR, 'node_modules', '@tensorflow');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

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
  const server = http.createServer(async (req, res) => {
    const fail = (code) => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : `${code}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405);
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return fail(404);
    }
    if (pathname.includes('\0')) return fail(404);
    const file = resolveFile(table, pathname);
    if (!file) return fail(404);
    let body;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return fail(404);
      body = await fs.readFile(file);
    } catch {
      return fail(404);
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = server.address().port;
  const origin = `http://127.0.0.1:${actual}`;
  return {
    url: `${origin}/`,
    origin,
    port: actual,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
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
