//! Create / edit a tunnel. Binding beyond localhost needs an explicit tick (the server
//! checks it too); auto-start is the `tunnel-auto-start` module.

use crate::api::tunnels::{SaveTunnel, TunnelForm};
use crate::components::module_gate::owns;
use crate::components::{host_from_query, HostPicker, LockBadge};
use crate::pages::auth::ErrorLine;
use archnest_modules::Module;
use leptos::prelude::*;

pub fn blank() -> TunnelForm {
    TunnelForm { kind: "local".into(), bind_address: "127.0.0.1".into(), target_host: "127.0.0.1".into(), ..Default::default() }
}

/// Mirrors the server's rule: anything but loopback is "wide".
fn is_wide(addr: &str) -> bool {
    let a = addr.trim().trim_start_matches('[').trim_end_matches(']');
    !(a.is_empty() || a.starts_with("127.") || a == "::1" || a.eq_ignore_ascii_case("localhost"))
}

fn port(s: &str) -> u32 {
    s.trim().parse().unwrap_or(0)
}

#[component]
pub fn TunnelEditor(initial: TunnelForm, editing: RwSignal<Option<TunnelForm>>, on_saved: Callback<()>) -> impl IntoView {
    let save = ServerAction::<SaveTunnel>::new();
    let host = host_from_query();
    let id = initial.id;
    let name = RwSignal::new(initial.name);
    let kind = RwSignal::new(initial.kind);
    let bind_address = RwSignal::new(initial.bind_address);
    let bind_port = RwSignal::new(if initial.bind_port == 0 { String::new() } else { initial.bind_port.to_string() });
    let target_host = RwSignal::new(initial.target_host);
    let target_port = RwSignal::new(if initial.target_port == 0 { String::new() } else { initial.target_port.to_string() });
    let wide_ok = RwSignal::new(initial.allow_wide_bind);
    let auto_start = RwSignal::new(initial.auto_start);
    let licensed = owns(Module::TunnelAutoStart);
    let dynamic = move || kind.get() == "dynamic";
    let wide = move || is_wide(&bind_address.get());

    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            editing.set(None);
            on_saved.run(());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveTunnel {
            form: TunnelForm {
                id,
                host_id: host.get_untracked().unwrap_or(0),
                name: name.get_untracked(),
                kind: kind.get_untracked(),
                bind_address: bind_address.get_untracked(),
                bind_port: port(&bind_port.get_untracked()),
                target_host: target_host.get_untracked(),
                target_port: port(&target_port.get_untracked()),
                allow_wide_bind: wide_ok.get_untracked(),
                auto_start: auto_start.get_untracked(),
            },
        });
    };
    let bind_hint = move || match kind.get().as_str() {
        "remote" => "Address and port the SSH host listens on.",
        "dynamic" => "Address and port of the SOCKS5 proxy here (point your browser or curl --socks5-hostname at it).",
        _ => "Address and port ArchNest's server listens on.",
    };
    let target_hint = move || match kind.get().as_str() {
        "remote" => "Where connections go, as seen from the ArchNest server.",
        _ => "Where connections go, as seen from the SSH host.",
    };
    view! {
        <section class="card" id="tunnel-editor">
            <h2>{if id.is_some() { "Edit tunnel" } else { "New tunnel" }}</h2>
            <form class="form tunnel-form" on:submit=submit>
                <div class="form-row">
                    <label>"Name"<input name="name" required maxlength="64" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
                    <HostPicker/>
                    <label>"Type"
                        <select name="kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="local">"Local (-L)"</option>
                            <option value="remote">"Remote (-R)"</option>
                            <option value="dynamic">"Dynamic SOCKS5 (-D)"</option>
                        </select>
                    </label>
                </div>
                <p class="muted small kind-hint">{move || match kind.get().as_str() {
                    "remote" => "Remote: the SSH host listens, and connections to it reach a service the ArchNest server can reach.",
                    "dynamic" => "Dynamic: a SOCKS5 proxy here; each connection goes out through the SSH host to wherever the client asks.",
                    _ => "Local: ArchNest's server listens, and connections reach a service the SSH host can reach.",
                }}</p>
                <fieldset class="form-row">
                    <legend>"Listen on"<span class="muted small">" — "{bind_hint}</span></legend>
                    <label>"Bind address"<input name="bind_address" placeholder="127.0.0.1" prop:value=move || bind_address.get() on:input=move |ev| bind_address.set(event_target_value(&ev))/></label>
                    <label>"Port"<input name="bind_port" inputmode="numeric" required prop:value=move || bind_port.get() on:input=move |ev| bind_port.set(event_target_value(&ev))/></label>
                </fieldset>
                <Show when=move || !dynamic()>
                    <fieldset class="form-row">
                        <legend>"Forward to"<span class="muted small">" — "{target_hint}</span></legend>
                        <label>"Target host"<input name="target_host" prop:value=move || target_host.get() on:input=move |ev| target_host.set(event_target_value(&ev))/></label>
                        <label>"Port"<input name="target_port" inputmode="numeric" prop:value=move || target_port.get() on:input=move |ev| target_port.set(event_target_value(&ev))/></label>
                    </fieldset>
                </Show>
                <Show when=move || wide() || wide_ok.get()>
                    <div class="warning-box" role="note">
                        <label class="check">
                            <input type="checkbox" name="allow_wide_bind" prop:checked=move || wide_ok.get() on:change=move |ev| wide_ok.set(event_target_checked(&ev))/>
                            "Allow binding beyond localhost"
                        </label>
                        <p class="small">"Anyone who can reach this address can use the tunnel, without signing in to ArchNest. Only do this on a network you trust."</p>
                    </div>
                </Show>
                <div class="check-row">
                    <label class="check">
                        <input type="checkbox" name="auto_start" disabled=move || !licensed.get() && !auto_start.get()
                            prop:checked=move || auto_start.get() on:change=move |ev| auto_start.set(event_target_checked(&ev))/>
                        "Start when ArchNest starts"
                    </label>
                    <Show when=move || !licensed.get()><LockBadge module=Module::TunnelAutoStart/></Show>
                </div>
                <ErrorLine value=save.value()/>
                <div class="button-row">
                    <button class="button" type="submit" id="tunnel-save">"Save"</button>
                    <button class="button ghost" type="button" on:click=move |_| editing.set(None)>"Cancel"</button>
                </div>
            </form>
        </section>
    }
}
