//! Containers: filter, search, stats, actions with progress, and the log panel.

use super::human_bytes;
use super::logs::LogPanel;
use crate::api::docker::engine::{list_containers, ContainerAction};
use crate::api::docker::{ContainerInfo, ContainerUsage};
use crate::components::{Icon, IconButton, ModuleGate};
use crate::pages::profile::ago;
use archnest_modules::Module;
use leptos::prelude::*;
use std::collections::HashMap;

const FILTERS: [(&str, &str); 6] = [("", "All states"), ("running", "Running"), ("paused", "Paused"), ("exited", "Exited"), ("created", "Created"), ("restarting", "Restarting")];

#[component]
pub fn ContainersTab(source: Signal<i32>) -> impl IntoView {
    let act = ServerAction::<ContainerAction>::new();
    let refresh = RwSignal::new(0u32);
    let containers = Resource::new(move || (source.get(), act.version().get(), refresh.get()), |(s, _, _)| list_containers(s));
    let usage = RwSignal::new(HashMap::<String, ContainerUsage>::new());
    load_stats(source, act, refresh, usage);
    let state_filter = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let confirm_remove = RwSignal::new(None::<String>);
    let logs_for = RwSignal::new(None::<(String, String)>);
    let busy = move || act.pending().get().then(|| act.input().get()).flatten().map(|a| (a.id, a.action));
    view! {
        <div class="toolbar">
            <select aria-label="Filter by state" id="docker-state-filter" on:change=move |ev| state_filter.set(event_target_value(&ev))>
                {FILTERS.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
            </select>
            <input type="search" placeholder="Search name or image" aria-label="Search containers" id="docker-search"
                on:input=move |ev| search.set(event_target_value(&ev))/>
            <button class="button ghost" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
        </div>
        {move || act.value().get().and_then(|r| r.err()).map(|e| {
            let what = act.input().get().map(|a| format!("Could not {} {}: ", a.action, short(&a.id))).unwrap_or_default();
            view! { <p class="form-error" role="alert" id="docker-action-error">{what}{e.to_string()}</p> }
        })}
        <Transition fallback=|| view! { <p class="muted">"Loading containers…"</p> }>
            {move || Suspend::new(async move {
                let rows = match containers.await {
                    Ok(r) => r,
                    Err(e) => return view! { <p class="form-error" role="alert" id="docker-engine-error">{e.to_string()}</p> }.into_any(),
                };
                if rows.is_empty() {
                    return view! { <p class="muted">"No containers on this engine."</p> }.into_any();
                }
                let rows = StoredValue::new(rows);
                view! {
                    <div class="table-scroll">
                    <table class="table docker-table" id="docker-containers">
                        <thead><tr><th>"Name"</th><th>"Image"</th><th>"State"</th><th>"Status"</th><th>"Ports"</th><th>"Created"</th><th>"CPU"</th><th>"Memory"</th><th>"Actions"</th></tr></thead>
                        <tbody>
                            {move || {
                                let f = state_filter.get();
                                let q = search.get().to_lowercase();
                                rows.get_value().into_iter()
                                    .filter(|c| f.is_empty() || c.state == f)
                                    .filter(|c| q.is_empty() || c.name.to_lowercase().contains(&q) || c.image.to_lowercase().contains(&q))
                                    .map(|c| view! { <Row c=c source=source act=act usage=usage confirm_remove=confirm_remove logs_for=logs_for busy=Signal::derive(busy)/> })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            })}
        </Transition>
        {move || logs_for.get().map(|(id, name)| view! {
            <LogPanel source=source.get_untracked() id=id name=name on_close=move || logs_for.set(None)/>
        })}
        <div class="locked-row">
            <ModuleGate module=Module::ContainerDetailView>
                <p class="muted">"Container Detail View is licensed; the full inspect view is not in this build yet."</p>
            </ModuleGate>
            <ModuleGate module=Module::ContainerExec>
                <p class="muted">"Container Exec is licensed; the in-browser shell is not in this build yet."</p>
            </ModuleGate>
        </div>
    }
}

/// Stats load after the list, in the browser only, so they never slow the table.
fn load_stats(source: Signal<i32>, act: ServerAction<ContainerAction>, refresh: RwSignal<u32>, usage: RwSignal<HashMap<String, ContainerUsage>>) {
    Effect::new(move |_| {
        let s = source.get();
        act.version().track();
        refresh.track();
        leptos::task::spawn_local(async move {
            if let Ok(list) = crate::api::docker::engine::load_container_stats(s).await {
                usage.set(list.into_iter().map(|u| (u.id.clone(), u)).collect());
            }
        });
    });
}

fn short(id: &str) -> String {
    id.chars().take(12).collect()
}

#[component]
fn Row(
    c: ContainerInfo,
    source: Signal<i32>,
    act: ServerAction<ContainerAction>,
    usage: RwSignal<HashMap<String, ContainerUsage>>,
    confirm_remove: RwSignal<Option<String>>,
    logs_for: RwSignal<Option<(String, String)>>,
    busy: Signal<Option<(String, String)>>,
) -> impl IntoView {
    let id = StoredValue::new(c.id.clone());
    let name = c.name.clone();
    let state = c.state.clone();
    let run = move |action: &'static str| {
        act.dispatch(ContainerAction { source: source.get_untracked(), id: id.get_value(), action: action.into() });
    };
    let my_busy = move || busy.get().filter(|(b, _)| *b == id.get_value()).map(|(_, a)| a);
    // While any container action runs, every action button is disabled.
    let any_busy = Signal::derive(move || busy.get().is_some());
    let button = move |action: &'static str, label: &'static str, icon: Icon| view! {
        <IconButton icon=icon label=label action=action disabled=any_busy on_click=move || run(action)/>
    };
    let cpu = move || usage.with(|u| u.get(&id.get_value()).and_then(|s| s.cpu_percent).map(|p| format!("{p:.1} %")).unwrap_or_else(|| "—".into()));
    let mem = move || usage.with(|u| u.get(&id.get_value()).and_then(|s| s.mem_used).map(human_bytes).unwrap_or_else(|| "—".into()));
    let pill = match state.as_str() {
        "running" => "pill ok",
        "exited" | "dead" => "pill bad",
        _ => "pill",
    };
    let log_name = name.clone();
    view! {
        <tr data-container=name.clone() data-state=state.clone()>
            <td><strong>{name.clone()}</strong><br/><code class="small muted">{short(&c.id)}</code></td>
            <td class="wrap">{c.image.clone()}</td>
            <td><span class=pill>{state.clone()}</span></td>
            <td class="small">{move || my_busy().map(|a| format!("{}…", progress(&a))).unwrap_or_else(|| c.status.clone())}</td>
            <td class="small">{if c.ports.is_empty() { "—".to_owned() } else { c.ports.join(", ") }}</td>
            <td class="small">{ago(c.created)}</td>
            <td class="num">{cpu}</td>
            <td class="num">{mem}</td>
            <td><div class="row-buttons icon-actions">
                {match state.as_str() {
                    "running" => view! {
                        {button("stop", "Stop", Icon::Stop)}{button("restart", "Restart", Icon::Restart)}{button("pause", "Pause", Icon::Pause)}
                    }.into_any(),
                    "paused" => button("unpause", "Unpause", Icon::Start).into_any(),
                    "restarting" => button("stop", "Stop", Icon::Stop).into_any(),
                    _ => button("start", "Start", Icon::Start).into_any(),
                }}
                <IconButton icon=Icon::Logs label="Logs" action="logs" on_click=move || logs_for.set(Some((id.get_value(), log_name.clone())))/>
                {move || if confirm_remove.get().as_deref() == Some(id.get_value().as_str()) {
                    view! {
                        <span class="confirm">"Remove?"
                            <button class="button danger small" data-action="confirm-remove" on:click=move |_| { confirm_remove.set(None); run("remove"); }>"Yes, remove"</button>
                            <button class="button ghost small" on:click=move |_| confirm_remove.set(None)>"Cancel"</button>
                        </span>
                    }.into_any()
                } else {
                    view! { <IconButton icon=Icon::Delete label="Remove" action="remove" danger=true disabled=any_busy
                        on_click=move || confirm_remove.set(Some(id.get_value()))/> }.into_any()
                }}
            </div></td>
        </tr>
    }
}

fn progress(action: &str) -> &'static str {
    match action {
        "start" => "Starting",
        "stop" => "Stopping",
        "restart" => "Restarting",
        "pause" => "Pausing",
        "unpause" => "Unpausing",
        "remove" => "Removing",
        _ => "Working",
    }
}
