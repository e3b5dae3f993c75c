//! Glance: the home page. Shows what ArchNest knows right now — no sample data.

use crate::api::system::load_system_info;
use crate::components::{EmptyState, Icon};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn GlancePage() -> impl IntoView {
    let info = Resource::new(|| (), |_| load_system_info());
    let (refreshes, set_refreshes) = signal(0u32);
    view! {
        <Title text="Glance"/>
        <div class="page">
            <header class="page-header">
                <h1>"Glance"</h1>
                <button
                    class="button ghost"
                    id="refresh-status"
                    on:click=move |_| {
                        set_refreshes.update(|n| *n += 1);
                        info.refetch();
                    }
                >
                    "Refresh"
                </button>
            </header>
            <section class="cards">
                <article class="card" id="system-card">
                    <h2>"This install"</h2>
                    <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                        {move || Suspend::new(async move {
                            match info.await {
                                Ok(i) => view! {
                                    <dl class="facts">
                                        <dt>"Version"</dt><dd>{i.version}</dd>
                                        <dt>"Database"</dt>
                                        <dd>
                                            {i.database}" "
                                            <span class=if i.database_ok { "pill ok" } else { "pill bad" }>
                                                {if i.database_ok { "ok" } else { "unreachable" }}
                                            </span>
                                        </dd>
                                    </dl>
                                }.into_any(),
                                Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <p class="muted small" id="refresh-count">
                        {move || match refreshes.get() { 0 => String::new(), n => format!("Refreshed {n}×") }}
                    </p>
                </article>
                <article class="card">
                    <h2>"Hosts"</h2>
                    <EmptyState icon=Icon::Infrastructure title="No hosts yet" message="Hosts you add will show their status and load here."/>
                </article>
                <article class="card">
                    <h2>"Containers"</h2>
                    <EmptyState icon=Icon::Docker title="No Docker source" message="Connect a Docker Engine to see running and stopped containers."/>
                </article>
            </section>
        </div>
    }
}
