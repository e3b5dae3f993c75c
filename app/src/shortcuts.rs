//! Keyboard-first navigation: `g` then a page's key (see `nav::NAV`) opens it.
//! Keys typed into inputs, and keys with modifiers, are left alone.

use crate::nav::NAV;
#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// What a key press does, given whether `g` was the previous key.
pub fn resolve(pending_g: bool, key: &str) -> (bool, Option<&'static str>) {
    if pending_g {
        let target = key.chars().next().filter(|_| key.len() == 1).and_then(|c| NAV.iter().find(|n| n.key == c)).map(|n| n.path);
        (false, target)
    } else {
        (key == "g", None)
    }
}

/// Installs the listener (browser only).
pub fn install() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let navigate = leptos_router::hooks::use_navigate();
        let pending = StoredValue::new(false);
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.closest(".xterm").ok().flatten().is_some());
            if typing {
                return;
            }
            let (next_pending, target) = resolve(pending.get_value(), &ev.key());
            pending.set_value(next_pending);
            if let Some(path) = target {
                ev.prevent_default();
                navigate(path, Default::default());
            }
        });
        on_cleanup(move || handle.remove());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_then_key_navigates() {
        assert_eq!(resolve(false, "g"), (true, None));
        assert_eq!(resolve(true, "t"), (false, Some("/terminal")));
        assert_eq!(resolve(true, "g"), (false, Some("/")));
        assert_eq!(resolve(true, "z"), (false, None));
        assert_eq!(resolve(false, "t"), (false, None));
        assert_eq!(resolve(true, "Shift"), (false, None));
    }
}
