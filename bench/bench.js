// In-page benchmark: RNN Playground's wasm Trainer vs TensorFlow.js (wasm and cpu backends).
//
//   await window.benchReadyPromise;                         // TF.js loaded, our page ready in the iframe
//   await window.runBench({ impl: 'ours', config: 'A' })     // → { msPerEpoch, epochs, warmup, firstLoss, lastLoss, ... }
//
// impl: 'ours' | 'tfjs-wasm' | 'tfjs-cpu'; config: 'A' (the notebook) | 'B' (a 400-point sine).
// Optional `epochs` / `warmup` override the defaults below; `yieldEvery` is passed to TF.js's
// model.fit (default 'never'). Each call builds a fresh model, warms
// it up, then times one call that trains `epochs` epochs, with performance.now().
/* global tf */

// ---------------------------------------------------------------------------
// The two configurations

function sineSequence(n) {
  const s = [];
  for (let i = 0; i < n; i++) s.push(50 + 40 * Math.sin(i / 8));
  return s;
}

export const CONFIGS = {
  // The Keras notebook: 9 values, 5 windows, one batch of all 5.
  A: {
    name: 'notebook',
    sequence: [10, 20, 30, 40, 50, 60, 70, 80, 90],
    seqLen: 3,
    nSteps: 2,
    units: 50,
    oursBatch: 32, // Keras/ours clamp to the 5 windows: one batch of 5
    tfBatch: 5,
    ours: { warmup: 50, epochs: 2000 },
    tfjs: { warmup: 20, epochs: 100 },
  },
  // 400 points of 50 + 40·sin(i/8): 376 windows, 12 batches (11 × 32 + 24).
  B: {
    name: 'sine400',
    sequence: sineSequence(400),
    seqLen: 20,
    nSteps: 5,
    units: 64,
    oursBatch: 32,
    tfBatch: 32,
    ours: { warmup: 2, epochs: 20 },
    tfjs: { warmup: 1, epochs: 5 },
  },
};

/** The notebook's split_sequence: windows of seqLen inputs and the next nSteps targets. */
export function splitSequence(seq, seqLen, nSteps) {
  const X = [];
  const Y = [];
  for (let i = 0; i + seqLen + nSteps <= seq.length; i++) {
    X.push(seq.slice(i, i + seqLen));
    Y.push(seq.slice(i + seqLen, i + seqLen + nSteps));
  }
  return { X, Y, m: X.length };
}

// ---------------------------------------------------------------------------
// Ours: the Trainer exported by the real page (dist/), loaded in the iframe

let oursBindings = null;

function waitForOurs() {
  const frame = document.getElementById('ours');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const poll = () => {
      try {
        const w = frame.contentWindow;
        // (While the iframe navigates, its document may have no root element yet.)
        if (w?.document?.documentElement?.dataset.ready === '1' && w.wasmBindings?.Trainer) {
          resolve(w.wasmBindings);
          return;
        }
      } catch (e) {
        reject(e);
        return;
      }
      if (performance.now() - started > 30000) {
        reject(new Error('our page did not become ready in 30 s'));
        return;
      }
      setTimeout(poll, 20);
    };
    poll();
  });
}

/** Our Trainer for `cfg`, set up as the TF.js model is: relu, Adam 0.001, no shuffling. */
function newOurs(cfg) {
  return new oursBindings.Trainer({
    sequence: cfg.sequence,
    seqLen: cfg.seqLen,
    nSteps: cfg.nSteps,
    units: cfg.units,
    activation: 'relu',
    learningRate: 0.001,
    batchSize: cfg.oursBatch,
    shuffle: false,
    seed: 42,
    scale: 'none',
  });
}

function runOurs(cfg, warmup, epochs, commonEpoch) {
  const t = newOurs(cfg);
  try {
    if (warmup > 0) t.trainEpochs(warmup);
    const t0 = performance.now();
    const lastLoss = t.trainEpochs(epochs);
    const ms = performance.now() - t0;
    const hist = t.lossHistory();
    return {
      msPerEpoch: ms / epochs,
      totalMs: ms,
      firstLoss: hist[0],
      lastLoss,
      // The loss after as many epochs as TF.js trains (warm-up + timed), to compare like with like.
      commonEpoch,
      commonLoss: hist.length >= commonEpoch ? hist[commonEpoch - 1] : NaN,
      params: t.summary().total,
    };
  } finally {
    t.free();
  }
}

// ---------------------------------------------------------------------------
// TF.js: tf.sequential([simpleRNN, dense]), Adam(0.001, 0.9, 0.999, 1e-7), MSE, model.fit

async function runTfjs(backend, cfg, warmup, epochs, yieldEvery) {
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tf.setBackend('${backend}') failed`);
  }
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`backend is ${tf.getBackend()}, wanted ${backend}`);

  const { X, Y, m } = splitSequence(cfg.sequence, cfg.seqLen, cfg.nSteps);
  const before = tf.memory().numTensors;
  const xs = tf.tensor3d(X.map((w) => w.map((v) => [v])), [m, cfg.seqLen, 1]);
  const ys = tf.tensor2d(Y, [m, cfg.nSteps]);
  const model = tf.sequential();
  model.add(tf.layers.simpleRNN({ units: cfg.units, activation: 'relu', inputShape: [cfg.seqLen, 1] }));
  model.add(tf.layers.dense({ units: cfg.nSteps }));
  // Keras's epsilon (1e-7) given explicitly: TF.js's default follows the backend's epsilon.
  const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  // yieldEvery 'never' (the runner's default): no pauses for the event loop inside fit, i.e. TF.js's
  // compute time only. TF.js's own default, 'auto', gives the main thread a frame every ~125 ms.
  const fitArgs = (n) => ({ epochs: n, batchSize: cfg.tfBatch, shuffle: false, verbose: 0, yieldEvery });
  try {
    let firstLoss = NaN;
    if (warmup > 0) {
      const h = await model.fit(xs, ys, fitArgs(warmup));
      firstLoss = h.history.loss[0];
    }
    const t0 = performance.now();
    const h = await model.fit(xs, ys, fitArgs(epochs));
    const ms = performance.now() - t0;
    const losses = h.history.loss;
    if (!(warmup > 0)) firstLoss = losses[0];
    return {
      msPerEpoch: ms / epochs,
      totalMs: ms,
      firstLoss,
      lastLoss: losses[losses.length - 1],
      commonEpoch: warmup + epochs,
      commonLoss: losses[losses.length - 1],
      params: model.countParams(),
    };
  } finally {
    model.dispose();
    optimizer.dispose();
    xs.dispose();
    ys.dispose();
    // Leaked tensors would mean growing memory across reps: report them.
    window.tfLeaked = tf.memory().numTensors - before;
  }
}

// ---------------------------------------------------------------------------
// Same start, same result? TF.js's initial weights into ours (setWeights), then both train.

/**
 * Builds the TF.js model, copies its initial weights into ours (Keras's get_weights() layout), trains
 * both `epochs` epochs with the config's settings, and compares the per-epoch losses. Not timed.
 */
export async function checkSame({ config, backend = 'wasm', epochs = 20 } = {}) {
  await window.benchReadyPromise;
  const cfg = CONFIGS[config];
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
  await tf.ready();
  const { X, Y, m } = splitSequence(cfg.sequence, cfg.seqLen, cfg.nSteps);
  const xs = tf.tensor3d(X.map((w) => w.map((v) => [v])), [m, cfg.seqLen, 1]);
  const ys = tf.tensor2d(Y, [m, cfg.nSteps]);
  const model = tf.sequential();
  model.add(tf.layers.simpleRNN({ units: cfg.units, activation: 'relu', inputShape: [cfg.seqLen, 1] }));
  model.add(tf.layers.dense({ units: cfg.nSteps }));
  const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const initial = model.getWeights().map((w) => w.arraySync());
  const t = newOurs(cfg);
  try {
    t.setWeights(initial);
    t.trainEpochs(epochs);
    const ours = Array.from(t.lossHistory());
    const h = await model.fit(xs, ys, { epochs, batchSize: cfg.tfBatch, shuffle: false, verbose: 0, yieldEvery: 'never' });
    const theirs = h.history.loss;
    let maxRel = 0;
    for (let i = 0; i < epochs; i++) maxRel = Math.max(maxRel, Math.abs(ours[i] - theirs[i]) / Math.abs(theirs[i]));
    return { config, backend, epochs, ours: [ours[0], ours[epochs - 1]], tfjs: [theirs[0], theirs[epochs - 1]], maxRel };
  } finally {
    t.free();
    model.dispose();
    optimizer.dispose();
    xs.dispose();
    ys.dispose();
  }
}

// ---------------------------------------------------------------------------
// The entry point the runner calls

export async function runBench({ impl, config, epochs, warmup, yieldEvery = 'never' } = {}) {
  await window.benchReadyPromise;
  const cfg = CONFIGS[config];
  if (!cfg) throw new Error(`unknown config ${config}`);
  const side = impl === 'ours' ? cfg.ours : cfg.tfjs;
  const w = warmup ?? side.warmup;
  const n = epochs ?? side.epochs;
  let r;
  if (impl === 'ours') r = runOurs(cfg, w, n, cfg.tfjs.warmup + cfg.tfjs.epochs);
  else if (impl === 'tfjs-wasm') r = await runTfjs('wasm', cfg, w, n, yieldEvery);
  else if (impl === 'tfjs-cpu') r = await runTfjs('cpu', cfg, w, n, yieldEvery);
  else throw new Error(`unknown impl ${impl}`);
  const out = { impl, config, warmup: w, epochs: n, ...r };
  log(`${impl} ${config}: ${out.msPerEpoch.toFixed(4)} ms/epoch, loss ${out.firstLoss} → ${out.lastLoss}`);
  return out;
}

function log(line) {
  document.getElementById('log').textContent += line + '\n';
}

async function init() {
  if (typeof tf === 'undefined' || !tf.wasm) throw new Error('TF.js did not load (run `npm ci` in bench/)');
  // The wasm backend's .wasm files from our origin (bench/node_modules/.../tfjs-backend-wasm/dist/).
  tf.wasm.setWasmPaths('/tfjs-wasm/');
  oursBindings = await waitForOurs();
  // Initialise both backends once, so the first timed call does not pay for it.
  for (const b of ['wasm', 'cpu']) {
    if (!(await tf.setBackend(b))) throw new Error(`tf.setBackend('${b}') failed`);
    await tf.ready();
  }
  const info = {
    tfjs: tf.version.tfjs,
    tfjsBackendWasm: tf.wasm.version_wasm,
    wasmSimd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    wasmThreads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    wasmThreadsCount: tf.wasm.getThreadsCount(),
    crossOriginIsolated: self.crossOriginIsolated === true,
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
  document.getElementById('state').textContent = `Ready: TF.js ${info.tfjs}, wasm backend ${info.tfjsBackendWasm}`;
  return info;
}

window.runBench = runBench;
window.checkSame = checkSame;
window.benchReadyPromise = init();
window.benchReadyPromise.then(
  (info) => {
    window.benchInfo = info;
    document.documentElement.dataset.benchReady = '1';
  },
  (e) => {
    window.benchError = String(e && e.stack ? e.stack : e);
    document.getElementById('state').textContent = `Failed: ${e}`;
    document.documentElement.dataset.benchReady = 'error';
  },
);
