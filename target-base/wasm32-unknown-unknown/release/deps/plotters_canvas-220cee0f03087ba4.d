/work/main/target-base/wasm32-unknown-unknown/release/deps/plotters_canvas-220cee0f03087ba4.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/plotters-canvas-0.3.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/plotters-canvas-0.3.1/src/canvas.rs

/work/main/target-base/wasm32-unknown-unknown/release/deps/libplotters_canvas-220cee0f03087ba4.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/plotters-canvas-0.3.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/plotters-canvas-0.3.1/src/canvas.rs

/work/main/target-base/wasm32-unknown-unknown/release/deps/libplotters_canvas-220cee0f03087ba4.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/plotters-canvas-0.3.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/plotters-canvas-0.3.1/src/canvas.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/plotters-canvas-0.3.1/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/plotters-canvas-0.3.1/src/canvas.rs:
