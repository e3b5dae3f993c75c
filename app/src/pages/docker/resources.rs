//! Images (with remove), volumes and networks.

use super::human_bytes;
use crate::api::docker::engine::{list_images, list_networks, list_volumes, RemoveImage};
use crate::pages::auth::ErrorLine;
use crate::pages::profile::ago;
use leptos::prelude::*;

#[component]
pub fn ImagesTab(source: Signal<i32>) -> impl IntoView {
    let remove = ServerAction::<RemoveImage>::new();
    let images = Resource::new(move || (source.get(), remove.version().get()), |(s, _)| list_images(s));
    view! {
        <ErrorLine value=remove.value()/>
        <Transition fallback=|| view! { <p class="muted">"Loading images…"</p> }>
            {move || Suspend::new(async move {
                images.await.map(|rows| view! {
                    <div class="table-scroll"><table class="table" id="docker-images">
                        <thead><tr><th>"Image"</th><th>"ID"</th><th>"Size"</th><th>"Created"</th><th>"Containers"</th><th></th></tr></thead>
                        <tbody>{rows.into_iter().map(|i| {
                            let target = if i.tags[0] == "<none>" { i.id.clone() } else { i.tags[0].clone() };
                            view! { <tr>
                                <td>{i.tags.join(", ")}</td>
                                <td><code>{i.id.trim_start_matches("sha256:").chars().take(12).collect::<String>()}</code></td>
                                <td>{human_bytes(i.size.max(0) as u64)}</td>
                                <td>{ago(i.created)}</td>
                                <td>{if i.containers >= 0 { i.containers.to_string() } else { "—".into() }}</td>
                                <td class="actions"><button class="button ghost small" disabled=move || remove.pending().get()
                                    on:click=move |_| { remove.dispatch(RemoveImage { source: source.get_untracked(), image: target.clone() }); }>"Remove"</button></td>
                            </tr> }
                        }).collect_view()}</tbody>
                    </table></div>
                }).map_err(|e| e.to_string())
            })}
        </Transition>
    }
}

#[component]
pub fn VolumesTab(source: Signal<i32>) -> impl IntoView {
    let volumes = Resource::new(move || source.get(), list_volumes);
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading volumes…"</p> }>
            {move || Suspend::new(async move {
                volumes.await.map(|rows| if rows.is_empty() {
                    view! { <p class="muted">"This engine has no volumes."</p> }.into_any()
                } else {
                    view! { <div class="table-scroll"><table class="table">
                        <thead><tr><th>"Name"</th><th>"Driver"</th><th>"Mount point"</th><th>"Created"</th></tr></thead>
                        <tbody>{rows.into_iter().map(|v| view! { <tr><td>{v.name}</td><td>{v.driver}</td><td><code>{v.mountpoint}</code></td><td>{v.created}</td></tr> }).collect_view()}</tbody>
                    </table></div> }.into_any()
                }).map_err(|e| e.to_string())
            })}
        </Transition>
    }
}

#[component]
pub fn NetworksTab(source: Signal<i32>) -> impl IntoView {
    let networks = Resource::new(move || source.get(), list_networks);
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading networks…"</p> }>
            {move || Suspend::new(async move {
                networks.await.map(|rows| view! { <div class="table-scroll"><table class="table">
                    <thead><tr><th>"Name"</th><th>"Driver"</th><th>"Scope"</th><th>"Subnets"</th><th>"ID"</th></tr></thead>
                    <tbody>{rows.into_iter().map(|n| view! { <tr>
                        <td>{n.name}</td><td>{n.driver}</td><td>{n.scope}</td><td>{n.subnets.join(", ")}</td>
                        <td><code>{n.id.chars().take(12).collect::<String>()}</code></td>
                    </tr> }).collect_view()}</tbody>
                </table></div> }).map_err(|e| e.to_string())
            })}
        </Transition>
    }
}
