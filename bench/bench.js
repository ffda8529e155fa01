// In-page benchmark: RNN Playground's wasm Trainer vs TensorFlow.js (wasm and cpu backends).
//
//   await window.benchReadyPromise;                         // TF.js loaded, our page ready in the iframe
//   await window.runBench({ impl: 'ours', config: 'A' })     // → { msPerEpoch, epochs, warmup, firstLoss, lastLoss, ... }
//
// impl: 'ours' | 'tfjs-wasm' | 'tfjs-cpu'; config: 'A' (the notebook) | 'B' (a 400-point sine,
// SimpleRNN) | 'B-lstm' | 'B-gru' (the same data and sizes with an LSTM or a GRU layer).
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
// (B) with the other two cells: LSTM(64, relu) and GRU(64, relu) → Dense(5). An LSTM epoch is ~4×
// a SimpleRNN's work, so ours trains them in calls of `oursChunk` epochs (trainEpochs refuses more
// than ~4e9 multiply-adds per call); the timed span covers all the calls.
for (const cell of ['lstm', 'gru']) {
  CONFIGS[`B-${cell}`] = { ...CONFIGS.B, name: `sine400-${cell}`, cell, oursChunk: 5 };
}
CONFIGS.A.cell = 'simple_rnn';
CONFIGS.B.cell = 'simple_rnn';

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
    cell: cfg.cell,
    units: cfg.units,
    activation: 'relu',
    learningRate: 0.001,
    batchSize: cfg.oursBatch,
    shuffle: false,
    seed: 42,
    scale: 'none',
  });
}

/** Trains `n` epochs in calls of at most `chunk` epochs (one call when chunk is unset); the last loss. */
function trainOurs(t, n, chunk) {
  let last = NaN;
  for (let done = 0; done < n; ) {
    const k = Math.min(n - done, chunk || n);
    last = t.trainEpochs(k);
    done += k;
  }
  return last;
}

/**
 * Around the timed call: the runner (run.mjs) exposes `__cpuMark`, which reads the renderer main
 * thread's CPU time (Chrome's ThreadTime) over the DevTools protocol; by hand it is absent.
 */
async function cpuMark(phase) {
  if (typeof window.__cpuMark === 'function') await window.__cpuMark(phase);
}

async function runOurs(cfg, warmup, epochs, commonEpoch) {
  const t = newOurs(cfg);
  try {
    if (warmup > 0) trainOurs(t, warmup, cfg.oursChunk);
    await cpuMark('start');
    const t0 = performance.now();
    const lastLoss = trainOurs(t, epochs, cfg.oursChunk);
    const ms = performance.now() - t0;
    await cpuMark('end');
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
// TF.js: tf.sequential([simpleRNN | lstm | gru, dense]), Adam(0.001, 0.9, 0.999, 1e-7), MSE, model.fit

/**
 * The recurrent layer as Keras 3 builds it, as far as TF.js can: TF.js's LSTM and GRU default to
 * hardSigmoid gates and a glorotNormal kernel (Keras: sigmoid, glorot_uniform), so both are given.
 * TF.js's GRU is Keras's reset_after=False variant only (its GRUCell throws for resetAfter: true):
 * the reset gate multiplies h before the recurrent product, and there is one bias row (3u), not two.
 */
function tfRecurrentLayer(cfg) {
  const common = { units: cfg.units, activation: 'relu', inputShape: [cfg.seqLen, 1] };
  const gated = { ...common, recurrentActivation: 'sigmoid', kernelInitializer: 'glorotUniform' };
  if (cfg.cell === 'lstm') return tf.layers.lstm({ ...gated, unitForgetBias: true });
  if (cfg.cell === 'gru') return tf.layers.gru({ ...gated, resetAfter: false });
  return tf.layers.simpleRNN(common);
}

function tfModel(cfg) {
  const model = tf.sequential();
  model.add(tfRecurrentLayer(cfg));
  model.add(tf.layers.dense({ units: cfg.nSteps }));
  return model;
}

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
  const model = tfModel(cfg);
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
    await cpuMark('start');
    const t0 = performance.now();
    const h = await model.fit(xs, ys, fitArgs(epochs));
    const ms = performance.now() - t0;
    await cpuMark('end');
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
 * Adam as Keras writes it (and ours): α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ), w −= α·m/(√v + ε), ε outside the
 * bias correction. TF.js's tf.train.adam adds ε to the bias-corrected √v̂ instead, i.e. it uses
 * ε·√(1 − β₂ᵗ) in Keras's terms (3.2e-9 instead of 1e-7 at step 1): the same for large gradients, but a
 * weight whose gradient is ~1e-6 steps a full lr with TF.js's and a fraction of it with Keras's.
 * The SimpleRNN hardly has such weights; the LSTM on (B)'s raw values has thousands, and with TF.js's
 * own Adam the two curves part after an epoch. So checkSame trains TF.js with this one. Not timed.
 */
class KerasAdam extends tf.Optimizer {
  constructor(learningRate, beta1, beta2, epsilon) {
    super();
    Object.assign(this, { learningRate, beta1, beta2, epsilon, t: 0, slots: new Map() });
  }
  static get className() {
    return 'KerasAdam';
  }
  applyGradients(variableGradients) {
    this.t += 1;
    const { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, t } = this;
    const alpha = Math.fround((lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t));
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    tf.tidy(() => {
      for (const { name, tensor: g } of list) {
        if (g == null) continue;
        const w = tf.engine().registeredVariables[name];
        if (!this.slots.has(name)) {
          this.slots.set(name, { m: tf.variable(tf.zerosLike(w), false), v: tf.variable(tf.zerosLike(w), false) });
        }
        const { m, v } = this.slots.get(name);
        m.assign(m.add(g.sub(m).mul(1 - b1)));
        v.assign(v.add(g.square().sub(v).mul(1 - b2)));
        w.assign(w.sub(m.mul(alpha).div(v.sqrt().add(eps))));
      }
    });
    this.incrementIterations();
  }
  getConfig() {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
  dispose() {
    for (const { m, v } of this.slots.values()) tf.dispose([m, v]);
    this.slots.clear();
  }
}

/**
 * Builds the TF.js model, copies its initial weights into ours (Keras's get_weights() layout), trains
 * both `epochs` epochs with the config's settings, and compares the per-epoch losses. Not timed.
 *
 * TF.js trains with KerasAdam (Keras's ε placement, as ours) unless `kerasAdam: false`.
 *
 * Also, from the same weights: the forecasts of a few windows (the forward pass), and one Adam step on
 * all windows as one batch (the gradients: Adam's first step is about lr·sign(g) per weight, smaller
 * near ε, so it shows each gradient's sign). Weights whose gradient is at float32 rounding level
 * (|g| < 1e-7 of its tensor's largest) are counted, not compared: Adam turns even those into steps of
 * up to ±lr, and there the two sides' rounding differs.
 */
export async function checkSame({ config, backend = 'wasm', epochs = 20, kerasAdam = true, sequence } = {}) {
  await window.benchReadyPromise;
  // `sequence` replaces the config's data (e.g. the sine scaled to [-1, 1]).
  const cfg = sequence ? { ...CONFIGS[config], sequence } : CONFIGS[config];
  if (cfg.cell === 'gru') {
    // Ours is Keras 3's GRU (reset_after=True: bias (2, 3u), r applied after the recurrent product);
    // TF.js 4.22 has only reset_after=False (bias (3u)): different layouts and different math.
    return { config, backend, epochs, skipped: "TF.js's GRU is reset_after=False only (bias (3u)); ours is Keras 3's reset_after=True (bias (2, 3u)): different layout and math" };
  }
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
  await tf.ready();
  const { X, Y, m } = splitSequence(cfg.sequence, cfg.seqLen, cfg.nSteps);
  const xs = tf.tensor3d(X.map((w) => w.map((v) => [v])), [m, cfg.seqLen, 1]);
  const ys = tf.tensor2d(Y, [m, cfg.nSteps]);
  const model = tfModel(cfg);
  const optimizer = kerasAdam ? new KerasAdam(0.001, 0.9, 0.999, 1e-7) : tf.train.adam(0.001, 0.9, 0.999, 1e-7);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const initial = model.getWeights().map((w) => w.arraySync());
  const t = newOurs(cfg);
  try {
    t.setWeights(initial);
    trainOurs(t, epochs, cfg.oursChunk);
    const ours = Array.from(t.lossHistory());
    const h = await model.fit(xs, ys, { epochs, batchSize: cfg.tfBatch, shuffle: false, verbose: 0, yieldEvery: 'never' });
    const theirs = h.history.loss;
    const rel = ours.slice(0, epochs).map((v, i) => Math.abs(v - theirs[i]) / Math.abs(theirs[i]));
    const maxRel = Math.max(...rel);
    const detail = await sameStep(cfg, initial, X, Y, m);
    return { config, backend, epochs, kerasAdam, ours: [ours[0], ours[epochs - 1]], tfjs: [theirs[0], theirs[epochs - 1]], maxRel, firstRel: rel[0], ...detail };
  } finally {
    t.free();
    model.dispose();
    optimizer.dispose();
    xs.dispose();
    ys.dispose();
  }
}

const flat = (a) => (Array.isArray(a) ? a.flatMap(flat) : ArrayBuffer.isView(a) ? Array.from(a) : [a]);

/** Forward pass and one full-batch Adam step from the same `initial` weights, ours vs TF.js. */
async function sameStep(cfg, initial, X, Y, m) {
  const lr = 0.001;
  const model = tfModel(cfg);
  const init = initial.map((w) => tf.tensor(w));
  model.setWeights(init);
  init.forEach((x) => x.dispose());
  const t = newOurs({ ...cfg, oursBatch: m });
  try {
    t.setWeights(initial);
    // Forward: predictions of every 50th window (difference relative to the window's largest prediction).
    let forwardRel = 0;
    for (let s = 0; s < m; s += 50) {
      const ours = Array.from(t.forecast(X[s]));
      const theirs = tf.tidy(() => Array.from(model.predict(tf.tensor3d([X[s].map((v) => [v])])).dataSync()));
      const scale = Math.max(1e-6, ...theirs.map(Math.abs));
      ours.forEach((v, j) => { forwardRel = Math.max(forwardRel, Math.abs(v - theirs[j]) / scale); });
    }
    // One Adam step on all windows: ours moves each weight by α·m/(√v + ε) with m = (1 − β₁)g,
    // v = (1 − β₂)g², α = lr·√(1 − β₂)/(1 − β₁) (Keras's first step); TF.js's gradients say by how much.
    const grads = tf.tidy(() => {
      const xs = tf.tensor3d(X.map((w) => w.map((v) => [v])), [m, cfg.seqLen, 1]);
      const ys = tf.tensor2d(Y, [m, cfg.nSteps]);
      const { value, grads: g } = tf.variableGrads(() => tf.losses.meanSquaredError(ys, model.predict(xs)), model.trainableWeights.map((w) => w.val));
      value.dispose();
      return model.trainableWeights.map((w) => Array.from(g[w.val.name].dataSync()));
    });
    t.trainEpochs(1);
    const after = t.weights();
    const alpha = (lr * Math.sqrt(1 - 0.999)) / (1 - 0.9);
    const kerasStep = (g) => (alpha * (0.1 * g)) / (Math.sqrt(0.001 * g * g) + 1e-7) / lr;
    let stepDiff = 0; // largest |our step − the step from TF.js's gradient| / lr, over weights whose |g| ≥ 1e-7 of their tensor's largest
    let noise = 0; // weights with 0 < |g| < 1e-7 of their tensor's largest
    let weights = 0;
    initial.forEach((w0, k) => {
      const a = flat(w0);
      const b = flat(after[k]);
      const g = grads[k];
      const gmax = Math.max(...g.map(Math.abs));
      weights += a.length;
      for (let j = 0; j < a.length; j++) {
        if (Math.abs(g[j]) < 1e-7 * gmax) {
          if (g[j] !== 0) noise++;
          continue;
        }
        stepDiff = Math.max(stepDiff, Math.abs((a[j] - b[j]) / lr - kerasStep(g[j])));
      }
    });
    return { forwardRel, stepDiff, noise, weights };
  } finally {
    t.free();
    model.dispose();
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
  if (impl === 'ours') r = await runOurs(cfg, w, n, cfg.tfjs.warmup + cfg.tfjs.epochs);
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
  // Does TF.js's GRU take Keras 3's reset_after=True? (4.22: its GRUCell throws.)
  let gruResetAfter;
  try {
    tf.layers.gru({ units: 1, resetAfter: true, inputShape: [1, 1] });
    gruResetAfter = 'accepted';
  } catch (e) {
    gruResetAfter = `refused: ${e.message}`;
  }
  const info = {
    tfjs: tf.version.tfjs,
    gruResetAfter,
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
