//! The tunnel table: status, traffic and start/stop/edit/delete per tunnel.

use super::bytes;
use crate::api::tunnels::{DeleteTunnel, StartTunnel, StopTunnel, TunnelForm, TunnelList, TunnelView};
use leptos::prelude::*;

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "local" => "Local -L",
        "remote" => "Remote -R",
        _ => "SOCKS -D",
    }
}

fn endpoint(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// ("127.0.0.1:8080 → 10.0.0.5:80", "via box") and the like.
fn route(t: &TunnelView) -> (String, String) {
    let bind = endpoint(&t.bind_address, t.bind_port);
    match (t.kind.as_str(), &t.target_host, t.target_port) {
        ("local", Some(h), Some(p)) => (format!("{bind} → {}", endpoint(h, p)), format!("via {}", t.host_name)),
        ("remote", Some(h), Some(p)) => (format!("{bind} → {}", endpoint(h, p)), format!("listening on {}", t.host_name)),
        _ => (format!("SOCKS5 {bind}"), format!("via {}", t.host_name)),
    }
}

fn since(now: i64, at: Option<i64>) -> String {
    match at {
        None => String::new(),
        Some(at) => {
            let d = (now - at).max(0);
            match d {
                0..=59 => format!("for {d} s"),
                60..=3599 => format!("for {} min", d / 60),
                3600..=86_399 => format!("for {} h", d / 3600),
                _ => format!("for {} days", d / 86_400),
            }
        }
    }
}

pub fn form_of(t: &TunnelView) -> TunnelForm {
    TunnelForm {
        id: Some(t.id),
        host_id: t.host_id,
        name: t.name.clone(),
        kind: t.kind.clone(),
        bind_address: t.bind_address.clone(),
        bind_port: t.bind_port.into(),
        target_host: t.target_host.clone().unwrap_or_default(),
        target_port: t.target_port.map(u32::from).unwrap_or(0),
        allow_wide_bind: t.allow_wide_bind,
        auto_start: t.auto_start,
    }
}

/// Start/stop/delete, owned by the page so a poll re-rendering the table loses nothing.
#[derive(Clone, Copy)]
pub struct Actions {
    pub start: ServerAction<StartTunnel>,
    pub stop: ServerAction<StopTunnel>,
    pub delete: ServerAction<DeleteTunnel>,
}

impl Actions {
    pub fn new() -> Actions {
        Actions { start: ServerAction::new(), stop: ServerAction::new(), delete: ServerAction::new() }
    }

    pub fn error(self) -> Option<crate::AppError> {
        [self.start.value().get().and_then(|r| r.err()), self.stop.value().get().and_then(|r| r.err()), self.delete.value().get().and_then(|r| r.err())]
            .into_iter()
            .flatten()
            .next()
    }

    pub fn version(self) -> usize {
        self.start.version().get() + self.stop.version().get() + self.delete.version().get()
    }
}

#[component]
pub fn TunnelTable(list: TunnelList, editing: RwSignal<Option<TunnelForm>>, actions: Actions) -> impl IntoView {
    let Actions { start, stop, delete } = actions;
    let navigate = leptos_router::hooks::use_navigate();
    let (now, can_edit) = (list.now, list.can_edit);
    let rows = list.tunnels.into_iter().map(|t| {
        let id = t.id;
        let running = t.state != "stopped";
        let failed = t.state == "failed";
        let pill = match t.state.as_str() {
            "up" => "pill ok",
            "failed" => "pill bad",
            "connecting" => "pill warn",
            _ => "pill",
        };
        let form = form_of(&t);
        let nav = navigate.clone();
        let host_id = t.host_id;
        view! {
            <tr data-tunnel=t.name.clone() data-state=t.state.clone()>
                <td>
                    <strong class="tunnel-name">{t.name.clone()}</strong>
                    <div class="muted small tunnel-name">{kind_label(&t.kind)}{t.auto_start.then_some(" · auto-start")}</div>
                </td>
                <td class="tunnel-route">{
                    let (path, via) = route(&t);
                    view! { <code>{path}</code><div class="muted small">{via}</div> }
                }</td>
                <td class="tunnel-status">
                    <span class=pill>{t.state.clone()}</span>
                    " "<span class="muted small">{since(now, t.since)}</span>
                    {(t.state != "up" && t.state != "stopped").then(|| view! { <div class="small status-text">{t.status.clone()}</div> })}
                    {t.last_error.clone().filter(|_| t.state == "up").map(|e| view! { <div class="small muted" title="last connection error">"last error: "{e}</div> })}
                </td>
                <td class="tunnel-traffic small">
                    <div title="bytes back to the client">"↓ "{bytes(t.bytes_in)}</div>
                    <div title="bytes from the client">"↑ "{bytes(t.bytes_out)}</div>
                </td>
                <td class="small" title="open / total connections">{format!("{} open / {}", t.open_connections, t.total_connections)}</td>
                <td class="actions tunnel-actions">
                    {(!running || failed).then(|| view! {
                        <button class="button small" on:click=move |_| { start.dispatch(StartTunnel { id }); }>{if failed { "Retry" } else { "Start" }}</button>
                    })}
                    {running.then(|| view! {
                        <button class="button ghost small" on:click=move |_| { stop.dispatch(StopTunnel { id }); }>"Stop"</button>
                    })}
                    {can_edit.then(|| view! {
                        <button class="button ghost small" on:click=move |_| {
                            nav(&format!("/tunnels?host={host_id}"), leptos_router::NavigateOptions { replace: true, ..Default::default() });
                            editing.set(Some(form.clone()));
                        }>"Edit"</button>
                        <button class="button ghost small" on:click=move |_| {
                            let ok = web_confirm("Delete this tunnel? It is stopped first.");
                            if ok { delete.dispatch(DeleteTunnel { id }); }
                        }>"Delete"</button>
                    })}
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <div class="card table-scroll">
            <table class="table" id="tunnel-table">
                <thead><tr><th>"Name"</th><th>"Forward"</th><th>"Status"</th><th>"Traffic"</th><th>"Connections"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn web_confirm(msg: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        window().confirm_with_message(msg).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = msg;
        false
    }
}
