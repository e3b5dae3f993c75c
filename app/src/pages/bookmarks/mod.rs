//! Bookmarks: tiles linking to self-hosted services, grouped, ordered by drag
//! (mouse and touch through pointer events) or by the move buttons (keyboard).
//! Everyone signed in sees them; admins get the form and the tile tools.

mod board;
mod form;
mod order;

use crate::api::bookmarks::{load_bookmarks, BookmarkTile, DeleteBookmark, ReorderBookmarks, SaveBookmark};
use crate::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// Page-level state that outlives a refetch of the board.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub refresh: RwSignal<u32>,
    pub editing: RwSignal<Option<BookmarkTile>>,
    /// The last outcome to tell the user about (ok, message).
    pub notice: RwSignal<Option<(bool, String)>>,
    pub save: ServerAction<SaveBookmark>,
    pub delete: ServerAction<DeleteBookmark>,
    pub reorder: ServerAction<ReorderBookmarks>,
}

#[component]
pub fn BookmarksPage() -> impl IntoView {
    let ctx = Ctx {
        refresh: RwSignal::new(0),
        editing: RwSignal::new(None),
        notice: RwSignal::new(None),
        save: ServerAction::new(),
        delete: ServerAction::new(),
        reorder: ServerAction::new(),
    };
    let board = Resource::new(move || ctx.refresh.get(), |_| load_bookmarks());
    Effect::new(move |_| {
        let Some(result) = ctx.save.value().get() else { return };
        if let Ok(saved) = result {
            let message = match saved.icon_error {
                Some(reason) => (false, format!("Saved. The icon could not be fetched: {reason}. The tile shows its first letter; pick an emoji or retry from Edit.")),
                None => (true, "Saved.".to_string()),
            };
            ctx.notice.set(Some(message));
            ctx.editing.set(None);
            ctx.refresh.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| match ctx.delete.value().get() {
        Some(Ok(())) => {
            ctx.notice.set(Some((true, "Deleted.".into())));
            ctx.refresh.update(|n| *n += 1);
        }
        Some(Err(e)) => ctx.notice.set(Some((false, e.to_string()))),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = ctx.reorder.value().get() {
            ctx.notice.set(Some((false, format!("The new order was not saved: {e}"))));
            ctx.refresh.update(|n| *n += 1);
        }
    });
    view! {
        <Title text="Bookmarks"/>
        <div class="page bookmarks-page">
            <header class="page-header">
                <h1>"Bookmarks"</h1>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        board.await.ok().map(|b| {
                            let text = match b.limit {
                                Some(l) => format!("{} of {l}", b.tiles.len()),
                                None => format!("{}", b.tiles.len()),
                            };
                            view! { <span class="pill" id="bookmark-count" data-count=b.tiles.len()>{text}</span> }
                        })
                    })}
                </Transition>
            </header>
            {move || ctx.notice.get().map(|(ok, text)| view! {
                <p class=if ok { "form-ok" } else { "form-error" } role="status" id="bookmark-notice">{text}</p>
            })}
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(b) => view! { <board::Board board=b ctx=ctx/> }.into_any(),
                        Err(e) => view! { <p class="form-error">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// `true` when `e` is a field error about `field` (for `aria-invalid`).
pub(crate) fn is_field_error(e: &Option<Result<crate::api::bookmarks::SavedBookmark, AppError>>, field: &str) -> bool {
    matches!(e, Some(Err(AppError::Invalid { field: f, .. })) if f == field)
}
