//! The Docker page: a source picker and tabs for containers (with stats, actions
//! and live logs), images, volumes and networks.

mod containers;
mod logs;
mod resources;

use crate::api::docker::sources::list_docker_sources;
use crate::components::{EmptyState, Icon};
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Containers,
    Images,
    Volumes,
    Networks,
}

const TABS: [(Tab, &str); 4] = [(Tab::Containers, "Containers"), (Tab::Images, "Images"), (Tab::Volumes, "Volumes"), (Tab::Networks, "Networks")];

#[component]
pub fn DockerPage() -> impl IntoView {
    let sources = Resource::new(|| (), |_| list_docker_sources());
    let selected = RwSignal::new(None::<i32>);
    let tab = RwSignal::new(Tab::Containers);
    view! {
        <Title text="Docker"/>
        <div class="page docker-page">
            <Transition fallback=|| view! { <header class="page-header"><h1>"Docker"</h1></header><p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let list = match sources.await {
                        Ok(l) => l,
                        Err(e) => return view! { <header class="page-header"><h1>"Docker"</h1></header><p class="form-error">{e.to_string()}</p> }.into_any(),
                    };
                    if list.is_empty() {
                        return view! {
                            <header class="page-header"><h1>"Docker"</h1></header>
                            <EmptyState icon=Icon::Docker title="No Docker source yet"
                                message="Add a Docker Engine (tcp://host:2375, or https://host:2376 with TLS) in Settings → Hosts & Integrations. Only admins can add sources.">
                                <a class="button" href="/settings/hosts">"Open Hosts & Integrations"</a>
                            </EmptyState>
                        }.into_any();
                    }
                    let first = list[0].id;
                    let source = Signal::derive(move || selected.get().unwrap_or(first));
                    let multi = list.len() > 1;
                    view! {
                        <header class="page-header">
                            <h1>"Docker"</h1>
                            {multi.then(|| view! {
                                <select aria-label="Docker source" on:change=move |ev| selected.set(event_target_value(&ev).parse().ok())>
                                    {list.iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                                </select>
                            })}
                            {(!multi).then(|| view! { <span class="muted" id="docker-source-name">{list[0].name.clone()}" · "<code>{list[0].url.clone()}</code></span> })}
                        </header>
                        <div class="tabs" role="tablist">
                            {TABS.iter().map(|(t, label)| {
                                let t = *t;
                                view! {
                                    <button role="tab" class="tab" aria-selected=move || (tab.get() == t).to_string()
                                        on:click=move |_| tab.set(t)>{*label}</button>
                                }
                            }).collect_view()}
                        </div>
                        {move || match tab.get() {
                            Tab::Containers => view! { <containers::ContainersTab source=source/> }.into_any(),
                            Tab::Images => view! { <resources::ImagesTab source=source/> }.into_any(),
                            Tab::Volumes => view! { <resources::VolumesTab source=source/> }.into_any(),
                            Tab::Networks => view! { <resources::NetworksTab source=source/> }.into_any(),
                        }}
                    }.into_any()
                })}
            </Transition>
        </div>
    }
}

/// 1536 → "1.5 KiB".
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 { format!("{n} B") } else { format!("{v:.1} {}", UNITS[i]) }
}
