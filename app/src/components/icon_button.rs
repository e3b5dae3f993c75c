//! Row action buttons for tables: the label on wide screens, the icon (label kept for
//! screen readers and as the tooltip) where the table would otherwise run out of room.
//! Put them in an element with the `icon-actions` class; the switch happens in CSS.

use super::icons::{Icon, IconView};
use leptos::prelude::*;

#[component]
pub fn IconButton(
    icon: Icon,
    label: &'static str,
    on_click: impl Fn() + 'static,
    /// Shown in the danger colour (delete, remove).
    #[prop(optional)]
    danger: bool,
    /// `data-action` attribute, for tests and styling.
    #[prop(optional)]
    action: Option<&'static str>,
    #[prop(optional, into)] disabled: Option<Signal<bool>>,
) -> impl IntoView {
    view! {
        <button class="button ghost small" class:danger-text=danger type="button" title=label data-action=action
            disabled=move || disabled.is_some_and(|d| d.get()) on:click=move |_| on_click()>
            <IconView icon=icon size=16/><span class="label">{label}</span>
        </button>
    }
}
