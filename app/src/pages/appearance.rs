//! Settings → Appearance: the theme. ArchNest Dark is free; the other themes are
//! paid modules and show their lock until licensed. The choice is per browser.

use crate::components::module_gate::{owns, LockBadge};
use archnest_modules::Module;
use leptos::prelude::*;
use leptos_meta::Title;

/// Themes, in display order: (id used in `data-theme`, name, module that unlocks it).
pub const THEMES: &[(&str, &str, Option<Module>)] = &[
    ("archnest-dark", "ArchNest Dark", None),
    ("midnight-blue", "Midnight Blue", Some(Module::ThemeMidnightBlue)),
    ("forest", "Forest", Some(Module::ThemeForest)),
    ("light", "Light", Some(Module::ThemeLight)),
];

#[component]
pub fn AppearanceSection() -> impl IntoView {
    let current = use_context::<crate::shell::Theme>().map(|t| t.0).unwrap_or_else(|| RwSignal::new("archnest-dark".to_string()));
    view! {
        <Title text="Appearance"/>
        <section class="card" id="themes">
            <h2>"Theme"</h2>
            <div class="theme-grid">
                {THEMES.iter().map(|(id, name, module)| {
                    let id = *id;
                    let unlocked = match module { Some(m) => owns(*m), None => Signal::derive(|| true) };
                    view! {
                        <div class="theme-card" data-theme=id class:selected=move || current.get() == id>
                            <div class="swatch"><span></span><span></span><span></span></div>
                            <strong>{*name}</strong>
                            {move || if unlocked.get() {
                                view! {
                                    <button class="button small ghost" on:click=move |_| current.set(id.to_string())>
                                        {move || if current.get() == id { "In use" } else { "Use" }}
                                    </button>
                                }.into_any()
                            } else {
                                module.map(|m| view! { <LockBadge module=m/> }.into_any()).unwrap_or_else(|| ().into_any())
                            }}
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
