//! The chart view of one host (`?host=`): CPU, memory and load over 1 h / 24 h / 7 d.

use crate::api::metrics::{load_metrics_history, MetricsHistory};
use crate::components::{ChartSeries, HostPicker, LineChart};
use leptos::prelude::*;

const RANGES: [(&str, &str); 3] = [("1h", "1 hour"), ("24h", "24 hours"), ("7d", "7 days")];

fn charts(h: MetricsHistory) -> impl IntoView {
    let gap = h.bucket * 3;
    let cpu = ChartSeries { name: "CPU", class: "cpu", points: h.points.iter().map(|p| (p.at, p.cpu)).collect() };
    let mem = ChartSeries { name: "Memory", class: "mem", points: h.points.iter().map(|p| (p.at, Some(p.mem))).collect() };
    let load = ChartSeries { name: "Load (1 min)", class: "load", points: h.points.iter().map(|p| (p.at, Some(p.load1))).collect() };
    view! {
        <div class="chart-grid-3">
            <LineChart series=vec![cpu] from=h.from to=h.to y_max=100.0 unit="%" label="CPU" gap=gap/>
            <LineChart series=vec![mem] from=h.from to=h.to y_max=100.0 unit="%" label="Memory used" gap=gap/>
            <LineChart series=vec![load] from=h.from to=h.to unit="" label="Load average" gap=gap/>
        </div>
    }
}

#[component]
pub fn MetricsDetail(host: Memo<Option<i64>>, tick: RwSignal<u32>) -> impl IntoView {
    let range = RwSignal::new("1h".to_string());
    // Longer ranges change slowly: refresh them once a minute, not every poll.
    let key = move || {
        let r = range.get();
        let t = tick.get();
        let t = if r == "1h" { t } else { t / 12 };
        (host.get(), r, t)
    };
    let history = Resource::new(key, |(h, r, _)| async move {
        match h {
            Some(h) => load_metrics_history(h, r).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <section class="card metrics-detail">
            <div class="detail-bar">
                <HostPicker/>
                <div class="segmented" role="group" aria-label="Range">
                    {RANGES.into_iter().map(|(value, label)| view! {
                        <button type="button" class="segment" data-range=value
                            aria-pressed=move || (range.get() == value).to_string()
                            on:click=move |_| range.set(value.to_string())>{label}</button>
                    }).collect_view()}
                </div>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading charts…"</p> }>
                {move || history.get().map(|r| match r {
                    Err(e) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                    Ok(None) => view! { <p class="muted">"Choose a host (or a card's Charts button) to see its history."</p> }.into_any(),
                    Ok(Some(h)) => charts(h).into_any(),
                })}
            </Transition>
        </section>
    }
}
