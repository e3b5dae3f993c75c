//! Metrics: a card per host (CPU, load, memory, disks, uptime, reachability) kept
//! fresh by polling, a chart view for the host in `?host=`, the collection interval
//! (admins edit it) and the `advanced-metrics` features shown locked.

use crate::api::metrics::{load_metrics_overview, load_metrics_settings, HostMetrics, MetricsSettings};
use crate::components::chart::ago;
use crate::components::{host_from_query, EmptyState, Icon, ModuleGate, Sparkline};
use crate::pages::metrics_detail::MetricsDetail;
use archnest_modules::Module;
use leptos::prelude::*;
use leptos_meta::Title;
use std::time::Duration;

/// How often the page asks for fresh numbers (the collector's minimum interval).
const POLL: Duration = Duration::from_secs(5);

pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut i = 0;
    while v >= 1024.0 && i + 1 < UNITS.len() {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 || v >= 100.0 { format!("{v:.0} {}", UNITS[i]) } else { format!("{v:.1} {}", UNITS[i]) }
}

pub fn uptime(s: u64) -> String {
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h) {
        (0, 0) => format!("{m} min"),
        (0, _) => format!("{h} h {m} min"),
        _ => format!("{d} d {h} h"),
    }
}

fn pct(used: u64, total: u64) -> f64 {
    if total == 0 { 0.0 } else { used as f64 * 100.0 / total as f64 }
}

/// A labelled usage bar; `warn`/`bad` colours above 80 % / 90 %.
#[component]
fn UsageBar(label: String, used: u64, total: u64) -> impl IntoView {
    let p = pct(used, total);
    let level = if p >= 90.0 { "bad" } else if p >= 80.0 { "warn" } else { "ok" };
    view! {
        <div class="usage">
            <div class="usage-text">
                <span class="usage-label" title=label.clone()>{label.clone()}</span>
                <span class="muted">{format!("{} / {} ({p:.0} %)", bytes(used), bytes(total))}</span>
            </div>
            <div class=format!("usage-bar {level}") role="meter" aria-label=label aria-valuenow=format!("{p:.0}") aria-valuemin="0" aria-valuemax="100">
                <span style=format!("width: {p:.1}%")></span>
            </div>
        </div>
    }
}

#[component]
fn HostCard(h: HostMetrics, now: i64) -> impl IntoView {
    let (pill, pill_class) = match h.reachable {
        Some(true) => ("reachable", "pill ok"),
        Some(false) => ("unreachable", "pill bad"),
        None => ("waiting", "pill warn"),
    };
    let seen = match h.last_ok_at {
        Some(t) => format!("last seen {} ago", ago(now - t)),
        None => "never reached".into(),
    };
    let spark: Vec<Option<f64>> = h.spark.iter().map(|p| p.cpu).collect();
    let mem_spark: Vec<Option<f64>> = h.spark.iter().map(|p| Some(p.mem)).collect();
    let has_sample = h.at.is_some();
    view! {
        <article class="card metric-card" data-host=h.host_id data-reachable=h.reachable.map(|r| r.to_string()).unwrap_or_default()>
            <header class="metric-head">
                <div>
                    <h3>{h.name.clone()}</h3>
                    <span class="muted small">{h.address.clone()}</span>
                </div>
                <span class=pill_class>{pill}</span>
            </header>
            {h.last_error.clone().map(|e| view! {
                <p class="metric-error" role="status">{e}</p>
                <p class="muted small">{seen.clone()}</p>
            })}
            {has_sample.then(|| view! {
                <div class="metric-stats">
                    <div class="metric-stat">
                        <span class="muted small">"CPU"</span>
                        <strong class="metric-cpu">{h.cpu_pct.map(|c| format!("{c:.1} %")).unwrap_or_else(|| "—".into())}</strong>
                        <Sparkline values=spark max=100.0 label="CPU % over the last hour" class="cpu"/>
                    </div>
                    <div class="metric-stat">
                        <span class="muted small">"Load 1 · 5 · 15"</span>
                        <strong class="metric-load">{h.load.map(|l| format!("{:.2} · {:.2} · {:.2}", l[0], l[1], l[2])).unwrap_or_default()}</strong>
                        <Sparkline values=mem_spark max=100.0 label="Memory % over the last hour" class="mem"/>
                    </div>
                </div>
                <UsageBar label="Memory".to_string() used=h.mem_used total=h.mem_total/>
                <div class="metric-disks">
                    {h.disks.iter().map(|d| view! { <UsageBar label=d.mount.clone() used=d.used total=d.total/> }).collect_view()}
                </div>
                <p class="muted small metric-foot">
                    <span>{h.uptime_s.map(|u| format!("up {}", uptime(u))).unwrap_or_default()}</span>
                    <span>{h.at.map(|t| format!("sampled {} ago", ago(now - t))).unwrap_or_default()}</span>
                </p>
            })}
            {(!has_sample && h.last_error.is_none()).then(|| view! { <p class="muted">"Waiting for the first sample…"</p> })}
            <a class="button ghost small" href=format!("/metrics?host={}", h.host_id)>"Charts"</a>
        </article>
    }
}

#[component]
fn IntervalControl(settings: MetricsSettings) -> impl IntoView {
    let save = ServerAction::<crate::api::metrics::SetMetricsInterval>::new();
    let current = RwSignal::new(settings.interval_secs);
    Effect::new(move |_| {
        if let Some(Ok(s)) = save.value().get() {
            current.set(s.interval_secs);
        }
    });
    if !settings.can_edit {
        return view! { <span class="muted small" id="metrics-interval">{move || format!("Sampled every {} s", current.get())}</span> }.into_any();
    }
    view! {
        <ActionForm action=save attr:class="interval-form">
            <label>
                <span class="muted small">"Sample every"</span>
                <input type="number" name="secs" id="metrics-interval" min=settings.min_secs max=settings.max_secs
                    prop:value=move || current.get().to_string() required=true/>
                <span class="muted small">"s"</span>
            </label>
            <button class="button small" type="submit" disabled=move || save.pending().get()>"Save"</button>
            {move || save.value().get().and_then(|r| r.err()).map(|e| view! { <span class="form-error small">{e.to_string()}</span> })}
        </ActionForm>
    }.into_any()
}

#[component]
fn AdvancedMetrics() -> impl IntoView {
    view! {
        <section class="card advanced-metrics">
            <h2>"Network, processes, ports, firewall, logins"</h2>
            <ModuleGate module=Module::AdvancedMetrics>
                <p class="muted">"Collection of these is not part of this version yet."</p>
            </ModuleGate>
        </section>
    }
}

#[component]
pub fn MetricsPage() -> impl IntoView {
    let selected = host_from_query();
    let tick = RwSignal::new(0u32);
    let overview = Resource::new(move || tick.get(), |_| load_metrics_overview());
    let settings = Resource::new(|| (), |_| load_metrics_settings());
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || tick.update(|n| *n = n.wrapping_add(1)), POLL) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <Title text="Metrics"/>
        <div class="page metrics-page">
            <header class="page-header">
                <h1>"Metrics"</h1>
                <Suspense fallback=|| ()>
                    {move || settings.get().map(|r| r.ok().map(|s| view! { <IntervalControl settings=s/> }))}
                </Suspense>
            </header>
            <MetricsDetail host=selected tick=tick/>
            <Transition fallback=|| view! { <p class="muted">"Loading metrics…"</p> }>
                {move || overview.get().map(|r| match r {
                    Err(e) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                    Ok(o) if o.hosts.is_empty() => view! {
                        <EmptyState icon=Icon::Metrics title="No hosts yet"
                            message="Add an SSH host in Settings → Hosts; its CPU, memory and disks appear here within one interval."/>
                    }.into_any(),
                    Ok(o) => {
                        let now = o.now;
                        view! {
                            <section class="metric-cards">
                                {o.hosts.into_iter().map(|h| view! { <HostCard h=h now=now/> }).collect_view()}
                            </section>
                        }.into_any()
                    }
                })}
            </Transition>
            <AdvancedMetrics/>
        </div>
    }
}
