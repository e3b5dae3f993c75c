//! Terminal: pick a host, get a shell. One terminal in the free core; the multi-pane
//! and tmux modules extend this page.

use crate::components::terminal::Terminal;
use crate::components::{host_from_query, HostPicker, ModuleGate};
use archnest_modules::Module;
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title};

#[component]
pub fn TerminalPage() -> impl IntoView {
    let host = host_from_query();
    view! {
        <Title text="Terminal"/>
        <Stylesheet id="xterm-css" href="/vendor/xterm/xterm.css"/>
        <div class="page terminal-page">
            <header class="page-header terminal-header">
                <h1>"Terminal"</h1>
                <HostPicker/>
            </header>
            {move || match host.get() {
                Some(id) => view! { <Terminal host_id=id/> }.into_any(),
                None => view! {
                    <div class="terminal-empty card">
                        <p>"Choose a host to open a shell. Host keys are checked on every connection; the first time, you will be shown the server's fingerprint to accept."</p>
                    </div>
                }.into_any(),
            }}
            <details class="terminal-extras">
                <summary>"tmux sessions"</summary>
                <ModuleGate module=Module::TmuxIntegration>
                    <section class="card" id="tmux-panel">
                        <p class="muted">"tmux integration is licensed on this install. Listing and attaching sessions is part of the SSH Pro work."</p>
                    </section>
                </ModuleGate>
            </details>
        </div>
    }
}
