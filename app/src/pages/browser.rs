//! Browser-only helpers (hydrate build): local preferences and the service worker.

use wasm_bindgen::JsValue;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load_flag(key: &str) -> bool {
    storage().and_then(|s| s.get_item(&format!("archnest.{key}")).ok().flatten()).as_deref() == Some("1")
}

pub fn store_flag(key: &str, value: bool) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("archnest.{key}"), if value { "1" } else { "0" });
    }
}

/// Registers `/sw.js`, which caches the app shell and hashed assets.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else { return };
    let container = window.navigator().service_worker();
    if JsValue::from(container.clone()).is_undefined() {
        return; // not a secure context, or an old browser
    }
    let _ = container.register("/sw.js");
}

pub fn load_value(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(&format!("archnest.{key}")).ok().flatten())
}

pub fn store_value(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("archnest.{key}"), value);
    }
}
