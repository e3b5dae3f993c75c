//! Pages whose features are still being built. Each says plainly what it will do and
//! shows no invented data.

use crate::components::{EmptyState, Icon};
use leptos::prelude::*;
use leptos_meta::Title;

macro_rules! upcoming_page {
    ($name:ident, $title:literal, $icon:expr, $what:literal) => {
        #[component]
        pub fn $name() -> impl IntoView {
            view! {
                <Title text=$title/>
                <div class="page">
                    <header class="page-header"><h1>$title</h1></header>
                    <EmptyState icon=$icon title="Not built yet" message=concat!($what, " This page is on the way; nothing here is simulated.")/>
                </div>
            }
        }
    };
}

upcoming_page!(DesktopPage, "Desktop", Icon::Desktop,
    "RDP, VNC and Telnet sessions in the browser.");
upcoming_page!(RecordingsPage, "Recordings", Icon::Recordings,
    "Recorded terminal sessions (asciicast v2), ready to replay.");
upcoming_page!(AuditPage, "Audit", Icon::Audit,
    "Who did what, when: logins, changes and connections.");
