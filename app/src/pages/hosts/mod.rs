//! Settings → Hosts & Integrations: SSH hosts (add, edit, test, host keys, imports),
//! followed by Docker sources.

mod form;
mod import;

use crate::api::hosts::{list_hosts, DeleteHost, HostSummary, TestHost, TestReport, TrustHostKey};
use crate::components::LockBadge;
use crate::pages::auth::ErrorLine;
use archnest_modules::caps;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HostsSection() -> impl IntoView {
    let save = ServerAction::<crate::api::hosts::SaveHost>::new();
    let delete = ServerAction::<DeleteHost>::new();
    let trust = ServerAction::<TrustHostKey>::new();
    let imported = RwSignal::new(0u32);
    let hosts = Resource::new(
        move || (save.version().get(), delete.version().get(), trust.version().get(), imported.get()),
        |_| list_hosts(),
    );
    // None = form closed; Some(None) = adding; Some(Some(h)) = editing h.
    let editing = RwSignal::new(None::<Option<HostSummary>>);
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            editing.set(None);
        }
    });
    view! {
        <Title text="Hosts & Integrations"/>
        <h2>"Hosts & Integrations"</h2>
        <section class="card" id="ssh-hosts">
            <h2>"SSH hosts"</h2>
            <p class="muted small">"Passwords and keys are encrypted at rest and never sent back to the browser. Host keys are trusted on first use and checked on every connection."</p>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    hosts.await.map(|list| {
                        let can_add = list.can_add;
                        let empty = list.hosts.is_empty();
                        view! {
                            {empty.then(|| view! { <p class="muted" id="hosts-empty">"No hosts yet. Add one, or import your ~/.ssh/config below."</p> })}
                            <div class="host-list">
                                {list.hosts.into_iter().map(|h| view! { <HostRow host=h editing=editing delete=delete trust=trust/> }).collect_view()}
                            </div>
                            <div class="row-actions">
                                <button class="button" id="host-add" disabled=!can_add on:click=move |_| editing.set(Some(None))>"Add host"</button>
                                {(!can_add).then(|| view! {
                                    <span class="muted small">{format!("The free core includes {} SSH hosts.", caps::SSH_HOSTS.free_limit)}</span>
                                    <LockBadge module=caps::SSH_HOSTS.lifted_by/>
                                })}
                            </div>
                        }
                    }).map_err(|e| e.to_string())
                })}
            </Transition>
            <ErrorLine value=delete.value()/>
            {move || editing.get().map(|current| view! { <form::HostFormView current=current save=save on_cancel=move || editing.set(None)/> })}
        </section>
        <import::ImportPanels on_imported=Callback::new(move |_| imported.update(|n| *n += 1))/>
        <crate::pages::docker_sources::DockerSourcesSection/>
    }
}

#[component]
fn HostRow(
    host: HostSummary,
    editing: RwSignal<Option<Option<HostSummary>>>,
    delete: ServerAction<DeleteHost>,
    trust: ServerAction<TrustHostKey>,
) -> impl IntoView {
    let test = ServerAction::<TestHost>::new();
    let confirm = RwSignal::new(false);
    let id = host.id;
    let edit = host.clone();
    let auth = match (host.has_password, host.has_key) {
        (true, true) => "password + key",
        (false, true) => "key",
        _ => "password",
    };
    let keys = host.host_keys.clone();
    view! {
        <article class="host-row" data-host=host.name.clone()>
            <div class="host-main">
                <strong>{host.name.clone()}</strong>
                <code>{format!("{}@{}:{}", host.username, host.address, host.port)}</code>
                <span class="pill">{auth}</span>
                {host.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}
            </div>
            <div class="host-keys small">
                {if keys.is_empty() {
                    view! { <span class="muted">"Host key: not trusted yet — Test or open a terminal to see its fingerprint."</span> }.into_any()
                } else {
                    keys.into_iter().map(|k| view! {
                        <span class="hostkey" title=format!("trusted by {}", k.trusted_by)>
                            <span class="pill ok">"trusted"</span>" "<code>{format!("{} {}", k.algorithm, k.fingerprint)}</code>
                        </span>
                    }).collect_view().into_any()
                }}
                {host.client_key.clone().map(|k| view! { <span class="muted">"Client key: "<code>{k}</code></span> })}
            </div>
            <div class="row-buttons">
                <a class="button small" href=format!("/terminal?host={id}")>"Terminal"</a>
                <button class="button ghost small" on:click=move |_| { test.dispatch(TestHost { id }); }>"Test connection"</button>
                <button class="button ghost small" on:click=move |_| editing.set(Some(Some(edit.clone())))>"Edit"</button>
                {move || if confirm.get() {
                    view! {
                        <span class="confirm">"Delete this host and its trusted keys? "
                            <button class="button danger small" on:click=move |_| { delete.dispatch(DeleteHost { id }); }>"Delete"</button>
                            <button class="button ghost small" on:click=move |_| confirm.set(false)>"Cancel"</button>
                        </span>
                    }.into_any()
                } else {
                    view! { <button class="button ghost small" on:click=move |_| confirm.set(true)>"Delete"</button> }.into_any()
                }}
            </div>
            {move || test.pending().get().then(|| view! { <p class="muted small">"Testing…"</p> })}
            {move || test.value().get().map(|r| match r {
                Ok(report) => view! { <TestResult id=id report=report trust=trust/> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
        </article>
    }
}

#[component]
fn TestResult(id: i64, report: TestReport, trust: ServerAction<TrustHostKey>) -> impl IntoView {
    view! {
        <div class="test-report" data-ok=report.ok.to_string() role="status">
            <ol class="steps">
                {report.steps.into_iter().map(|s| view! {
                    <li class=if s.ok { "ok" } else { "bad" }><strong>{s.name}</strong>" "<span>{s.detail}</span></li>
                }).collect_view()}
            </ol>
            {report.host_key.map(|(fp, changed)| {
                let fp2 = fp.clone();
                view! {
                    <div class=if changed { "hostkey-prompt changed" } else { "hostkey-prompt" }>
                        <p>{if changed {
                            "The server presents a DIFFERENT key than the trusted one. Replace it only if you know why it changed."
                        } else {
                            "Compare this fingerprint with the server's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before trusting it."
                        }}</p>
                        <code class="fingerprint">{fp}</code>
                        <button class=if changed { "button danger small" } else { "button small" }
                            on:click=move |_| { trust.dispatch(TrustHostKey { id, fingerprint: fp2.clone() }); }>
                            {if changed { "Replace trusted key" } else { "Trust this key" }}
                        </button>
                    </div>
                }
            })}
            <ErrorLine value=trust.value()/>
        </div>
    }
}
