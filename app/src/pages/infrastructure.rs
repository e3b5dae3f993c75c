//! Infrastructure: one table of everything ArchNest knows, with status, tags and
//! quick actions. Filter by kind or by text (name, address, tag, status).

use crate::api::infrastructure::{list_infrastructure, InfraItem};
use crate::components::{EmptyState, Icon};
use leptos::prelude::*;
use leptos_meta::Title;

const KINDS: &[(&str, &str)] = &[("", "Everything"), ("host", "SSH hosts"), ("docker", "Docker sources"), ("container", "Containers")];

fn matches(item: &InfraItem, kind: &str, text: &str) -> bool {
    let text = text.trim().to_lowercase();
    (kind.is_empty() || item.kind == kind)
        && (text.is_empty()
            || [&item.name, &item.detail, &item.status].iter().any(|f| f.to_lowercase().contains(&text))
            || item.tags.iter().any(|t| t.contains(&text))
            || item.parent.as_deref().is_some_and(|p| p.to_lowercase().contains(&text)))
}

#[component]
pub fn InfrastructurePage() -> impl IntoView {
    let items = Resource::new(|| (), |_| list_infrastructure());
    let kind = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    view! {
        <Title text="Infrastructure"/>
        <div class="page">
            <header class="page-header">
                <h1>"Infrastructure"</h1>
                <button class="button ghost" on:click=move |_| items.refetch()>"Refresh"</button>
            </header>
            <div class="toolbar infra-toolbar">
                <select aria-label="Kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {KINDS.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                </select>
                <input type="search" placeholder="Filter by name, address, tag or status" aria-label="Filter"
                    prop:value=text on:input=move |ev| text.set(event_target_value(&ev))/>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match items.await {
                        Err(e) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <EmptyState icon=Icon::Infrastructure title="Nothing here yet"
                                message="Add SSH hosts and Docker sources in Settings → Hosts & Integrations; VMs and cloud resources join them with the integration modules."/>
                        }.into_any(),
                        Ok(list) => view! { <InfraTable list=list kind=kind text=text/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn InfraTable(list: Vec<InfraItem>, kind: RwSignal<String>, text: RwSignal<String>) -> impl IntoView {
    let list = StoredValue::new(list);
    view! {
        <div class="table-scroll">
            <table class="table infra-table" id="infra-table">
                <thead><tr><th>"Name"</th><th>"Kind"</th><th>"Address / image"</th><th>"Status"</th><th>"Tags"</th><th></th></tr></thead>
                <tbody>
                    {move || {
                        let (k, t) = (kind.get(), text.get());
                        list.with_value(|l| l.iter().filter(|i| matches(i, &k, &t)).cloned().collect::<Vec<_>>())
                            .into_iter()
                            .map(|i| view! {
                                <tr data-kind=i.kind.clone() data-name=i.name.clone() class:child=i.parent.is_some()>
                                    <td><span class=format!("dot {}", i.health)></span>" "<strong>{i.name.clone()}</strong>
                                        {i.parent.clone().map(|p| view! { <span class="muted small">{format!(" on {p}")}</span> })}</td>
                                    <td>{match i.kind.as_str() { "host" => "SSH host", "docker" => "Docker", _ => "Container" }}</td>
                                    <td><code>{i.detail.clone()}</code></td>
                                    <td class="infra-status" title=i.status.clone()>{i.status.clone()}</td>
                                    <td>{i.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span>" " }).collect_view()}</td>
                                    <td class="actions">{i.actions.iter().map(|(l, h)| view! { <a class="button ghost small" href=h.clone()>{l.clone()}</a>" " }).collect_view()}</td>
                                </tr>
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_by_kind_and_text() {
        let item = InfraItem {
            kind: "host".into(),
            name: "nas".into(),
            detail: "root@10.0.0.5:22".into(),
            health: "ok".into(),
            status: "up".into(),
            tags: vec!["storage".into()],
            parent: None,
            actions: vec![],
        };
        assert!(matches(&item, "", ""));
        assert!(matches(&item, "host", "NAS"));
        assert!(matches(&item, "", "10.0.0"));
        assert!(matches(&item, "", "stor"));
        assert!(!matches(&item, "docker", ""));
        assert!(!matches(&item, "", "web"));
    }
}
