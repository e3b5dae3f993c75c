//! Add/edit form of an SSH host. Secrets are write-only: a stored one shows as
//! "stored" and can be kept, replaced or removed.

use crate::api::hosts::{HostForm, HostSummary, SaveHost, SecretEdit};
use crate::pages::auth::ErrorLine;
use leptos::prelude::*;

/// Reads the first file of a file input as text (browser only).
pub fn read_file_into(ev: leptos::ev::Event, into: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            leptos::task::spawn_local(async move {
                if file.size() > 1024.0 * 1024.0 {
                    into.set(String::new());
                    return;
                }
                if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    into.set(text.as_string().unwrap_or_default());
                }
            });
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, into);
}

fn secret(value: String, clear: bool) -> SecretEdit {
    if clear {
        SecretEdit::Clear
    } else if value.is_empty() {
        SecretEdit::Keep
    } else {
        SecretEdit::Set(value)
    }
}

#[component]
pub fn HostFormView(current: Option<HostSummary>, save: ServerAction<SaveHost>, on_cancel: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let c = current.clone().unwrap_or(HostSummary {
        id: 0,
        name: String::new(),
        address: String::new(),
        port: 22,
        username: "root".into(),
        tags: vec![],
        notes: String::new(),
        has_password: false,
        has_key: false,
        has_passphrase: false,
        client_key: None,
        proxy_jump: None,
        host_keys: vec![],
        pending_fingerprint: None,
    });
    let id = current.as_ref().map(|h| h.id);
    let name = RwSignal::new(c.name.clone());
    let address = RwSignal::new(c.address.clone());
    let port = RwSignal::new(c.port.to_string());
    let username = RwSignal::new(c.username.clone());
    let password = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let passphrase = RwSignal::new(String::new());
    let clear_password = RwSignal::new(false);
    let clear_key = RwSignal::new(false);
    let tags = RwSignal::new(c.tags.join(", "));
    let notes = RwSignal::new(c.notes.clone());
    let proxy_jump = c.proxy_jump.clone();
    let port_error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(p) = port.get_untracked().trim().parse::<u16>() else {
            port_error.set(Some("port: 1 to 65535".into()));
            return;
        };
        port_error.set(None);
        save.dispatch(SaveHost {
            form: HostForm {
                id,
                name: name.get_untracked(),
                address: address.get_untracked(),
                port: p,
                username: username.get_untracked(),
                password: secret(password.get_untracked(), clear_password.get_untracked()),
                private_key: secret(key.get_untracked(), clear_key.get_untracked()),
                passphrase: if clear_key.get_untracked() { SecretEdit::Clear } else { secret(passphrase.get_untracked(), false) },
                tags: tags.get_untracked(),
                notes: notes.get_untracked(),
                proxy_jump: proxy_jump.clone(),
            },
        });
    };
    let input = |sig: RwSignal<String>| move |ev: leptos::ev::Event| sig.set(event_target_value(&ev));
    view! {
        <form class="form host-form" id="host-form" on:submit=submit>
            <h3>{if id.is_some() { "Edit host" } else { "New SSH host" }}</h3>
            <div class="form-grid">
                <label>"Name"<input name="name" required maxlength="80" placeholder="nas" prop:value=name on:input=input(name)/></label>
                <label>"Address"<input name="address" required placeholder="192.168.1.10 or nas.lan" prop:value=address on:input=input(address)/></label>
                <label>"Port"<input name="port" inputmode="numeric" required prop:value=port on:input=input(port)/></label>
                <label>"Username"<input name="username" required autocomplete="off" prop:value=username on:input=input(username)/></label>
            </div>
            <fieldset>
                <legend>"Authentication — a password, a private key, or both"</legend>
                <label>"Password"
                    <input name="password" type="password" autocomplete="new-password"
                        placeholder=if c.has_password { "stored — type to replace" } else { "" } prop:value=password on:input=input(password)/>
                </label>
                {c.has_password.then(|| view! {
                    <label class="check"><input type="checkbox" on:change=move |ev| clear_password.set(event_target_checked(&ev))/>"Remove the stored password"</label>
                })}
                <label>"Private key (OpenSSH or PEM: ed25519, ecdsa, rsa)"
                    <textarea name="private_key" rows="4" spellcheck="false" autocomplete="off"
                        placeholder=if c.has_key { "stored — paste or upload a new key to replace it" } else { "-----BEGIN OPENSSH PRIVATE KEY-----" }
                        prop:value=key on:input=input(key)></textarea>
                </label>
                <label class="file">"…or upload a key file "<input type="file" name="key_file" on:change=move |ev| read_file_into(ev, key)/></label>
                {c.client_key.clone().map(|k| view! { <p class="muted small">"Stored key: "<code>{k}</code></p> })}
                <label>"Key passphrase (if the key has one)"
                    <input name="passphrase" type="password" autocomplete="off"
                        placeholder=if c.has_passphrase { "stored — type to replace" } else { "" } prop:value=passphrase on:input=input(passphrase)/>
                </label>
                {c.has_key.then(|| view! {
                    <label class="check"><input type="checkbox" on:change=move |ev| clear_key.set(event_target_checked(&ev))/>"Remove the stored key"</label>
                })}
            </fieldset>
            <label>"Tags (comma-separated)"<input name="tags" placeholder="prod, nas" prop:value=tags on:input=input(tags)/></label>
            <label>"Notes"<textarea name="notes" rows="2" prop:value=notes on:input=input(notes)></textarea></label>
            {c.proxy_jump.clone().map(|j| view! { <p class="muted small">"ProxyJump "<code>{j}</code>" is kept for the Jump Host Chaining module."</p> })}
            {move || port_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <ErrorLine value=save.value()/>
            <div class="row-actions">
                <button type="submit" class="button" disabled=move || save.pending().get()>{move || if save.pending().get() { "Saving…" } else { "Save host" }}</button>
                <button type="button" class="button ghost" on:click=move |_| on_cancel()>"Cancel"</button>
            </div>
        </form>
    }
}
