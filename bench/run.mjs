// Speed benchmark: RNN Playground's wasm trainer vs TensorFlow.js (wasm and cpu backends),
// in one headless Chromium session, alternating between implementations.
//
//   cd bench && npm ci && cd ..
//   node bench/run.mjs [--build] [--reps 3] [--configs A,B,B-lstm,B-gru] [--json FILE]
//
//   --build      run `trunk build` (release, into dist/) first; otherwise the current dist/ is used
//   --reps N     repetitions of every (implementation, config) pair; medians are reported (default 3)
//   --configs L  comma-separated subset of A, B, B-lstm, B-gru (default all four)
//   --impls L    comma-separated subset of ours, tfjs-wasm, tfjs-cpu (default all three); with ours
//                alone, many quick reps (e.g. --impls ours --configs B,B-lstm,B-gru --reps 15) give
//                the cells' cost against SimpleRNN; the same-start check needs TF.js and is skipped
//   --json FILE  also write every measurement and the summary as JSON
//   --tfjs-yield-every never|auto|epoch|batch
//                passed to TF.js's model.fit (default never: pure compute; TF.js's own default is
//                auto, which pauses for a frame every ~125 ms)
//
// Env: CHROMIUM (default /usr/bin/chromium), DIST (default <repo>/dist).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { BENCH_DIR, REPO_DIR, serveBench } from './server.mjs';

const DIST = path.resolve(process.env.DIST ?? path.join(REPO_DIR, 'dist'));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TF_DIR = path.join(BENCH_DIR, 'node_modules', '@tensorflow');

const ALL_IMPLS = ['ours', 'tfjs-wasm', 'tfjs-cpu'];
let IMPLS = ALL_IMPLS;
const ALL_CONFIGS = {
  A: 'A notebook: 9 values, seqLen 3, nSteps 2, SimpleRNN 50 relu, 5 windows, batch 5',
  B: 'B sine: 400 values, seqLen 20, nSteps 5, SimpleRNN 64 relu, 376 windows, batch 32',
  'B-lstm': 'B-lstm: (B) with LSTM 64 relu',
  'B-gru': 'B-gru: (B) with GRU 64 relu (TF.js: reset_after=False)',
};
let CONFIGS = ALL_CONFIGS;
const USAGE =
  'usage: node bench/run.mjs [--build] [--reps N] [--configs A,B,B-lstm,B-gru] [--impls ours,tfjs-wasm,tfjs-cpu] [--json FILE] [--tfjs-yield-every never|auto|epoch|batch]';

// ---------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const opts = { build: false, reps: 3, json: null, yieldEvery: 'never', configs: Object.keys(ALL_CONFIGS), impls: ALL_IMPLS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--build') opts.build = true;
    else if (a === '--reps') opts.reps = Number(argv[++i]);
    else if (a.startsWith('--reps=')) opts.reps = Number(a.slice(7));
    else if (a === '--json') opts.json = argv[++i];
    else if (a === '--configs') opts.configs = argv[++i].split(',');
    else if (a.startsWith('--configs=')) opts.configs = a.slice(10).split(',');
    else if (a === '--impls') opts.impls = argv[++i].split(',');
    else if (a.startsWith('--impls=')) opts.impls = a.slice(8).split(',');
    else if (a === '--tfjs-yield-every') opts.yieldEvery = argv[++i];
    else if (a.startsWith('--tfjs-yield-every=')) opts.yieldEvery = a.slice(19);
    else if (a.startsWith('--json=')) opts.json = a.slice(7);
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument: ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (!['never', 'auto', 'epoch', 'batch'].includes(opts.yieldEvery)) {
    console.error('--tfjs-yield-every must be never, auto, epoch or batch');
    process.exit(2);
  }
  const unknown = opts.configs.filter((c) => !(c in ALL_CONFIGS));
  if (unknown.length || !opts.configs.length) {
    console.error(`--configs: unknown ${unknown.join(', ') || '(none given)'}; known: ${Object.keys(ALL_CONFIGS).join(', ')}`);
    process.exit(2);
  }
  const badImpl = opts.impls.filter((c) => !ALL_IMPLS.includes(c));
  if (badImpl.length || !opts.impls.length) {
    console.error(`--impls: unknown ${badImpl.join(', ') || '(none given)'}; known: ${ALL_IMPLS.join(', ')}`);
    process.exit(2);
  }
  if (!Number.isInteger(opts.reps) || opts.reps < 1) {
    console.error('--reps must be a positive integer');
    process.exit(2);
  }
  return opts;
}

// ---------------------------------------------------------------------------
// Helpers

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Linux: CPU time counters from /proc/stat ({idle, total} in ticks), or null elsewhere. */
function cpuTicks() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] || 0); // idle + iowait
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

function gzSize(file) {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(', ');

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

function fmtMs(x) {
  if (x < 0.1) return x.toFixed(4);
  if (x < 10) return x.toFixed(3);
  if (x < 100) return x.toFixed(2);
  return x.toFixed(1);
}

function fmtLoss(x) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toPrecision(5) : String(x);
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function readVersion(pkg) {
  return JSON.parse(fs.readFileSync(path.join(TF_DIR, pkg, 'package.json'), 'utf8')).version;
}

// ---------------------------------------------------------------------------
// dist/: a snapshot, and what the page loads

/**
 * What index.html loads: itself plus every .js/.wasm/.css file of `dir` named in it or (transitively)
 * in a file it loads — whatever the naming scheme (hashed or not, absolute or relative URLs).
 */
function pageFiles(dir) {
  const candidates = fs.readdirSync(dir).filter((f) => /\.(js|wasm|css)$/.test(f));
  const seen = new Set(['index.html']);
  const queue = ['index.html'];
  while (queue.length) {
    const f = queue.shift();
    if (f.endsWith('.wasm')) continue;
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const c of candidates) {
      if (seen.has(c)) continue;
      const re = new RegExp(`(^|[^\\w.-])${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`);
      if (re.test(text)) {
        seen.add(c);
        queue.push(c);
      }
    }
  }
  return [...seen].sort();
}

/**
 * Copies dist/ to a temporary folder, so that a build running meanwhile (another terminal) cannot
 * change the site under the benchmark. Retries while the copy looks half-written.
 */
async function snapshotDist() {
  for (let attempt = 1; ; attempt++) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-bench-dist-'));
    try {
      fs.cpSync(DIST, tmp, { recursive: true });
      const files = pageFiles(tmp);
      if (files.some((f) => f.endsWith('.wasm')) && files.some((f) => f.endsWith('.js'))) return { dir: tmp, files };
    } catch {
      // a file vanished while copying: try again
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    if (attempt >= 30) throw new Error(`${DIST} has no complete site (index.html loading a .js and a .wasm)`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// ---------------------------------------------------------------------------
// Transfer sizes (gzip level 9, each file on its own, summed)

function oursSizes(dir, files) {
  const parts = files.map((f) => {
    const p = path.join(dir, f);
    return { file: f, raw: fs.statSync(p).size, gz: gzSize(p) };
  });
  return { parts, gz: parts.reduce((s, p) => s + p.gz, 0), raw: parts.reduce((s, p) => s + p.raw, 0) };
}

function tfjsSizes() {
  const one = (pkg, f) => {
    const p = path.join(TF_DIR, pkg, 'dist', f);
    return { file: `${pkg}/dist/${f}`, raw: fs.statSync(p).size, gz: gzSize(p) };
  };
  const core = one('tfjs', 'tf.min.js');
  const wasmJs = one('tfjs-backend-wasm', 'tf-backend-wasm.min.js');
  const wasmBin = one('tfjs-backend-wasm', 'tfjs-backend-wasm-simd.wasm');
  return { core, wasmJs, wasmBin, withWasmGz: core.gz + wasmJs.gz + wasmBin.gz };
}

// ---------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  CONFIGS = Object.fromEntries(opts.configs.map((c) => [c, ALL_CONFIGS[c]]));
  IMPLS = ALL_IMPLS.filter((i) => opts.impls.includes(i));
  const withTfjs = IMPLS.some((i) => i !== 'ours');
  const started = Date.now();
  const loadBefore = loadavg();
  console.log(`load average (1, 5, 15 min) at start: ${loadBefore}`);

  for (const pkg of ['playwright-core', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm']) {
    if (!fs.existsSync(path.join(BENCH_DIR, 'node_modules', pkg, 'package.json'))) {
      console.error(`bench/node_modules/${pkg} is missing. Install the bench's dependencies first:\n\n  (cd ${BENCH_DIR} && npm ci)\n`);
      process.exit(2);
    }
  }

  if (opts.build) {
    console.log('== trunk build (release) …');
    const env = { ...process.env };
    env.PATH = [path.join(os.homedir(), '.cargo', 'bin'), path.join(REPO_DIR, 'tools', 'node_modules', '.bin'), env.PATH].join(
      path.delimiter,
    );
    const r = spawnSync('trunk', ['build'], { cwd: REPO_DIR, env, stdio: 'inherit' });
    if (r.error || r.status !== 0) {
      console.error(`trunk build failed (${r.error ?? `exit ${r.status}`})`);
      process.exit(1);
    }
  }
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    console.error(`no ${path.join(DIST, 'index.html')}: run with --build, or build the site first`);
    process.exit(2);
  }

  const snap = await snapshotDist();
  const wasmFile = snap.files.find((f) => f.endsWith('.wasm'));
  const wasmSha = crypto.createHash('sha256').update(fs.readFileSync(path.join(snap.dir, wasmFile))).digest('hex').slice(0, 12);
  const distTime = fs.statSync(path.join(DIST, 'index.html')).mtime.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const gitHead = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_DIR, encoding: 'utf8' }).stdout?.trim() || '?';
  const gitDirty = spawnSync(
    'git',
    ['status', '--porcelain', '--', 'src', 'www', 'index.html', 'Cargo.toml', 'Cargo.lock', 'Trunk.toml'],
    { cwd: REPO_DIR, encoding: 'utf8' },
  ).stdout?.trim();

  const { chromium } = await import('playwright-core');
  const site = await serveBench({ dist: snap.dir });
  const browser = await chromium.launch({
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

  const requests = [];
  const offOrigin = new Set();
  const consoleLines = [];
  try {
    const context = await browser.newContext();
    // Anything not from our own origin is refused (and reported); data:/blob: URLs are local.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(site.origin + '/')) return route.continue();
      offOrigin.add(url);
      return route.abort();
    });
    context.on('request', (req) => {
      const url = req.url();
      requests.push(url);
      if (!url.startsWith(site.origin + '/') && !/^(data|blob):/.test(url)) offOrigin.add(url);
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleLines.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
    // CPU time of the renderer's main thread (where ours, TF.js's wasm backend with one thread, and its
    // cpu backend all run), read just before and after each timed call: on a busy machine wall time
    // grows with the other work, CPU time much less.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const cpuMarks = {};
    await page.exposeFunction('__cpuMark', async (phase) => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      cpuMarks[phase] = metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
    });

    await page.goto(`${site.origin}/bench/`);
    await page.waitForFunction(() => document.documentElement.dataset.benchReady, null, { timeout: 60_000 });
    const info = await page.evaluate(() => window.benchInfo ?? { error: window.benchError });
    if (info.error) throw new Error(`bench page failed to start: ${info.error}`);

    // --- same start, same losses? (not timed) TF.js's initial weights copied into ours
    const same = [];
    for (const config of withTfjs ? Object.keys(CONFIGS) : []) {
      const epochs = config === 'A' ? 50 : 5;
      const c = await page.evaluate((a) => window.checkSame(a), { config, backend: 'wasm', epochs });
      // The same with TF.js's own Adam (ε added after the bias correction), for the record.
      if (!c.skipped) c.tfAdam = await page.evaluate((a) => window.checkSame(a), { config, backend: 'wasm', epochs, kerasAdam: false });
      // (B)'s sine scaled to [-1, 1] (sin(i/8)), 20 epochs: the raw values' LSTM has thousands of
      // gradients at float32 rounding level, where the two sides' steps differ; these have few.
      if (!c.skipped && config !== 'A') {
        const sequence = Array.from({ length: 400 }, (_, i) => Math.sin(i / 8));
        c.scaled = await page.evaluate((a) => window.checkSame(a), { config, backend: 'wasm', epochs: 20, sequence });
      }
      same.push(c);
      console.log(
        `  same start, ${config}: ` +
          (c.skipped
            ? `skipped (${c.skipped})`
            : `largest relative loss difference ${c.maxRel.toExponential(1)} (epoch 1 ${c.firstRel.toExponential(1)}); ` +
              `forecasts ${c.forwardRel.toExponential(1)}; first step ${c.stepDiff.toExponential(1)}·lr, ${c.noise} noise-level gradients; ` +
              `with TF.js's own Adam ${c.tfAdam.maxRel.toExponential(1)}` +
              (c.scaled ? `; scaled sine, 20 epochs: ${c.scaled.maxRel.toExponential(1)}` : '')),
      );
    }

    // --- measure: rep-major, configs alternate, and the implementations' order rotates each rep
    const results = [];
    const ticks0 = cpuTicks();
    console.log(`== measuring: ${opts.reps} reps × configs ${Object.keys(CONFIGS).join(', ')} × ${IMPLS.join(', ')}`);
    for (let rep = 0; rep < opts.reps; rep++) {
      for (const config of Object.keys(CONFIGS)) {
        const order = IMPLS.map((_, i) => IMPLS[(i + rep) % IMPLS.length]);
        for (const impl of order) {
          cpuMarks.start = cpuMarks.end = NaN;
          const r = await page.evaluate((a) => window.runBench(a), { impl, config, yieldEvery: opts.yieldEvery });
          r.cpuMsPerEpoch = ((cpuMarks.end - cpuMarks.start) * 1000) / r.epochs;
          r.rep = rep + 1;
          r.leaked = impl === 'ours' ? 0 : await page.evaluate(() => window.tfLeaked);
          results.push(r);
          console.log(
            `  rep ${rep + 1} ${config} ${impl.padEnd(9)} ${fmtMs(r.msPerEpoch).padStart(9)} ms/epoch, CPU ${fmtMs(r.cpuMsPerEpoch).padStart(9)}` +
              `  (${r.epochs} epochs after ${r.warmup} warm-up; loss ${fmtLoss(r.firstLoss)} → ${fmtLoss(r.lastLoss)})`,
          );
        }
      }
    }

    const ticks1 = cpuTicks();
    const loadAfter = loadavg();
    const busyCores =
      ticks0 && ticks1 && ticks1.total > ticks0.total
        ? (1 - (ticks1.idle - ticks0.idle) / (ticks1.total - ticks0.total)) * os.cpus().length
        : null;
    const version = browser.version();
    await context.close();

    // --- summary
    const med = {};
    for (const config of Object.keys(CONFIGS)) {
      med[config] = {};
      for (const impl of IMPLS) {
        const rs = results.filter((r) => r.config === config && r.impl === impl);
        med[config][impl] = {
          ms: median(rs.map((r) => r.msPerEpoch)),
          cpu: median(rs.map((r) => r.cpuMsPerEpoch)),
          cpuMin: Math.min(...rs.map((r) => r.cpuMsPerEpoch)),
          min: Math.min(...rs.map((r) => r.msPerEpoch)),
          max: Math.max(...rs.map((r) => r.msPerEpoch)),
          epochs: rs[0].epochs,
          warmup: rs[0].warmup,
          firstLoss: rs[rs.length - 1].firstLoss,
          lastLoss: rs[rs.length - 1].lastLoss,
          commonEpoch: rs[rs.length - 1].commonEpoch,
          commonLoss: rs[rs.length - 1].commonLoss,
          lossDown: rs.every((r) => r.lastLoss < r.firstLoss),
          params: rs[0].params,
          leaked: Math.max(...rs.map((r) => r.leaked)),
        };
      }
    }

    const ours = oursSizes(snap.dir, snap.files);
    const tfs = tfjsSizes();
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const nproc = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    const date = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    const tfjsVersion = readVersion('tfjs');
    const wasmVersion = readVersion('tfjs-backend-wasm');

    const out = [];
    out.push('');
    out.push(`RNN Playground vs TensorFlow.js — training speed, median ms per epoch of ${opts.reps} reps (lower is better)`);
    out.push(`Date:     ${date}`);
    out.push(`Machine:  ${cpu}, nproc ${nproc}, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`);
    out.push(`Site:     dist/ built ${distTime} (git HEAD ${gitHead}${gitDirty ? ', with uncommitted changes to the sources' : ''}), ${wasmFile} sha256 ${wasmSha}…`);
    out.push(
      `Browser:  Chromium ${version} (headless)   TF.js ${tfjsVersion} (in page: ${info.tfjs}), ` +
        `tfjs-backend-wasm ${wasmVersion} (SIMD ${info.wasmSimd ? 'yes' : 'no'}, threads ${info.wasmThreadsCount}` +
        `${info.wasmThreads ? '' : ', no SharedArrayBuffer'})`,
    );
    out.push(
      `TF.js:    model.fit(..., {shuffle: false, yieldEvery: '${opts.yieldEvery}'}), Adam(0.001, 0.9, 0.999, 1e-7); ` +
        'ours: Trainer.trainEpochs(n), single-threaded wasm',
    );
    if (CONFIGS['B-lstm'] || CONFIGS['B-gru']) {
      out.push(
        "          TF.js's lstm/gru with recurrentActivation 'sigmoid', kernelInitializer 'glorotUniform' (Keras 3's; TF.js defaults to hardSigmoid, glorotNormal);",
      );
      out.push(`          TF.js's gru with resetAfter true (Keras 3's GRU): ${info.gruResetAfter}`);
    }
    out.push(`Load:     load average (1, 5, 15 min) ${loadBefore} at start, ${loadAfter} after measuring`);
    out.push('');
    const rows = [['config', 'ours', 'TF.js wasm', 'TF.js cpu', 'wasm / ours', 'cpu / ours']];
    for (const config of Object.keys(CONFIGS)) {
      const m = med[config];
      const ms = (impl) => (m[impl] ? fmtMs(m[impl].ms) : '–');
      const ratio = (impl) => (m[impl] && m.ours ? `${(m[impl].ms / m.ours.ms).toFixed(1)}×` : '–');
      rows.push([CONFIGS[config], ms('ours'), ms('tfjs-wasm'), ms('tfjs-cpu'), ratio('tfjs-wasm'), ratio('tfjs-cpu')]);
    }
    out.push(table(rows));
    out.push('');
    out.push("CPU time of the page's main thread (Chrome's ThreadTime over the DevTools protocol), median ms per epoch:");
    const rowsCpu = [['config', 'ours', 'TF.js wasm', 'TF.js cpu', 'wasm / ours', 'cpu / ours']];
    for (const config of Object.keys(CONFIGS)) {
      const m = med[config];
      const ms = (impl) => (m[impl] ? fmtMs(m[impl].cpu) : '–');
      const ratio = (impl) => (m[impl] && m.ours ? `${(m[impl].cpu / m.ours.cpu).toFixed(1)}×` : '–');
      rowsCpu.push([CONFIGS[config], ms('ours'), ms('tfjs-wasm'), ms('tfjs-cpu'), ratio('tfjs-wasm'), ratio('tfjs-cpu')]);
    }
    out.push(table(rowsCpu));
    // Ours: what a gated cell costs against SimpleRNN on (B), measured in the same reps.
    if (CONFIGS.B && (CONFIGS['B-lstm'] || CONFIGS['B-gru']) && IMPLS.includes('ours')) {
      out.push('');
      out.push('Ours, (B) with each cell against SimpleRNN (B), median ms/epoch and the median of the per-rep ratios (wall, then CPU time):');
      const perRep = (cfg) => results.filter((r) => r.impl === 'ours' && r.config === cfg).sort((a, b) => a.rep - b.rep);
      const base = perRep('B');
      for (const cfg of ['B-lstm', 'B-gru']) {
        if (!CONFIGS[cfg]) continue;
        const rs = perRep(cfg);
        const ratios = rs.map((r, k) => r.msPerEpoch / base[k].msPerEpoch);
        const cpuRatios = rs.map((r, k) => r.cpuMsPerEpoch / base[k].cpuMsPerEpoch);
        out.push(
          `  ${cfg.slice(2).toUpperCase().padEnd(4)} ${fmtMs(med[cfg].ours.ms)} ms vs SimpleRNN ${fmtMs(med.B.ours.ms)} ms: ` +
            `${median(ratios).toFixed(2)}×; fastest vs fastest ${fmtMs(med[cfg].ours.min)} / ${fmtMs(med.B.ours.min)} ms = ` +
            `${(med[cfg].ours.min / med.B.ours.min).toFixed(2)}×` +
            (ratios.length <= 5 ? ` (per rep: ${ratios.map((x) => x.toFixed(2)).join(', ')})` : ` (per rep ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`),
        );
        out.push(
          `       CPU time: ${fmtMs(med[cfg].ours.cpu)} ms vs ${fmtMs(med.B.ours.cpu)} ms: ${median(cpuRatios).toFixed(2)}× ` +
            `(per rep ${Math.min(...cpuRatios).toFixed(2)}–${Math.max(...cpuRatios).toFixed(2)})`,
        );
      }
    }
    out.push('');
    out.push(
      'Spread (min–max ms/epoch over reps); epochs timed (after warm-up); loss (MSE, raw values) at epoch 1, at the\n' +
        "epoch where TF.js stops (its warm-up + timed epochs), and at ours' last epoch; from the last rep:",
    );
    const rows2 = [['', 'impl', 'min–max', 'timed (warm-up)', 'params', 'loss ep. 1', 'loss ep. N', 'N', 'last loss', 'falls']];
    for (const config of Object.keys(CONFIGS)) {
      for (const impl of IMPLS) {
        const m = med[config][impl];
        rows2.push([
          config,
          impl,
          `${fmtMs(m.min)}–${fmtMs(m.max)}`,
          `${m.epochs} (${m.warmup})`,
          m.params,
          fmtLoss(m.firstLoss),
          fmtLoss(m.commonLoss),
          m.commonEpoch,
          fmtLoss(m.lastLoss),
          m.lossDown ? 'yes' : 'NO',
        ]);
      }
    }
    out.push(table(rows2));
    out.push('');
    if (same.length) {
      out.push(
        "Same start (TF.js wasm model's initial weights copied into ours with setWeights; TF.js trained with Adam in Keras's\n" +
          "form, ε outside the bias correction, as ours), loss at epoch 1 and N:",
      );
      for (const c of same) {
        if (c.skipped) {
          out.push(`  ${c.config}: not compared: ${c.skipped}`);
          continue;
        }
        out.push(
          `  ${c.config}: ours ${fmtLoss(c.ours[0])} → ${fmtLoss(c.ours[1])}, TF.js ${fmtLoss(c.tfjs[0])} → ${fmtLoss(c.tfjs[1])}` +
            ` (N = ${c.epochs}); largest relative difference over the epochs ${c.maxRel.toExponential(1)}` +
            ` (epoch 1: ${c.firstRel.toExponential(1)})`,
        );
        out.push(
          `     forecasts from those weights agree to ${c.forwardRel.toExponential(1)} (of the largest); one Adam step on all windows: ` +
            `steps agree to ${c.stepDiff.toExponential(1)}·lr where |g| ≥ 1e-7·max|g|` +
            (c.noise ? ` (${c.noise} of ${c.weights} weights have 0 < |g| < 1e-7·max|g|: float32 rounding, Adam steps up to ±lr)` : ''),
        );
        out.push(
          `     with TF.js's own tf.train.adam (ε after the bias correction): largest relative difference ${c.tfAdam.maxRel.toExponential(1)}` +
            ` (epoch 1: ${c.tfAdam.firstRel.toExponential(1)})`,
        );
        if (c.scaled) {
          out.push(
            `     on the sine scaled to [-1, 1], 20 epochs: ours ${fmtLoss(c.scaled.ours[0])} → ${fmtLoss(c.scaled.ours[1])}, ` +
              `TF.js ${fmtLoss(c.scaled.tfjs[0])} → ${fmtLoss(c.scaled.tfjs[1])}; largest relative difference ${c.scaled.maxRel.toExponential(1)}` +
              ` (${c.scaled.noise} noise-level gradients)`,
          );
        }
      }
      out.push('');
    }
    out.push('Download size, gzip -9 (each file compressed on its own, summed):');
    out.push(
      `  ours (what dist/index.html loads: ${ours.parts.map((p) => p.file.replace(/-[0-9a-f]{16}/, '-<hash>')).join(', ')}): ` +
        `${kb(ours.gz)}  (raw ${kb(ours.raw)})`,
    );
    out.push(`  TF.js tf.min.js:                                   ${kb(tfs.core.gz)}  (raw ${kb(tfs.core.raw)})`);
    out.push(
      `  TF.js tf.min.js + tf-backend-wasm.min.js + tfjs-backend-wasm-simd.wasm: ${kb(tfs.withWasmGz)}` +
        `  (${kb(tfs.core.gz)} + ${kb(tfs.wasmJs.gz)} + ${kb(tfs.wasmBin.gz)})`,
    );
    out.push(
      `  ratio: tf.min.js / ours ${(tfs.core.gz / ours.gz).toFixed(1)}×, with the wasm backend ${(tfs.withWasmGz / ours.gz).toFixed(1)}×`,
    );
    out.push('');
    const tfWasmFetched = [...new Set(requests.filter((u) => /\/tfjs-wasm\/.*\.wasm$/.test(u)).map((u) => u.replace(site.origin, '')))];
    out.push(
      `Requests: ${requests.length}, all from ${site.origin}: ${offOrigin.size === 0 ? 'yes' : `NO — ${[...offOrigin].join(', ')}`};` +
        ` TF.js wasm binary fetched: ${tfWasmFetched.join(', ') || 'none'}`,
    );
    const leaks = Object.values(med).flatMap((m) => Object.values(m).map((x) => x.leaked));
    if (Math.max(...leaks) > 0) {
      const where = Object.entries(med)
        .filter(([, m]) => Object.values(m).some((x) => x.leaked > 0))
        .map(([c, m]) => `${c} ${Math.max(...Object.values(m).map((x) => x.leaked))}`);
      out.push(
        `Warning: TF.js tensors leaked per run: ${where.join(', ')}` +
          (CONFIGS['B-lstm'] ? " (TF.js's LSTM with unitForgetBias leaks 4 per model built: its bias initializer's pieces)" : ''),
      );
    }
    if (consoleLines.length) {
      const uniq = [...new Set(consoleLines)];
      out.push(`Page console warnings/errors (${consoleLines.length}, ${uniq.length} distinct):`);
      for (const l of uniq.slice(0, 10)) out.push(`  ${l.length > 200 ? l.slice(0, 200) + '…' : l}`);
    }
    if (busyCores !== null) {
      out.push(
        `CPU busy while measuring: ${busyCores.toFixed(2)} of ${os.cpus().length} cores on average ` +
          '(the benchmark alone: about 1.3, its renderer running a little over one core; more means other work)',
      );
    }
    if (busyCores !== null && busyCores > 1.6) {
      out.push('Warning: the machine was busy with other work: figures may be noisy; rerun on an idle machine');
    }
    out.push(`Total time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(out.join('\n'));

    if (opts.json) {
      fs.writeFileSync(
        opts.json,
        JSON.stringify(
          { date, machine: { cpu, nproc }, loadavg: { before: loadBefore, after: loadAfter }, chromium: version, tfjs: tfjsVersion, info, busyCores, same, results, medians: med, sizes: { ours, tfjs: tfs }, requests, offOrigin: [...offOrigin] },
          null,
          2,
        ),
      );
    }
    if (offOrigin.size) process.exitCode = 1;
  } finally {
    await browser.close();
    await site.close();
    fs.rmSync(snap.dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
