//! Add / edit form. The icon is either the site's favicon (fetched by the server on
//! save) or an emoji the user picks.

use super::{is_field_error, Ctx};
use crate::api::bookmarks::{RefetchBookmarkIcon, SaveBookmark};
use crate::pages::auth::ErrorLine;
use leptos::prelude::*;

const EMOJI: &[&str] = &["🏠", "📺", "🎬", "🎵", "📷", "📊", "📈", "🐳", "🔒", "🛡️", "💾", "🗄️", "🌐", "⚙️", "📦", "🧰", "🖥️", "📡", "🔧", "☁️"];

#[component]
pub fn BookmarkForm(ctx: Ctx, groups: Vec<String>) -> impl IntoView {
    let editing = ctx.editing.get_untracked();
    let id = editing.as_ref().map(|t| t.id);
    let name = RwSignal::new(editing.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let url = RwSignal::new(editing.as_ref().map(|t| t.url.clone()).unwrap_or_default());
    let group = RwSignal::new(editing.as_ref().map(|t| t.group.clone()).unwrap_or_default());
    let emoji = RwSignal::new(editing.as_ref().and_then(|t| t.emoji.clone()).unwrap_or_default());
    let use_emoji = RwSignal::new(editing.as_ref().is_some_and(|t| t.emoji.is_some()));
    let save = ctx.save;
    let refetch = ServerAction::<RefetchBookmarkIcon>::new();
    Effect::new(move |_| match refetch.value().get() {
        Some(Ok(r)) => {
            ctx.notice.set(Some(match r.icon_error {
                Some(reason) => (false, format!("The icon could not be fetched: {reason}")),
                None => (true, "Icon updated.".into()),
            }));
            ctx.refresh.update(|n| *n += 1);
        }
        Some(Err(e)) => ctx.notice.set(Some((false, e.to_string()))),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctx.notice.set(None);
        save.dispatch(SaveBookmark {
            id,
            name: name.get_untracked(),
            url: url.get_untracked(),
            group: group.get_untracked(),
            emoji: use_emoji.get_untracked().then(|| emoji.get_untracked()),
        });
    };
    let invalid = move |field: &'static str| move || is_field_error(&save.value().get(), field).then_some("true");
    let fields = view! {
        <div class="bm-fields">
            <label>"Name"
                <input id="bm-name" name="name" maxlength="80" required autocomplete="off" placeholder="Grafana"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) aria-invalid=invalid("name")/>
            </label>
            <label>"Address"
                <input id="bm-url" name="url" type="url" required inputmode="url" autocomplete="off" placeholder="https://grafana.home.lan"
                    prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) aria-invalid=invalid("url")/>
            </label>
            <label>"Group"
                <input id="bm-group" name="group" maxlength="40" list="bm-groups" autocomplete="off" placeholder="General"
                    prop:value=move || group.get() on:input=move |ev| group.set(event_target_value(&ev)) aria-invalid=invalid("group")/>
            </label>
            <datalist id="bm-groups">{groups.into_iter().map(|g| view! { <option value=g/> }).collect_view()}</datalist>
        </div>
    }
    .into_any();
    let title = if id.is_some() { "Edit bookmark" } else { "Add a bookmark" };
    view! {
        <section class="card bm-form-card" id="bookmark-form">
            <h2>{title}</h2>
            <form class="form bm-form" on:submit=submit novalidate>
                {fields}
                <IconChoice use_emoji=use_emoji emoji=emoji save=save/>
                <ErrorLine value=save.value()/>
                <div class="bm-form-actions">
                    <button class="button" type="submit" id="bm-save" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { "Saving…" } else if id.is_some() { "Save changes" } else { "Add bookmark" }}
                    </button>
                    {id.map(|id| view! {
                        <button class="button ghost" type="button" disabled=move || use_emoji.get() || refetch.pending().get()
                            on:click=move |_| { refetch.dispatch(RefetchBookmarkIcon { id }); }>
                            {move || if refetch.pending().get() { "Fetching…" } else { "Fetch icon again" }}
                        </button>
                        <button class="button ghost" type="button" on:click=move |_| { save.value().set(None); ctx.editing.set(None); }>"Cancel"</button>
                    })}
                </div>
            </form>
        </section>
    }
}

#[component]
fn IconChoice(use_emoji: RwSignal<bool>, emoji: RwSignal<String>, save: ServerAction<SaveBookmark>) -> impl IntoView {
    let invalid = move || is_field_error(&save.value().get(), "emoji").then_some("true");
    view! {
                <fieldset class="bm-icon-choice">
                    <legend>"Icon"</legend>
                    <label class="radio"><input type="radio" name="icon" id="bm-icon-favicon" prop:checked=move || !use_emoji.get() on:change=move |_| use_emoji.set(false)/>"The site's favicon (fetched by the server)"</label>
                    <label class="radio"><input type="radio" name="icon" id="bm-icon-emoji" prop:checked=move || use_emoji.get() on:change=move |_| use_emoji.set(true)/>"An emoji"</label>
                    <Show when=move || use_emoji.get()>
                        <div class="bm-emoji-row">
                            <input id="bm-emoji" class="bm-emoji-input" maxlength="8" aria-label="Emoji" placeholder="🙂"
                                prop:value=move || emoji.get() on:input=move |ev| emoji.set(event_target_value(&ev)) aria-invalid=invalid/>
                            <div class="bm-emoji-palette" role="group" aria-label="Pick an emoji">
                                {EMOJI.iter().map(|e| view! {
                                    <button type="button" class="bm-emoji" aria-pressed=move || (emoji.get() == *e).to_string() on:click=move |_| emoji.set((*e).to_string())>{*e}</button>
                                }).collect_view()}
                            </div>
                        </div>
                    </Show>
                </fieldset>
    }
    .into_any()
}
