use crate::components::{EmptyState, Icon};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found"/>
        <main class="content standalone">
            <EmptyState icon=Icon::Help title="Page not found" message="There is no page at this address.">
                <a class="button" href="/">"Back to Glance"</a>
            </EmptyState>
        </main>
    }
}
