//! Terminal. The SSH terminal itself is the next piece of work; what exists today is
//! the licensing of its paid extensions, shown honestly.

use crate::components::{EmptyState, Icon, ModuleGate};
use archnest_modules::Module;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TerminalPage() -> impl IntoView {
    view! {
        <Title text="Terminal"/>
        <div class="page">
            <header class="page-header"><h1>"Terminal"</h1></header>
            <EmptyState icon=Icon::Terminal title="Not built yet"
                message="SSH terminals in the browser, with host-key verification on every connection. This page is on the way; nothing here is simulated."/>
            <ModuleGate module=Module::TmuxIntegration>
                <section class="card" id="tmux-panel">
                    <h2>"tmux sessions"</h2>
                    <p class="muted">"tmux integration is licensed on this install. Listing and attaching sessions arrives with the terminal."</p>
                </section>
            </ModuleGate>
        </div>
    }
}
