/work/main/target-base/wasm32-unknown-unknown/release/deps/rnn_playground.d: src/lib.rs src/activation.rs src/adam.rs src/app/mod.rs src/app/runs.rs src/app/url.rs src/baseline.rs src/cell/mod.rs src/cell/gru.rs src/cell/lstm.rs src/cell/simple_rnn.rs src/cell/tape.rs src/chart/mod.rs src/chart/data.rs src/chart/decimate.rs src/chart/frame.rs src/chart/grads.rs src/chart/heatmap.rs src/chart/legend.rs src/chart/loss.rs src/chart/network.rs src/config.rs src/data.rs src/dense.rs src/diagnosis.rs src/equations.rs src/export.rs src/grad_flow.rs src/init.rs src/inside.rs src/keras_code.rs src/loss.rs src/matmul.rs src/model.rs src/number.rs src/pass.rs src/presets.rs src/scale.rs src/simd.rs src/trainer.rs src/weights.rs src/web/mod.rs src/web/api.rs src/web/dom.rs src/web/lesson.rs src/web/share.rs src/web/view.rs

/work/main/target-base/wasm32-unknown-unknown/release/deps/rnn_playground.wasm: src/lib.rs src/activation.rs src/adam.rs src/app/mod.rs src/app/runs.rs src/app/url.rs src/baseline.rs src/cell/mod.rs src/cell/gru.rs src/cell/lstm.rs src/cell/simple_rnn.rs src/cell/tape.rs src/chart/mod.rs src/chart/data.rs src/chart/decimate.rs src/chart/frame.rs src/chart/grads.rs src/chart/heatmap.rs src/chart/legend.rs src/chart/loss.rs src/chart/network.rs src/config.rs src/data.rs src/dense.rs src/diagnosis.rs src/equations.rs src/export.rs src/grad_flow.rs src/init.rs src/inside.rs src/keras_code.rs src/loss.rs src/matmul.rs src/model.rs src/number.rs src/pass.rs src/presets.rs src/scale.rs src/simd.rs src/trainer.rs src/weights.rs src/web/mod.rs src/web/api.rs src/web/dom.rs src/web/lesson.rs src/web/share.rs src/web/view.rs

/work/main/target-base/wasm32-unknown-unknown/release/deps/librnn_playground.rlib: src/lib.rs src/activation.rs src/adam.rs src/app/mod.rs src/app/runs.rs src/app/url.rs src/baseline.rs src/cell/mod.rs src/cell/gru.rs src/cell/lstm.rs src/cell/simple_rnn.rs src/cell/tape.rs src/chart/mod.rs src/chart/data.rs src/chart/decimate.rs src/chart/frame.rs src/chart/grads.rs src/chart/heatmap.rs src/chart/legend.rs src/chart/loss.rs src/chart/network.rs src/config.rs src/data.rs src/dense.rs src/diagnosis.rs src/equations.rs src/export.rs src/grad_flow.rs src/init.rs src/inside.rs src/keras_code.rs src/loss.rs src/matmul.rs src/model.rs src/number.rs src/pass.rs src/presets.rs src/scale.rs src/simd.rs src/trainer.rs src/weights.rs src/web/mod.rs src/web/api.rs src/web/dom.rs src/web/lesson.rs src/web/share.rs src/web/view.rs

src/lib.rs:
src/activation.rs:
src/adam.rs:
src/app/mod.rs:
src/app/runs.rs:
src/app/url.rs:
src/baseline.rs:
src/cell/mod.rs:
src/cell/gru.rs:
src/cell/lstm.rs:
src/cell/simple_rnn.rs:
src/cell/tape.rs:
src/chart/mod.rs:
src/chart/data.rs:
src/chart/decimate.rs:
src/chart/frame.rs:
src/chart/grads.rs:
src/chart/heatmap.rs:
src/chart/legend.rs:
src/chart/loss.rs:
src/chart/network.rs:
src/config.rs:
src/data.rs:
src/dense.rs:
src/diagnosis.rs:
src/equations.rs:
src/export.rs:
src/grad_flow.rs:
src/init.rs:
src/inside.rs:
src/keras_code.rs:
src/loss.rs:
src/matmul.rs:
src/model.rs:
src/number.rs:
src/pass.rs:
src/presets.rs:
src/scale.rs:
src/simd.rs:
src/trainer.rs:
src/weights.rs:
src/web/mod.rs:
src/web/api.rs:
src/web/dom.rs:
src/web/lesson.rs:
src/web/share.rs:
src/web/view.rs:
