//! Lock badges for paid modules. Reads the same `Module` enum the server enforces,
//! and the licensed set the server sent in the page's `LicenseSummary` context.

use super::icons::{Icon, IconView};
use archnest_modules::{format_price, Module, ModuleSet};
use leptos::prelude::*;

/// The modules this install owns right now, provided once by the layout.
#[derive(Clone, Copy)]
pub struct Owned(pub Signal<ModuleSet>);

pub fn owns(module: Module) -> Signal<bool> {
    let owned = use_context::<Owned>().map(|o| o.0);
    Signal::derive(move || owned.map(|s| s.get().contains(module)).unwrap_or(false))
}

/// "Unlock for $5" linking to the store page of `module`.
#[component]
pub fn LockBadge(module: Module) -> impl IntoView {
    view! {
        <a
            class="lock-badge"
            href=module.store_path()
            title=format!("{} — {}", module.name(), module.description())
            data-module=module.slug()
        >
            <IconView icon=Icon::Lock size=14/>
            {format!("Unlock for {}", format_price(module.price_cents()))}
        </a>
    }
}

/// Renders `children` when `module` is licensed, otherwise a lock card.
#[component]
pub fn ModuleGate(module: Module, children: ChildrenFn) -> impl IntoView {
    let owned = owns(module);
    view! {
        <Show
            when=move || owned.get()
            fallback=move || {
                view! {
                    <div class="locked-feature">
                        <div>
                            <strong>{module.name()}</strong>
                            <p>{module.description()}</p>
                        </div>
                        <LockBadge module=module/>
                    </div>
                }
            }
        >
            {children()}
        </Show>
    }
}
