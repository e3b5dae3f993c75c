//! The WASM entry point. Everything else lives in `archnest-app`.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(archnest_app::App);
}
