//! Tunnels: SSH port forwards (local, remote, SOCKS) that run on the server. The page
//! polls `tunnels/list` every 2 s while visible; closing it changes nothing.

mod form;
mod row;

use crate::api::tunnels::{list_tunnels, TunnelForm, TunnelList};
use crate::components::{EmptyState, Icon};
use leptos::prelude::*;
use leptos_meta::Title;

const POLL_MS: u64 = 2000;

#[component]
pub fn TunnelsPage() -> AnyView {
    let tick = RwSignal::new(0u32);
    let editing = RwSignal::new(None::<TunnelForm>);
    let actions = row::Actions::new();
    let list = Resource::new(move || (tick.get(), actions.version()), |_| list_tunnels());
    poll(tick);
    let refresh = Callback::new(move |_: ()| tick.update(|n| *n += 1));
    let latest = RwSignal::new(None::<TunnelList>);
    Effect::new(move |_| {
        if let Some(Ok(l)) = list.get() {
            latest.set(Some(l));
        }
    });
    let can_edit = move || latest.with(|l| l.as_ref().is_some_and(|l| l.can_edit));
    view! {
        <Title text="Tunnels"/>
        <div class="page" id="tunnels-page">
            <header class="page-header">
                <h1>"Tunnels"</h1>
                <Show when=move || can_edit() && editing.with(Option::is_none)>
                    <button class="button" id="tunnel-new" on:click=move |_| editing.set(Some(form::blank()))>"New tunnel"</button>
                </Show>
            </header>
            <p class="muted small tunnels-note">
                "Tunnels run on the server and keep running when you close this tab. Each running tunnel uses its own SSH connection, with keepalives, and reconnects with backoff if it drops."
            </p>
            {move || actions.error().map(|e| view! { <p class="form-error" role="alert" id="tunnel-action-error">{e.to_string()}</p> })}
            {move || editing.get().map(|f| view! { <form::TunnelEditor initial=f editing=editing on_saved=refresh/> }.into_any())}
            {listing(list, editing, actions)}
        </div>
    }
    .into_any()
}

/// The table (or empty state), kept on screen between polls. Type-erased so the
/// page's view type stays shallow.
fn listing(
    list: Resource<Result<TunnelList, crate::AppError>>,
    editing: RwSignal<Option<TunnelForm>>,
    actions: row::Actions,
) -> AnyView {
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading tunnels…"</p> }>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(l) if l.tunnels.is_empty() => view! {
                    <EmptyState icon=Icon::Tunnels title="No tunnels yet"
                        message="Forward a local port to a service behind an SSH host (-L), expose a local service on the host (-R), or run a SOCKS5 proxy through it (-D)."/>
                }.into_any(),
                Ok(l) => view! { <row::TunnelTable list=l editing=editing actions=actions/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

/// Bumps `tick` every 2 s while the tab is visible (browser only).
fn poll(tick: RwSignal<u32>) {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let handle = set_interval_with_handle(
                move || {
                    if !document().hidden() {
                        tick.update(|n| *n += 1);
                    }
                },
                std::time::Duration::from_millis(POLL_MS),
            );
            if let Ok(h) = handle {
                on_cleanup(move || h.clear());
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (tick, POLL_MS);
    });
}

/// 1536 → "1.5 KiB".
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}
