//! Imports: hosts from an OpenSSH client config (with a preview), and trusted host
//! keys in known_hosts format (import and export).

use super::form::read_file_into;
use crate::api::hosts::{export_known_hosts, import_hosts, import_known_hosts, parse_ssh_config, ConfigPreview, ImportItem, ImportOutcome, KnownHostsReport};
use leptos::prelude::*;

#[component]
pub fn ImportPanels(on_imported: Callback<()>) -> impl IntoView {
    view! {
        <section class="card" id="ssh-import">
            <h2>"Import"</h2>
            <details>
                <summary>"From ~/.ssh/config"</summary>
                <SshConfigImport on_imported=on_imported/>
            </details>
            <details>
                <summary>"Trusted host keys (known_hosts)"</summary>
                <KnownHosts on_imported=on_imported/>
            </details>
        </section>
    }
}

#[component]
fn SshConfigImport(on_imported: Callback<()>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<Result<ConfigPreview, String>>);
    let chosen = RwSignal::new(Vec::<bool>::new());
    let password = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let results = RwSignal::new(None::<Result<Vec<ImportOutcome>, String>>);
    let parse = move |_| {
        leptos::task::spawn_local(async move {
            let r = parse_ssh_config(text.get_untracked()).await.map_err(|e| e.to_string());
            if let Ok(p) = &r {
                chosen.set(p.hosts.iter().map(|h| !h.exists).collect());
            }
            results.set(None);
            preview.set(Some(r));
        });
    };
    let import = move |_| {
        let Some(Ok(p)) = preview.get_untracked() else { return };
        let picks = chosen.get_untracked();
        let (pw, k) = (password.get_untracked(), key.get_untracked());
        let items: Vec<ImportItem> = p
            .hosts
            .into_iter()
            .zip(picks)
            .filter(|(_, on)| *on)
            .map(|(h, _)| ImportItem {
                alias: h.alias,
                hostname: h.hostname,
                port: h.port,
                user: h.user.unwrap_or_else(|| "root".into()),
                proxy_jump: h.proxy_jump,
                password: (!pw.is_empty()).then(|| pw.clone()),
                private_key: (!k.is_empty()).then(|| k.clone()),
                passphrase: None,
            })
            .collect();
        leptos::task::spawn_local(async move {
            results.set(Some(import_hosts(items).await.map_err(|e| e.to_string())));
            on_imported.run(());
        });
    };
    view! {
        <div class="form">
            <label>"Paste your ssh config"
                <textarea rows="6" spellcheck="false" placeholder="Host nas\n  HostName 192.168.1.10\n  User admin" prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <label class="file">"…or upload it "<input type="file" on:change=move |ev| read_file_into(ev, text)/></label>
            <div class="row-actions"><button type="button" class="button small" on:click=parse>"Preview"</button></div>
            {move || preview.get().map(|p| match p {
                Err(e) => view! { <p class="form-error">{e}</p> }.into_any(),
                Ok(p) if p.hosts.is_empty() => view! { <p class="muted">"No concrete Host entries found (wildcard-only blocks are defaults, not hosts)."</p> }.into_any(),
                Ok(p) => view! {
                    <div class="table-scroll">
                        <table class="table compact" id="import-preview">
                            <thead><tr><th></th><th>"Host"</th><th>"Address"</th><th>"User"</th><th>"Key files to upload"</th><th>"ProxyJump"</th></tr></thead>
                            <tbody>
                                {p.hosts.iter().enumerate().map(|(i, h)| view! {
                                    <tr>
                                        <td><input type="checkbox" aria-label=format!("Import {}", h.alias) prop:checked=move || chosen.with(|c| c.get(i).copied().unwrap_or(false))
                                            on:change=move |ev| chosen.update(|c| if let Some(v) = c.get_mut(i) { *v = event_target_checked(&ev) })/></td>
                                        <td>{h.alias.clone()}{h.exists.then(|| view! { <span class="pill warn">"exists"</span> })}</td>
                                        <td><code>{format!("{}:{}", h.hostname, h.port)}</code></td>
                                        <td>{h.user.clone().unwrap_or_else(|| "root (default)".into())}</td>
                                        <td class="small">{h.identity_files.join(", ")}</td>
                                        <td>{h.proxy_jump.clone().unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {(!p.notes.is_empty()).then(|| view! { <ul class="muted small">{p.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul> })}
                    <p class="muted small">"ssh config holds no secrets. Give the password or upload the key the selected hosts use (applied to all of them); you can edit each host later."</p>
                    <label>"Password"<input type="password" autocomplete="off" prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/></label>
                    <label class="file">"Private key file "<input type="file" on:change=move |ev| read_file_into(ev, key)/></label>
                    <div class="row-actions"><button type="button" class="button" on:click=import>"Import selected"</button></div>
                }.into_any(),
            })}
            {move || results.get().map(|r| match r {
                Err(e) => view! { <p class="form-error">{e}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="import-results">
                        {list.into_iter().map(|o| match o.result {
                            Ok(_) => view! { <li class="form-ok">{format!("{}: imported", o.alias)}</li> }.into_any(),
                            Err(e) => view! { <li class="form-error">{format!("{}: {e}", o.alias)}</li> }.into_any(),
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </div>
    }
}

#[component]
fn KnownHosts(on_imported: Callback<()>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let report = RwSignal::new(None::<Result<KnownHostsReport, String>>);
    let import = move |_| {
        leptos::task::spawn_local(async move {
            report.set(Some(import_known_hosts(text.get_untracked()).await.map_err(|e| e.to_string())));
            on_imported.run(());
        });
    };
    let export = move |_| {
        leptos::task::spawn_local(async move {
            match export_known_hosts().await {
                Ok(t) => text.set(t),
                Err(e) => report.set(Some(Err(e.to_string()))),
            }
        });
    };
    view! {
        <div class="form">
            <p class="muted small">"Keys in OpenSSH known_hosts format ([host]:port and hashed names are understood). An import never replaces a trusted key: differences are listed for you to check."</p>
            <textarea rows="6" spellcheck="false" aria-label="known_hosts" prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <label class="file">"…or upload a known_hosts file "<input type="file" on:change=move |ev| read_file_into(ev, text)/></label>
            <div class="row-actions">
                <button type="button" class="button small" on:click=import>"Import keys"</button>
                <button type="button" class="button ghost small" on:click=export>"Export trusted keys"</button>
            </div>
            {move || report.get().map(|r| match r {
                Err(e) => view! { <p class="form-error">{e}</p> }.into_any(),
                Ok(r) => view! {
                    <div class="small">
                        <p>{format!("{} added, {} already trusted, {} conflicts, {} lines skipped", r.added.len(), r.unchanged, r.conflicts.len(), r.skipped.len())}</p>
                        <ul>{r.added.into_iter().map(|a| view! { <li class="form-ok">{a}</li> }).collect_view()}</ul>
                        <ul>{r.conflicts.into_iter().map(|a| view! { <li class="form-error">{a}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
            })}
        </div>
    }
}
