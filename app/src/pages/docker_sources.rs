//! Settings → Hosts & Integrations: Docker sources. TLS material is write-only:
//! the form shows "stored" and accepts a replacement, never the stored value.

use crate::api::docker::sources::{list_docker_sources, DeleteDockerSource, SaveDockerSource, TestDockerSource};
use crate::api::docker::DockerSource;
use crate::components::module_gate::owns;
use crate::components::LockBadge;
use crate::pages::auth::ErrorLine;
use archnest_modules::{caps, Module};
use leptos::prelude::*;

#[component]
pub fn DockerSourcesSection() -> impl IntoView {
    let save = ServerAction::<SaveDockerSource>::new();
    let delete = ServerAction::<DeleteDockerSource>::new();
    let sources = Resource::new(move || (save.version().get(), delete.version().get()), |_| list_docker_sources());
    // None = form closed; Some(None) = adding; Some(Some(s)) = editing s.
    let editing = RwSignal::new(None::<Option<DockerSource>>);
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            editing.set(None);
        }
    });
    let ssh_owned = owns(Module::DockerOverSsh);
    view! {
        <section class="card" id="docker-sources">
            <h2>"Docker sources"</h2>
            <p class="muted small">"Docker Engine API over TCP: tcp://host:2375, or https://host:2376 with TLS client certificates."</p>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let list = sources.await;
                    list.map(|list| {
                        let count = list.len() as u64;
                        let can_add = Signal::derive(move || caps::DOCKER_SOURCES.allows_another(if ssh_owned.get() { [Module::DockerOverSsh].into_iter().collect() } else { Default::default() }, count));
                        view! {
                            {(!list.is_empty()).then(|| view! {
                                <div class="table-scroll">
                                <table class="table">
                                    <thead><tr><th>"Name"</th><th>"Address"</th><th>"TLS"</th><th></th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|s| {
                                            let edit = s.clone();
                                            let id = s.id;
                                            view! {
                                                <tr data-source=s.name.clone()>
                                                    <td>{s.name.clone()}</td>
                                                    <td><code>{s.url.clone()}</code></td>
                                                    <td>{if s.tls_key_stored { view! { <span class="pill ok">"stored"</span> }.into_any() } else { view! { <span class="muted">"none"</span> }.into_any() }}</td>
                                                    <td class="actions">
                                                        <button class="button ghost small" on:click=move |_| editing.set(Some(Some(edit.clone())))>"Edit"</button>
                                                        " "
                                                        <button class="button ghost small" on:click=move |_| { delete.dispatch(DeleteDockerSource { id }); }>"Delete"</button>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                </div>
                            })}
                            <div class="row-actions">
                                <button class="button" id="docker-add-source" disabled=move || !can_add.get()
                                    on:click=move |_| editing.set(Some(None))>"Add Docker source"</button>
                                {move || (!can_add.get()).then(|| view! {
                                    <span class="muted small">"The free core includes one Docker source."</span>
                                    <LockBadge module=caps::DOCKER_SOURCES.lifted_by/>
                                })}
                            </div>
                        }
                    })
                    .map_err(|e| e.to_string())
                })}
            </Transition>
            <ErrorLine value=delete.value()/>
            {move || editing.get().map(|current| view! { <SourceForm current=current save=save on_cancel=move || editing.set(None)/> })}
        </section>
    }
}

#[component]
fn SourceForm(current: Option<DockerSource>, save: ServerAction<SaveDockerSource>, on_cancel: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let id = current.as_ref().map(|s| s.id);
    let name = RwSignal::new(current.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let url = RwSignal::new(current.as_ref().map(|s| s.url.clone()).unwrap_or_default());
    let transport = RwSignal::new("tcp".to_owned());
    let ca = RwSignal::new(String::new());
    let cert = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let clear_tls = RwSignal::new(false);
    let stored = current.as_ref().map(|s| (s.tls_ca_stored, s.tls_cert_stored, s.tls_key_stored)).unwrap_or_default();
    let test = ServerAction::<TestDockerSource>::new();
    let ssh_owned = owns(Module::DockerOverSsh);
    let save_args = move || SaveDockerSource {
        id,
        name: name.get(),
        transport: transport.get(),
        url: url.get(),
        tls_ca: ca.get(),
        tls_cert: cert.get(),
        tls_key: key.get(),
        clear_tls: clear_tls.get(),
    };
    let pem = move |label: &'static str, field: &'static str, sig: RwSignal<String>, is_stored: bool| {
        view! {
            <label>{label}
                <textarea name=field rows="3" spellcheck="false" autocomplete="off"
                    placeholder=if is_stored { "stored — paste a new PEM to replace it" } else { "-----BEGIN …-----" }
                    prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))></textarea>
            </label>
        }
    };
    view! {
        <form class="form source-form" id="docker-source-form" on:submit=move |ev| { ev.prevent_default(); save.dispatch(save_args()); }>
            <h3>{if id.is_some() { "Edit Docker source" } else { "New Docker source" }}</h3>
            <label>"Name"<input name="name" required maxlength="64" placeholder="nas" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <fieldset class="transport">
                <legend>"Transport"</legend>
                <label class="check"><input type="radio" name="transport" value="tcp" checked=true on:change=move |_| transport.set("tcp".into())/>"TCP (Docker Engine API)"</label>
                <label class="check" class:disabled=move || !ssh_owned.get()>
                    <input type="radio" name="transport" value="ssh" disabled=move || !ssh_owned.get() on:change=move |_| transport.set("ssh".into())/>"SSH"
                    {move || (!ssh_owned.get()).then(|| view! { <LockBadge module=Module::DockerOverSsh/> })}
                </label>
            </fieldset>
            <label>"Engine address"<input name="url" required placeholder="tcp://192.168.1.10:2375" prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/></label>
            <details class="tls" open=stored.2>
                <summary>"TLS client certificates (for https://host:2376)"</summary>
                {pem("CA certificate", "tls_ca", ca, stored.0)}
                {pem("Client certificate", "tls_cert", cert, stored.1)}
                {pem("Client key", "tls_key", key, stored.2)}
                {stored.2.then(|| view! {
                    <label class="check"><input type="checkbox" on:change=move |ev| clear_tls.set(event_target_checked(&ev))/>"Remove the stored TLS material"</label>
                })}
            </details>
            {move || test.value().get().map(|r| match r {
                Ok(t) => view! { <p class=if t.ok { "form-ok" } else { "form-error" } id="docker-test-result" data-kind=t.kind.clone() role="status">{t.message}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" id="docker-test-result" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            <ErrorLine value=save.value()/>
            <div class="row-actions">
                <button class="button" type="submit" disabled=move || save.pending().get()>{move || if save.pending().get() { "Saving…" } else { "Save" }}</button>
                <button class="button ghost" type="button" id="docker-test" disabled=move || test.pending().get()
                    on:click=move |_| {
                        let a = save_args();
                        test.dispatch(TestDockerSource { id: a.id, name: a.name, transport: a.transport, url: a.url, tls_ca: a.tls_ca, tls_cert: a.tls_cert, tls_key: a.tls_key, clear_tls: a.clear_tls });
                    }>{move || if test.pending().get() { "Testing…" } else { "Test connection" }}</button>
                <button class="button ghost" type="button" on:click=move |_| on_cancel()>"Cancel"</button>
            </div>
        </form>
    }
}
