//! Terminal: pick a host, get a shell. One terminal in the free core; the multi-pane
//! and tmux modules extend this page.

use crate::components::terminal::Terminal;
use crate::components::module_gate::owns;
use crate::components::{host_from_query, HostPicker, LockBadge};
use archnest_modules::Module;
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title};

#[component]
pub fn TerminalPage() -> impl IntoView {
    let host = host_from_query();
    let tmux = owns(Module::TmuxIntegration);
    view! {
        <Title text="Terminal"/>
        <Stylesheet id="xterm-css" href="/vendor/xterm/xterm.css"/>
        <div class="page terminal-page">
            <header class="page-header terminal-header">
                <h1>"Terminal"</h1>
                <div class="terminal-header-tools">
                    {move || if tmux.get() {
                        view! { <span class="pill ok" id="tmux-panel" title="Listing and attaching tmux sessions comes with the SSH Pro work.">"tmux integration licensed"</span> }.into_any()
                    } else {
                        view! { <span class="muted small">"tmux sessions"</span><LockBadge module=Module::TmuxIntegration/> }.into_any()
                    }}
                    <HostPicker/>
                </div>
            </header>
            {move || match host.get() {
                Some(id) => view! { <Terminal host_id=id/> }.into_any(),
                None => view! {
                    <div class="terminal-empty card">
                        <p>"Choose a host to open a shell. Host keys are checked on every connection; the first time, you will be shown the server's fingerprint to accept."</p>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}
