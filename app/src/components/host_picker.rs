//! Picks one SSH host for a page (Terminal, Files, Tunnels, Metrics). The choice is
//! kept in the `?host=<id>` query so links from Infrastructure open the right host.

use crate::api::hosts::{list_hosts, HostSummary};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// The host id in the current URL's `?host=` query.
pub fn host_from_query() -> Memo<Option<i64>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("host").and_then(|h| h.parse().ok()))
}

/// A `<select>` of hosts bound to `?host=`; `children` gets the loaded list.
#[component]
pub fn HostPicker(
    /// Called with the hosts once loaded (e.g. to pick the first).
    #[prop(optional)]
    on_loaded: Option<Callback<Vec<HostSummary>>>,
) -> impl IntoView {
    let hosts = Resource::new(|| (), |_| list_hosts());
    let selected = host_from_query();
    let navigate = use_navigate();
    let location = use_location();
    let pick = move |id: String| {
        let path = location.pathname.get_untracked();
        navigate(&format!("{path}?host={id}"), leptos_router::NavigateOptions { replace: true, ..Default::default() });
    };
    view! {
        <Suspense fallback=|| view! { <span class="muted">"Loading hosts…"</span> }>
            {move || hosts.get().map(|r| match r {
                Err(e) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                Ok(list) if list.hosts.is_empty() => view! {
                    <p class="muted host-picker-empty">"No SSH hosts yet. "<a href="/settings/hosts">"Add one in Settings → Hosts"</a>"."</p>
                }.into_any(),
                Ok(list) => {
                    if let Some(cb) = on_loaded { cb.run(list.hosts.clone()); }
                    let pick = pick.clone();
                    view! {
                        <label class="host-picker">
                            <span>"Host"</span>
                            <select
                                aria-label="Host"
                                on:change=move |ev| pick(event_target_value(&ev))
                                prop:value=move || selected.get().map(|i| i.to_string()).unwrap_or_default()
                            >
                                <option value="" disabled=true selected=move || selected.get().is_none()>"Choose a host…"</option>
                                {list.hosts.into_iter().map(|h| {
                                    let id = h.id;
                                    view! {
                                        <option value=id.to_string() selected=move || selected.get() == Some(id)>
                                            {format!("{} — {}@{}", h.name, h.username, h.address)}
                                        </option>
                                    }
                                }).collect_view()}
                            </select>
                        </label>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
