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

upcoming_page!(InfrastructurePage, "Infrastructure", Icon::Infrastructure,
    "Every host, container, VM and integration in one table, with status and quick actions.");
upcoming_page!(TunnelsPage, "Tunnels", Icon::Tunnels,
    "Local, remote and SOCKS tunnels over SSH that keep running when you close the tab.");
upcoming_page!(DockerPage, "Docker", Icon::Docker,
    "Containers, images, volumes, networks and live logs from a Docker Engine.");
upcoming_page!(MetricsPage, "Metrics", Icon::Metrics,
    "CPU, memory and disk of your hosts over SSH, with charts over 1 h, 24 h and 7 d.");
upcoming_page!(DesktopPage, "Desktop", Icon::Desktop,
    "RDP, VNC and Telnet sessions in the browser.");
upcoming_page!(BookmarksPage, "Bookmarks", Icon::Bookmarks,
    "Links to your self-hosted services, grouped and ordered the way you like.");
upcoming_page!(RecordingsPage, "Recordings", Icon::Recordings,
    "Recorded terminal sessions (asciicast v2), ready to replay.");
upcoming_page!(AuditPage, "Audit", Icon::Audit,
    "Who did what, when: logins, changes and connections.");
