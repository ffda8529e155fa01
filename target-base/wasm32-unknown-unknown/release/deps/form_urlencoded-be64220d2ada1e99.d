/work/main/target-base/wasm32-unknown-unknown/release/deps/form_urlencoded-be64220d2ada1e99.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/form_urlencoded-1.2.2/src/lib.rs

/work/main/target-base/wasm32-unknown-unknown/release/deps/libform_urlencoded-be64220d2ada1e99.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/form_urlencoded-1.2.2/src/lib.rs

/work/main/target-base/wasm32-unknown-unknown/release/deps/libform_urlencoded-be64220d2ada1e99.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/form_urlencoded-1.2.2/src/lib.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/form_urlencoded-1.2.2/src/lib.rs:
