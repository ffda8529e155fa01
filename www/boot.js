// Loads the WebAssembly module (a file, not an inline script, so the page's
// Content-Security-Policy can forbid inline scripts), or says plainly why it could not.
function fail(message) {
  const el = document.getElementById('loading');
  if (!el) return;
  el.textContent = message;
  el.className = 'failed';
  el.hidden = false;
}

if (typeof WebAssembly !== 'object') {
  fail('This page needs WebAssembly, which this browser does not have or has turned off. ' +
    'Please try a current version of Chrome, Firefox, Safari or Edge.');
} else {
  try {
    const bindings = await import('./rnn-playground.js');
    await bindings.default({ module_or_path: new URL('rnn-playground_bg.wasm', import.meta.url) });
    // The page marks itself ready (data-ready) in its first frame, after this.
    window.wasmBindings = bindings;
  } catch (e) {
    fail('The model could not be loaded (' + (e && e.message ? e.message : e) + '). ' +
      'Please reload the page; if that does not help, try a current browser.');
  }
}
