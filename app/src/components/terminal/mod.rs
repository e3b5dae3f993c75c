//! The terminal: a reusable component bound to one SSH host and one server-side
//! session id. Free core shows one; the multi-pane module will place several.
//! Rendering is xterm.js (loaded on first use from /vendor); logic is Rust.

pub mod keys;
#[cfg(feature = "hydrate")]
mod client;
#[cfg(feature = "hydrate")]
mod xterm;

use crate::api::hosts::trust_host_key;
use crate::terminal_protocol::HostKeyPrompt;
use leptos::html;
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Loading,
    Connecting,
    Ready,
    Exited { code: Option<u32>, signal: Option<String> },
    Failed(String),
    Disconnected,
}

impl Status {
    fn label(&self) -> String {
        match self {
            Status::Loading => "Loading terminal…".into(),
            Status::Connecting => "Connecting…".into(),
            Status::Ready => "Connected".into(),
            Status::Exited { code: Some(c), .. } => format!("Session ended (exit status {c})"),
            Status::Exited { signal: Some(s), .. } => format!("Session ended (signal {s})"),
            Status::Exited { .. } => "Session ended".into(),
            Status::Failed(_) => "Could not connect".into(),
            Status::Disconnected => "Connection lost".into(),
        }
    }

    fn css(&self) -> &'static str {
        match self {
            Status::Ready => "ok",
            Status::Loading | Status::Connecting => "busy",
            _ => "bad",
        }
    }
}

/// Reactive state shared by the view and the browser client.
#[derive(Clone, Copy)]
pub struct TermUi {
    pub status: RwSignal<Status>,
    pub prompt: RwSignal<Option<HostKeyPrompt>>,
    pub session: RwSignal<Option<String>>,
    pub ctrl: RwSignal<bool>,
    pub alt: RwSignal<bool>,
    pub font_size: RwSignal<u32>,
    pub search_open: RwSignal<bool>,
    pub keybar: RwSignal<bool>,
}

#[cfg(feature = "hydrate")]
const FONT_KEY: &str = "archnest.terminal.font-size";

#[component]
pub fn Terminal(host_id: i64) -> impl IntoView {
    let ui = TermUi {
        status: RwSignal::new(Status::Loading),
        prompt: RwSignal::new(None),
        session: RwSignal::new(None),
        ctrl: RwSignal::new(false),
        alt: RwSignal::new(false),
        font_size: RwSignal::new(14),
        search_open: RwSignal::new(false),
        keybar: RwSignal::new(false),
    };
    let screen = NodeRef::<html::Div>::new();
    let search_text = RwSignal::new(String::new());
    let trust_error = RwSignal::new(None::<String>);

    #[cfg(not(feature = "hydrate"))]
    let _ = host_id;
    // The browser client, created once the element exists.
    #[cfg(feature = "hydrate")]
    let client: StoredValue<Option<std::rc::Rc<client::Client>>, LocalStorage> = StoredValue::new_local(None);
    #[cfg(feature = "hydrate")]
    {
        use leptos::task::spawn_local;
        if let Some(px) = crate::pages::browser::load_value(FONT_KEY).and_then(|v| v.parse().ok()) {
            ui.font_size.set(px);
        }
        ui.keybar.set(window().match_media("(pointer: coarse)").ok().flatten().is_some_and(|m| m.matches()));
        Effect::new(move |_| {
            let Some(el) = screen.get() else { return };
            if client.with_value(|c| c.is_some()) {
                return;
            }
            let el: web_sys::HtmlElement = el.into();
            spawn_local(async move {
                match client::start(el, host_id, ui).await {
                    Ok(c) => client.set_value(Some(c)),
                    Err(e) => ui.status.set(Status::Failed(e)),
                }
            });
        });
        Effect::new(move |_| {
            let px = ui.font_size.get();
            crate::pages::browser::store_value(FONT_KEY, &px.to_string());
            client.with_value(|c| if let Some(c) = c { c.set_font_size(px) });
        });
        on_cleanup(move || {
            client.update_value(|c| {
                if let Some(c) = c.take() {
                    c.dispose();
                }
            })
        });
    }
    let with_client = move |f: &dyn Fn(&dyn ClientOps)| {
        #[cfg(feature = "hydrate")]
        client.with_value(|c| {
            if let Some(c) = c {
                f(c);
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = f;
    };
    let reconnect = move || {
        trust_error.set(None);
        with_client(&|c| c.reconnect());
    };
    let trust = move |p: HostKeyPrompt| {
        leptos::task::spawn_local(async move {
            match trust_host_key(p.host_id, p.fingerprint.clone()).await {
                Ok(_) => {
                    trust_error.set(None);
                    with_client(&|c| c.reconnect());
                }
                Err(e) => trust_error.set(Some(e.to_string())),
            }
        });
    };
    let find = move |forward: bool| {
        let t = search_text.get_untracked();
        if !t.is_empty() {
            with_client(&|c| {
                c.find(&t, forward);
            });
        }
    };
    let close_search = move || {
        ui.search_open.set(false);
        with_client(&|c| c.end_search());
    };

    view! {
        <div class="term-view" data-status=move || ui.status.with(|s| s.css()) data-session=move || ui.session.get().unwrap_or_default()>
            <div class="terminal-toolbar">
                <span class=move || format!("term-status {}", ui.status.with(|s| s.css()))>{move || ui.status.with(Status::label)}</span>
                <span class="spacer"></span>
                <button type="button" class="button ghost small" title="Search (Ctrl+F)" on:click=move |_| ui.search_open.update(|o| *o = !*o)>"Search"</button>
                <button type="button" class="button ghost small" title="Smaller text" aria-label="Smaller text" on:click=move |_| ui.font_size.update(|p| *p = (*p).saturating_sub(1).max(9))>"A−"</button>
                <span class="muted term-font">{move || format!("{} px", ui.font_size.get())}</span>
                <button type="button" class="button ghost small" title="Larger text" aria-label="Larger text" on:click=move |_| ui.font_size.update(|p| *p = (*p + 1).min(32))>"A+"</button>
                <button type="button" class="button ghost small" aria-pressed=move || ui.keybar.get().to_string() title="On-screen keys" on:click=move |_| ui.keybar.update(|k| *k = !*k)>"Keys"</button>
                <button type="button" class="button small" on:click=move |_| reconnect()>"Reconnect"</button>
            </div>
            <Show when=move || ui.search_open.get()>
                <form class="terminal-search" on:submit=move |ev| { ev.prevent_default(); find(true); }>
                    <input type="search" placeholder="Find in scrollback" aria-label="Find in scrollback" autofocus=true
                        prop:value=search_text on:input=move |ev| search_text.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Escape" { close_search(); }/>
                    <button type="button" class="button small" on:click=move |_| find(false)>"Previous"</button>
                    <button type="submit" class="button small">"Next"</button>
                    <button type="button" class="button ghost small" on:click=move |_| close_search()>"Close"</button>
                </form>
            </Show>
            <div class="terminal-body">
                <div class="terminal-screen" node_ref=screen></div>
                <Show when=move || !matches!(ui.status.get(), Status::Ready | Status::Connecting | Status::Loading)>
                    <div class="terminal-overlay" role="status">
                        <strong>{move || ui.status.with(Status::label)}</strong>
                        {move || match ui.status.get() {
                            Status::Failed(msg) => view! { <p class="term-error">{msg}</p> }.into_any(),
                            Status::Disconnected => view! { <p class="muted">"The network dropped or the server restarted. The remote shell may have ended."</p> }.into_any(),
                            _ => ().into_any(),
                        }}
                        {move || ui.prompt.get().map(|p| {
                            let p2 = p.clone();
                            view! {
                                <div class=if p.changed { "hostkey-prompt changed" } else { "hostkey-prompt" }>
                                    <p>{if p.changed { "The host key changed. Accept the new key only if you know why it changed (reinstall, new server)." } else { "First connection to this host. Compare the fingerprint with the server's (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)." }}</p>
                                    <code class="fingerprint">{format!("{} {}", p.algorithm, p.fingerprint)}</code>
                                    {p.expected.clone().map(|e| view! { <p class="muted">"Trusted until now: "<code>{e}</code></p> })}
                                    <button type="button" class=if p.changed { "button danger" } else { "button" } on:click=move |_| trust(p2.clone())>
                                        {if p.changed { "Replace the trusted key and connect" } else { "Trust and connect" }}
                                    </button>
                                </div>
                            }
                        })}
                        {move || trust_error.get().map(|e| view! { <p class="form-error">{e}</p> })}
                        <Show when=move || ui.prompt.with(|p| p.is_none())>
                            <button type="button" class="button" on:click=move |_| reconnect()>"Reconnect"</button>
                        </Show>
                    </div>
                </Show>
            </div>
            <Show when=move || ui.keybar.get()>
                <div class="keybar" role="toolbar" aria-label="Terminal keys">
                    {keys::BAR.iter().map(|(label, seq)| {
                        let (label, seq) = (*label, *seq);
                        let pressed = move || match label {
                            "Ctrl" => ui.ctrl.get(),
                            "Alt" => ui.alt.get(),
                            _ => false,
                        };
                        view! {
                            <button type="button" class="key" class:active=pressed aria-pressed=move || pressed().to_string()
                                on:pointerdown=move |ev| ev.prevent_default()
                                on:click=move |_| match label {
                                    "Ctrl" => ui.ctrl.update(|c| *c = !*c),
                                    "Alt" => ui.alt.update(|a| *a = !*a),
                                    _ => with_client(&|c| c.key(label, seq)),
                                }>{label}</button>
                        }
                    }).collect_view()}
                </div>
            </Show>
        </div>
    }
}

/// What the view asks of the browser client (absent during server rendering).
trait ClientOps {
    fn reconnect(&self);
    fn find(&self, text: &str, forward: bool) -> bool;
    fn end_search(&self);
    fn key(&self, label: &str, seq: &str);
}

#[cfg(feature = "hydrate")]
impl ClientOps for std::rc::Rc<client::Client> {
    fn reconnect(&self) {
        self.note("— reconnecting —");
        self.connect();
    }
    fn find(&self, text: &str, forward: bool) -> bool {
        client::Client::find(self, text, forward)
    }
    fn end_search(&self) {
        client::Client::end_search(self)
    }
    fn key(&self, label: &str, seq: &str) {
        client::Client::key(self, label, seq)
    }
}
