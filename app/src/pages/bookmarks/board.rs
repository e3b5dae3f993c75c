//! The tile grid: groups of tiles, the admin tools on each tile, and drag to reorder.
//!
//! Dragging uses pointer events (mouse, pen and touch alike): the handle starts a
//! drag, window listeners follow the pointer, `elementFromPoint` finds the tile under
//! it and the list reorders live; releasing saves the full order. The handle has
//! `touch-action: none` so a touch drag does not scroll the page instead.

use super::form::BookmarkForm;
use super::{order, Ctx};
use crate::api::bookmarks::{BookmarkBoard, BookmarkTile, DeleteBookmark, ReorderBookmarks};
use crate::components::LockBadge;
use archnest_modules::caps;
use leptos::prelude::*;

#[component]
pub fn Board(board: BookmarkBoard, ctx: Ctx) -> impl IntoView {
    let manage = board.can_manage;
    let at_limit = board.at_limit();
    let limit = board.limit;
    let tiles = RwSignal::new(board.tiles);
    let dragging = RwSignal::new(None::<i32>);
    let changed = RwSignal::new(false);
    install_drag(tiles, dragging, changed, ctx);
    let save_order = move || {
        let ids = tiles.with_untracked(|t| t.iter().map(|t| t.id).collect());
        ctx.reorder.dispatch(ReorderBookmarks { ids });
    };
    let step = move |id: i32, up: bool| {
        let mut moved = false;
        tiles.update(|t| moved = order::step(t, id, up));
        if moved {
            save_order();
            refocus(id, up);
        }
    };
    let groups = move || {
        tiles.with(|t| {
            order::grouped(t).into_iter().map(|(group, list)| {
                let title = if group.is_empty() { "General".to_string() } else { group.clone() };
                let count = list.len();
                view! {
                    <section class="bm-group" data-group=group>
                        <h2>{title}</h2>
                        <ul class="bm-grid">
                            {list.into_iter().enumerate().map(|(i, tile)| view! {
                                <Tile tile=tile manage=manage first=i == 0 last=i + 1 == count dragging=dragging step=step ctx=ctx/>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()
        })
    };
    let empty = tiles.with_untracked(Vec::is_empty);
    view! {
        {manage.then(|| view! {
            {move || if ctx.editing.get().is_some() || !at_limit {
                let groups: Vec<String> = tiles.with_untracked(|t| order::grouped(t).into_iter().map(|(g, _)| g).filter(|g| !g.is_empty()).collect());
                view! { <BookmarkForm ctx=ctx groups=groups/> }.into_any()
            } else {
                view! { <LimitCard limit=limit.unwrap_or(caps::BOOKMARKS.free_limit)/> }.into_any()
            }}
        })}
        {empty.then(|| view! {
            <p class="muted bm-empty">{if manage { "No bookmarks yet. Add the services you open most." } else { "No bookmarks yet. An admin can add them." }}</p>
        })}
        <div class="bm-board" class:is-dragging=move || dragging.get().is_some()>{groups}</div>
    }
}

#[component]
fn LimitCard(limit: u32) -> impl IntoView {
    let module = caps::BOOKMARKS.lifted_by;
    view! {
        <div class="locked-feature" id="bookmark-limit" data-module=module.slug()>
            <div>
                <strong>{format!("{limit} of {limit} bookmarks")}</strong>
                <p>{format!("The free core holds {limit} bookmarks. {} removes the cap; edit or delete a tile to make room.", module.name())}</p>
            </div>
            <LockBadge module=module/>
        </div>
    }
}

#[component]
fn Tile(
    tile: BookmarkTile,
    manage: bool,
    first: bool,
    last: bool,
    dragging: RwSignal<Option<i32>>,
    step: impl Fn(i32, bool) + Copy + Send + Sync + 'static,
    ctx: Ctx,
) -> impl IntoView {
    let id = tile.id;
    let confirming = RwSignal::new(false);
    let host = host_of(&tile.url);
    let icon = match (&tile.emoji, &tile.icon_src) {
        (Some(e), _) => view! { <span class="bm-icon emoji" aria-hidden="true">{e.clone()}</span> }.into_any(),
        (None, Some(src)) => view! { <span class="bm-icon"><img src=src.clone() alt="" width="28" height="28" loading="lazy"/></span> }.into_any(),
        (None, None) => {
            let letter = tile.name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
            view! { <span class="bm-icon letter" aria-hidden="true">{letter}</span> }.into_any()
        }
    };
    let warn = tile.icon_error.clone().filter(|_| manage).map(|reason| {
        let text = format!("icon could not be fetched: {reason}");
        view! { <span class="bm-warn" title=text.clone() aria-label=text>"!"</span> }
    });
    let name = tile.name.clone();
    let edit_tile = tile.clone();
    let tools = manage.then(|| view! {
        <div class="bm-tools">
            <button type="button" class="bm-handle" aria-label=format!("Drag to reorder {name}") title="Drag to reorder"
                on:pointerdown=move |ev| {
                    if ev.is_primary() && ev.button() == 0 {
                        ev.prevent_default();
                        dragging.set(Some(id));
                    }
                }>"⠿"</button>
            <button type="button" class="bm-up" aria-label=format!("Move {name} earlier") title="Move earlier" disabled=first on:click=move |_| step(id, true)>"↑"</button>
            <button type="button" class="bm-down" aria-label=format!("Move {name} later") title="Move later" disabled=last on:click=move |_| step(id, false)>"↓"</button>
            <button type="button" class="bm-edit" aria-label=format!("Edit {name}") title="Edit"
                on:click=move |_| { ctx.notice.set(None); ctx.editing.set(Some(edit_tile.clone())); scroll_to_form(); }>"Edit"</button>
            <button type="button" class="bm-delete" aria-label=format!("Delete {name}") title="Delete" on:click=move |_| confirming.set(true)>"Delete"</button>
        </div>
        <Show when=move || confirming.get()>
            <div class="bm-confirm" role="alertdialog" aria-label="Confirm delete">
                <span>"Delete this bookmark?"</span>
                <button type="button" class="button danger small bm-confirm-delete" on:click=move |_| { ctx.delete.dispatch(DeleteBookmark { id }); }>"Delete"</button>
                <button type="button" class="button ghost small" on:click=move |_| confirming.set(false)>"Cancel"</button>
            </div>
        </Show>
    });
    view! {
        <li class="bm-tile" class:dragging=move || dragging.get() == Some(id) data-bm-id=id data-bm-group=tile.group.clone()>
            <a class="bm-link" href=tile.url.clone() target="_blank" rel="noopener noreferrer">
                {icon}
                <span class="bm-text">
                    <span class="bm-name">{tile.name.clone()}</span>
                    <span class="bm-host">{host}</span>
                </span>
                {warn}
            </a>
            {tools}
        </li>
    }
}

/// `host[:port]` of an http(s) URL, for the tile's second line.
fn host_of(url: &str) -> String {
    url.split_once("://").map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(rest)).unwrap_or(url).to_string()
}

#[cfg(feature = "hydrate")]
fn install_drag(tiles: RwSignal<Vec<BookmarkTile>>, dragging: RwSignal<Option<i32>>, changed: RwSignal<bool>, ctx: Ctx) {
    let over = move |ev: web_sys::PointerEvent| {
        let Some(id) = dragging.get_untracked() else { return };
        ev.prevent_default();
        let target = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.element_from_point(ev.client_x() as f32, ev.client_y() as f32))
            .and_then(|el| el.closest("[data-bm-id]").ok().flatten())
            .and_then(|el| el.get_attribute("data-bm-id"))
            .and_then(|v| v.parse::<i32>().ok());
        if let Some(target) = target {
            let mut moved = false;
            tiles.update(|t| moved = order::drop_on(t, id, target));
            if moved {
                changed.set(true);
            }
        }
    };
    let end = move |_: web_sys::PointerEvent| {
        if dragging.get_untracked().is_none() {
            return;
        }
        dragging.set(None);
        if changed.get_untracked() {
            changed.set(false);
            let ids = tiles.with_untracked(|t| t.iter().map(|t| t.id).collect());
            ctx.reorder.dispatch(ReorderBookmarks { ids });
        }
    };
    let handles = [
        window_event_listener(leptos::ev::pointermove, over),
        window_event_listener(leptos::ev::pointerup, end),
        window_event_listener(leptos::ev::pointercancel, end),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
}

#[cfg(not(feature = "hydrate"))]
fn install_drag(_: RwSignal<Vec<BookmarkTile>>, _: RwSignal<Option<i32>>, _: RwSignal<bool>, _: Ctx) {}

/// Keeps keyboard focus on the moved tile's button after the grid re-renders.
fn refocus(id: i32, up: bool) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let (want, other) = if up { (".bm-up", ".bm-down") } else { (".bm-down", ".bm-up") };
        let doc = web_sys::window().and_then(|w| w.document());
        let find = |class: &str| doc.as_ref().and_then(|d| d.query_selector(&format!("[data-bm-id=\"{id}\"] {class}:not([disabled])")).ok().flatten());
        let el = find(want).or_else(|| find(other));
        if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, up);
}

fn scroll_to_form() {
    #[cfg(feature = "hydrate")]
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("bookmark-form")) {
        el.scroll_into_view();
    }
}
