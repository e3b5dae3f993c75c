//! The WASM entry point. Everything else lives in `archnest-app`.

// The release (size-optimised) build computes the layout of the deepest hydrated
// view types (the terminal component) here and needs more than the default depth.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(archnest_app::App);
}
