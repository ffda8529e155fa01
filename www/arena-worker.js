// A Web Worker for the memory arena and for races of kept runs. It runs the page's own module
// (the page hands over the module it already compiled, so nothing is fetched or compiled
// twice) and trains each job through the public Trainer API, one job at a time, sending every
// epoch's losses back. The single-file page builds this same script into a Blob, with the
// module's glue in place of the import (scripts/single-file.mjs).
//
// Page → worker: the compiled WebAssembly.Module; "<id> <settings as a URL query>" (train them
//   for their epochs); "cancel <id>".
// Worker → page: {type: 'ready'} · {type: 'failed', message} · {type: 'epochs', id, loss, val}
//   (arrays of numbers: the epochs since the last report) · {type: 'done', id}
//   · {type: 'error', id, message} (it diverged, or the settings were refused).
import * as wasm from './rnn-playground.js';

const waiting = [];
const cancelled = new Set();
let busy = false;

// Between reports the worker lets its messages in (a cancel, the next job): through a message
// channel, which answers at once (a timer may wait 4 ms or more).
const channel = new MessageChannel();
let wake = () => {};
channel.port1.onmessage = () => wake();
const breathe = () => new Promise((resolve) => {
  wake = resolve;
  channel.port2.postMessage(0);
});

/** How often (ms of training) the page hears about a job's epochs. */
const REPORT_MS = 50;

const text = (e) => String(e && e.message ? e.message : e);

async function train({ id, config }) {
  let t;
  let sent = 0;
  const report = () => {
    const loss = Array.from(t.lossHistory().subarray(sent));
    const val = Array.from(t.valLossHistory().subarray(sent));
    if (loss.length) postMessage({ type: 'epochs', id, loss, val });
    sent += loss.length;
  };
  try {
    t = new wasm.Trainer(config);
    const epochs = t.config().epochs;
    let last = performance.now();
    while (t.epochs < epochs) {
      if (cancelled.has(id)) return;
      t.trainEpochs(1);
      if (performance.now() - last >= REPORT_MS) {
        report();
        await breathe();
        last = performance.now();
      }
    }
    report();
    postMessage({ type: 'done', id });
  } catch (e) {
    if (t) report();
    postMessage({ type: 'error', id, message: text(e) });
  } finally {
    cancelled.delete(id);
    t?.free();
  }
}

async function work() {
  busy = true;
  while (waiting.length) await train(waiting.shift());
  busy = false;
}

onmessage = async ({ data }) => {
  if (data instanceof WebAssembly.Module) {
    try {
      await wasm.default({ module_or_path: data });
      postMessage({ type: 'ready' });
    } catch (e) {
      postMessage({ type: 'failed', message: text(e) });
    }
    return;
  }
  const [what, rest] = String(data).split(/ (.*)/s);
  if (what === 'cancel') {
    const id = Number(rest);
    const i = waiting.findIndex((j) => j.id === id);
    if (i >= 0) waiting.splice(i, 1);
    else cancelled.add(id);
  } else {
    waiting.push({ id: Number(what), config: Object.fromEntries(new URLSearchParams(rest)) });
    if (!busy) work();
  }
};
