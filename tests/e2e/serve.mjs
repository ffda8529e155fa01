// Tiny static file server for the end-to-end tests (no dependencies).
//
//   import { serve } from './serve.mjs';
//   const { url, close } = await serve('/path/to/dist');   // url = http://127.0.0.1:PORT/
//
// Manual use:  node tests/e2e/serve.mjs DIR [PORT]   (PORT 0 or omitted = ephemeral)
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function mimeFor(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function notFound(res, method) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(method === 'HEAD' ? undefined : 'Not found\n');
}

/**
 * Serve `dir` on 127.0.0.1.
 * @param {string} dir folder to serve
 * @param {number} [port=0] 0 picks an ephemeral port
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export function serve(dir, port = 0) {
  const root = path.resolve(dir);
  return serveFiles((pathname) => {
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.join(root, pathname);
    // Refuse anything that escapes the served folder.
    return file === root || file.startsWith(root + path.sep) ? file : null;
  }, port);
}

/**
 * Serve on 127.0.0.1 the files `fileFor(pathname)` names (null: 404). The benchmark's server
 * (bench/server.mjs) uses it with several folders.
 * @param {(pathname: string) => string | null} fileFor
 * @param {number} [port=0] 0 picks an ephemeral port
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export async function serveFiles(fileFor, port = 0) {
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      notFound(res, req.method);
      return;
    }
    const file = pathname.includes('\0') ? null : fileFor(pathname);
    if (!file) {
      notFound(res, req.method);
      return;
    }
    let body;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) {
        notFound(res, req.method);
        return;
      }
      body = await fs.readFile(file);
    } catch {
      notFound(res, req.method);
      return;
    }
    res.writeHead(200, {
      'content-type': mimeFor(file),
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  // Keep-alive sockets would otherwise hold close() open.
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

  const actualPort = server.address().port;
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// `node serve.mjs DIR [PORT]`
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node tests/e2e/serve.mjs DIR [PORT]');
    process.exit(2);
  }
  const port = Number(process.argv[3] ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`bad port: ${process.argv[3]}`);
    process.exit(2);
  }
  const { url, close } = await serve(dir, port);
  console.log(`serving ${path.resolve(dir)} at ${url}  (Ctrl-C to stop)`);
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
