// Runs before the WebAssembly module: a plain message if it cannot start.
(function () {
  function fail(message) {
    var el = document.getElementById('loading');
    if (!el) return;
    el.textContent = message;
    el.className = 'failed';
    el.hidden = false;
  }
  if (typeof WebAssembly !== 'object') {
    fail('This page needs WebAssembly, which this browser does not have or has turned off. ' +
      'Please try a current version of Chrome, Firefox, Safari or Edge.');
    return;
  }
  window.addEventListener('unhandledrejection', function () {
    if (!document.documentElement.dataset.ready) {
      fail('The model could not be loaded. Please reload the page; if that does not help, try another browser.');
    }
  });
  setTimeout(function () {
    if (!document.documentElement.dataset.ready) {
      fail('The model is taking a long time to load. Please reload the page, or try another browser.');
    }
  }, 20000);
})();
