//! Live container logs over Server-Sent Events (`/api/docker/…/logs`): follow,
//! tail N, timestamps, search highlight, download.

use leptos::prelude::*;

/// Lines kept in the browser; older ones scroll away.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code, reason = "used by the browser-side stream"))]
const MAX_LINES: usize = 5000;

#[derive(Clone, PartialEq, Eq)]
struct Line {
    seq: u64,
    err: bool,
    text: String,
}

#[component]
pub fn LogPanel(source: i32, id: String, name: String, on_close: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let follow = RwSignal::new(true);
    let timestamps = RwSignal::new(false);
    let tail = RwSignal::new("200".to_owned());
    let search = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<Line>::new());
    let status = RwSignal::new(String::from("Connecting…"));
    let base = format!("/api/docker/{source}/containers/{id}/logs");
    let query = move || format!("tail={}&timestamps={}", tail.get(), if timestamps.get() { 1 } else { 0 });
    let stream_url = {
        let base = base.clone();
        move || format!("{base}?follow={}&{}", if follow.get() { 1 } else { 0 }, query())
    };
    let download_url = move || format!("{base}/download?{}", query());
    connect(Signal::derive(stream_url), lines, status);
    view! {
        <section class="card log-panel" id="docker-logs">
            <header class="log-head">
                <h2>"Logs · "{name}</h2>
                <div class="toolbar">
                    <label class="check"><input type="checkbox" prop:checked=move || follow.get() on:change=move |ev| follow.set(event_target_checked(&ev))/>"Follow"</label>
                    <label class="check"><input type="checkbox" id="docker-logs-timestamps" on:change=move |ev| timestamps.set(event_target_checked(&ev))/>"Timestamps"</label>
                    <label class="check">"Tail"
                        <select on:change=move |ev| tail.set(event_target_value(&ev))>
                            {["100", "200", "1000", "5000", "all"].into_iter().map(|n| view! { <option value=n selected=n == "200">{n}</option> }).collect_view()}
                        </select>
                    </label>
                    <input type="search" placeholder="Highlight" aria-label="Search logs" id="docker-logs-search" on:input=move |ev| search.set(event_target_value(&ev))/>
                    <a class="button ghost small" href=download_url download="">"Download"</a>
                    <button class="button ghost small" on:click=move |_| on_close()>"Close"</button>
                </div>
            </header>
            <p class="muted small" id="docker-logs-status">{move || status.get()}</p>
            <pre class="log-lines" id="docker-log-lines">
                <For each=move || lines.get() key=|l| l.seq let:l>
                    <div class:err=l.err>{move || highlight(&l.text, &search.get())}</div>
                </For>
            </pre>
        </section>
    }
}

fn highlight(text: &str, q: &str) -> AnyView {
    if q.is_empty() {
        return text.to_owned().into_any();
    }
    let lower = text.to_lowercase();
    let ql = q.to_lowercase();
    if lower.len() != text.len() || !lower.contains(&ql) {
        return text.to_owned().into_any();
    }
    let mut parts = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find(&ql) {
        let start = at + i;
        parts.push(text[at..start].to_owned().into_any());
        parts.push(view! { <mark>{text[start..start + ql.len()].to_owned()}</mark> }.into_any());
        at = start + ql.len();
    }
    parts.push(text[at..].to_owned().into_any());
    parts.into_any()
}

#[cfg(not(feature = "hydrate"))]
fn connect(_url: Signal<String>, _lines: RwSignal<Vec<Line>>, _status: RwSignal<String>) {}

/// Opens an EventSource for the current URL; a new URL (options changed) replaces it.
#[cfg(feature = "hydrate")]
fn connect(url: Signal<String>, lines: RwSignal<Vec<Line>>, status: RwSignal<String>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};
    let current = StoredValue::new_local(None::<EventSource>);
    let seq = StoredValue::new(0u64);
    let close = move || {
        current.update_value(|c| {
            if let Some(es) = c.take() {
                es.close();
            }
        })
    };
    Effect::new(move |_| {
        let u = url.get();
        close();
        lines.set(Vec::new());
        status.set("Connecting…".into());
        let Ok(es) = EventSource::new(&u) else {
            status.set("This browser cannot open the log stream.".into());
            return;
        };
        let on_open = Closure::<dyn FnMut()>::new(move || status.set("Streaming".into()));
        let on_msg = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data().as_string().unwrap_or_default();
            let (kind, text) = data.split_at(data.char_indices().nth(1).map(|(i, _)| i).unwrap_or(data.len()));
            seq.update_value(|s| *s += 1);
            let line = Line { seq: seq.get_value(), err: kind == "e", text: text.to_owned() };
            lines.update(|l| {
                l.push(line);
                if l.len() > MAX_LINES {
                    l.drain(..l.len() - MAX_LINES);
                }
            });
        });
        let es_end = es.clone();
        let on_end = Closure::<dyn FnMut()>::new(move || {
            es_end.close();
            status.set("End of log".into());
        });
        let es_err = es.clone();
        let on_err = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            es_err.close();
            let msg = ev.dyn_ref::<MessageEvent>().and_then(|m| m.data().as_string()).unwrap_or_else(|| "The log stream was interrupted.".into());
            status.set(msg);
        });
        es.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        es.set_onmessage(Some(on_msg.as_ref().unchecked_ref()));
        let _ = es.add_event_listener_with_callback("end", on_end.as_ref().unchecked_ref());
        let _ = es.add_event_listener_with_callback("error", on_err.as_ref().unchecked_ref());
        on_open.forget();
        on_msg.forget();
        on_end.forget();
        on_err.forget();
        current.set_value(Some(es));
    });
    on_cleanup(close);
}
