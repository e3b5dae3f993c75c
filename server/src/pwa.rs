//! The service worker, rendered per build so its precache list names this build's
//! hashed JS/WASM/CSS files and a new build replaces the old worker and caches.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use leptos::prelude::LeptosOptions;

/// The hashed file names of this build (`archnest.<hash>.js` …), read the same way
/// Leptos does: from the hash file next to the server binary.
pub fn asset_names(options: &LeptosOptions) -> (String, String, String, String) {
    let name = options.output_name.to_string();
    let (mut js, mut wasm, mut css) = (name.clone(), format!("{name}_bg"), name.clone());
    let mut version = env!("CARGO_PKG_VERSION").to_string();
    if options.hash_files {
        wasm = name.clone();
        let hash_path = std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(|d| d.join(options.hash_file.as_ref())));
        if let Some(text) = hash_path.and_then(|p| std::fs::read_to_string(p).ok()) {
            for (kind, hash) in text.lines().filter_map(|l| l.split_once(':')) {
                let hash = hash.trim();
                match kind.trim() {
                    "js" => js = format!("{name}.{hash}"),
                    "wasm" => wasm = format!("{name}.{hash}"),
                    "css" => css = format!("{name}.{hash}"),
                    _ => continue,
                }
                version.push('-');
                version.push_str(hash);
            }
        }
    }
    let pkg = options.site_pkg_dir.to_string();
    (format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"), format!("/{pkg}/{css}.css"), version)
}

pub fn render(options: &LeptosOptions) -> String {
    let (js, wasm, css, version) = asset_names(options);
    SW_TEMPLATE
        .replace("__VERSION__", &version)
        .replace("__JS__", &js)
        .replace("__WASM__", &wasm)
        .replace("__CSS__", &css)
}

pub async fn service_worker(State(options): State<LeptosOptions>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        render(&options),
    )
}

const SW_TEMPLATE: &str = include_str!("sw.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_lists_this_builds_assets() {
        let mut o = LeptosOptions::builder().output_name("archnest").build();
        o.hash_files = false;
        let sw = render(&o);
        assert!(sw.contains("\"/pkg/archnest.js\""), "{sw}");
        assert!(sw.contains("\"/pkg/archnest_bg.wasm\""));
        assert!(sw.contains("\"/offline.html\""));
        assert!(!sw.contains("__"));
    }
}
