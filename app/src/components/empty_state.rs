//! The honest placeholder for a page or list that has nothing to show yet.

use super::icons::{Icon, IconView};
use leptos::prelude::*;

#[component]
pub fn EmptyState(
    icon: Icon,
    title: &'static str,
    #[prop(into)] message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state">
            <div class="empty-icon"><IconView icon=icon size=32/></div>
            <h2>{title}</h2>
            <p>{message}</p>
            {children.map(|c| c())}
        </div>
    }
}
