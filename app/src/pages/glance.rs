//! Glance: the home page. Hosts with CPU/memory sparklines, containers per Docker
//! source, tunnels, bookmarks and the license — live, from server-sent events.

use crate::api::glance::{load_glance, GlanceData};
use crate::api::metrics::HostMetrics;
use crate::api::system::load_system_info;
use crate::components::{EmptyState, Icon, Sparkline};
use leptos::prelude::*;
use leptos_meta::Title;

fn pct(used: u64, total: u64) -> Option<f64> {
    (total > 0).then(|| used as f64 * 100.0 / total as f64)
}

#[component]
pub fn GlancePage() -> impl IntoView {
    let initial = Resource::new(|| (), |_| load_glance());
    // Live snapshot from /api/glance/events once the page runs in the browser.
    let live = RwSignal::new(None::<GlanceData>);
    let live_at = RwSignal::new(None::<f64>);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::prelude::*;
        use wasm_bindgen::JsCast;
        if let Ok(es) = web_sys::EventSource::new(crate::api::glance::EVENTS_PATH) {
            let on = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(Ok(d)) = ev.data().as_string().map(|t| serde_json::from_str::<GlanceData>(&t)) {
                    live.set(Some(d));
                    live_at.set(Some(js_sys::Date::now()));
                }
            });
            let _ = es.add_event_listener_with_callback("glance", on.as_ref().unchecked_ref());
            let kept: StoredValue<_, LocalStorage> = StoredValue::new_local(Some((es, on)));
            on_cleanup(move || {
                kept.update_value(|k| {
                    if let Some((es, _on)) = k.take() {
                        es.close();
                    }
                })
            });
        }
    }
    view! {
        <Title text="Glance"/>
        <div class="page">
            <header class="page-header">
                <h1>"Glance"</h1>
                <span class="muted small" id="glance-live">{move || if live_at.get().is_some() { "Live" } else { "" }}</span>
            </header>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let first = initial.await;
                    match first {
                        Err(e) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                        Ok(first) => {
                            let data = Signal::derive(move || live.get().unwrap_or_else(|| first.clone()));
                            view! { <GlanceCards data=data><SystemCard/></GlanceCards> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn GlanceCards(data: Signal<GlanceData>, children: Children) -> impl IntoView {
    view! {
        <section class="cards glance-cards">
            <article class="card" id="glance-hosts">
                <h2>"Hosts"</h2>
                {move || {
                    let hosts = data.with(|d| d.metrics.hosts.clone());
                    if hosts.is_empty() {
                        return view! { <EmptyState icon=Icon::Infrastructure title="No hosts yet" message="Add an SSH host in Settings → Hosts; its CPU, memory and disk appear here."/> }.into_any();
                    }
                    let up = hosts.iter().filter(|h| h.reachable == Some(true)).count();
                    view! {
                        <p class="glance-count"><strong>{up}</strong>" up · "<strong>{hosts.len() - up}</strong>" down or waiting"</p>
                        <ul class="glance-hosts">{hosts.into_iter().map(|h| view! { <HostLine h=h/> }).collect_view()}</ul>
                    }.into_any()
                }}
            </article>
            <article class="card" id="glance-containers">
                <h2>"Containers"</h2>
                {move || {
                    let sources = data.with(|d| d.docker.clone());
                    if sources.is_empty() {
                        return view! { <EmptyState icon=Icon::Docker title="No Docker source" message="Connect a Docker Engine in Settings → Hosts & Integrations."/> }.into_any();
                    }
                    view! {
                        <ul class="glance-list">
                            {sources.into_iter().map(|s| view! {
                                <li data-source=s.name.clone()>
                                    <a href="/docker">{s.name.clone()}</a>
                                    {match s.error {
                                        Some(e) => view! { <span class="pill bad" title=e.clone()>"unreachable"</span><span class="muted small glance-error">{e}</span> }.into_any(),
                                        None => view! {
                                            <span class="pill ok glance-running">{format!("{} running", s.running)}</span>
                                            <span class="pill">{format!("{} stopped", s.stopped)}</span>
                                        }.into_any(),
                                    }}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </article>
            <article class="card" id="glance-tunnels">
                <h2>"Tunnels"</h2>
                {move || {
                    let (up, total) = data.with(|d| d.tunnels);
                    if total == 0 {
                        view! { <p class="muted">"No tunnels defined. "<a href="/tunnels">"Create one"</a></p> }.into_any()
                    } else {
                        view! { <p class="glance-count"><a href="/tunnels"><strong>{up}</strong>{format!(" of {total} up")}</a></p> }.into_any()
                    }
                }}
            </article>
            <article class="card" id="glance-license">
                <h2>"License"</h2>
                {move || data.with(|d| {
                    let (class, text) = match d.license_state.as_str() {
                        "valid" => ("pill ok", "valid"),
                        "offline-grace" => ("pill warn", "offline grace"),
                        "free" => ("pill", "free core"),
                        "expired" => ("pill warn", "expired — free core"),
                        "no-production-key" => ("pill warn", "this build cannot verify licenses"),
                        _ => ("pill bad", "invalid"),
                    };
                    view! {
                        <p><span class=class>{text}</span>" "{format!("{} paid modules", d.modules_owned)}</p>
                        <a class="small" href="/settings/store">"Module Store"</a>
                    }
                })}
            </article>
            <article class="card glance-bookmarks" id="glance-bookmarks">
                <h2>"Bookmarks"</h2>
                {move || {
                    let tiles = data.with(|d| d.bookmarks.clone());
                    if tiles.is_empty() {
                        return view! { <p class="muted">"No bookmarks yet. "<a href="/bookmarks">"Add your services"</a></p> }.into_any();
                    }
                    view! {
                        <ul class="glance-bookmark-list">
                            {tiles.into_iter().map(|t| view! {
                                <li>
                                    <a href=t.url.clone() target="_blank" rel="noopener noreferrer">
                                        {match (t.emoji.clone(), t.icon_src.clone()) {
                                            (Some(e), _) => view! { <span class="bm-emoji">{e}</span> }.into_any(),
                                            (None, Some(src)) => view! { <img src=src alt="" width="16" height="16"/> }.into_any(),
                                            (None, None) => view! { <span class="bm-letter">{t.name.chars().next().unwrap_or('?').to_string()}</span> }.into_any(),
                                        }}
                                        <span>{t.name.clone()}</span>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </article>
            {children()}
        </section>
    }
}

#[component]
fn SystemCard() -> impl IntoView {
    let info = Resource::new(|| (), |_| load_system_info());
    view! {
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
        </article>
    }
}

#[component]
fn HostLine(h: HostMetrics) -> impl IntoView {
    let mem = pct(h.mem_used, h.mem_total);
    let cpu_spark: Vec<Option<f64>> = h.spark.iter().map(|p| p.cpu).collect();
    let mem_spark: Vec<Option<f64>> = h.spark.iter().map(|p| Some(p.mem)).collect();
    let (dot, state) = match h.reachable {
        Some(true) => ("dot ok", "up"),
        Some(false) => ("dot bad", "unreachable"),
        None => ("dot", "waiting for first sample"),
    };
    view! {
        <li class="glance-host" data-host=h.name.clone() data-state=state>
            <span class=dot title=state></span>
            <a class="glance-host-name" href=format!("/metrics?host={}", h.host_id)>{h.name.clone()}</a>
            {match h.reachable {
                Some(false) => view! { <span class="muted small glance-error" title=h.last_error.clone().unwrap_or_default()>{h.last_error.clone().unwrap_or_default()}</span> }.into_any(),
                _ => view! {
                    <span class="glance-metric"><span class="muted small">"CPU"</span><strong class="glance-cpu">{h.cpu_pct.map(|c| format!("{c:.0}%")).unwrap_or_else(|| "—".into())}</strong>
                        <Sparkline values=cpu_spark max=100.0 label="CPU % over the last hour" class="cpu"/></span>
                    <span class="glance-metric"><span class="muted small">"Mem"</span><strong class="glance-mem">{mem.map(|m| format!("{m:.0}%")).unwrap_or_else(|| "—".into())}</strong>
                        <Sparkline values=mem_spark max=100.0 label="Memory % over the last hour" class="mem"/></span>
                }.into_any(),
            }}
            <a class="button ghost small" href=format!("/terminal?host={}", h.host_id)>"Terminal"</a>
        </li>
    }
}
