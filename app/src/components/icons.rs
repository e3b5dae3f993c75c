//! Inline SVG icons (24×24, stroked with `currentColor`), so they follow the theme
//! and need no icon font or extra request.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Glance,
    Infrastructure,
    Terminal,
    Tunnels,
    Files,
    Docker,
    Metrics,
    Desktop,
    Bookmarks,
    Recordings,
    Audit,
    Settings,
    Help,
    Lock,
    Collapse,
    Menu,
    Check,
    Logout,
    Download,
    Edit,
    Rename,
    Permissions,
    Delete,
    Preview,
    Start,
    Stop,
    Restart,
    Pause,
    Logs,
}

impl Icon {
    fn paths(self) -> &'static [&'static str] {
        match self {
            Icon::Glance => &["M3 3h7v9H3z", "M14 3h7v5h-7z", "M14 12h7v9h-7z", "M3 16h7v5H3z"],
            Icon::Infrastructure => &["M4 4h16v6H4z", "M4 14h16v6H4z", "M8 7h.01", "M8 17h.01"],
            Icon::Terminal => &["M4 17l6-5-6-5", "M12 19h8"],
            Icon::Tunnels => &["M3 12h18", "M15 6l6 6-6 6", "M9 6L3 12l6 6"],
            Icon::Files => &["M3 6a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"],
            Icon::Docker => &["M3 13h18c-1 4-5 7-10 7-4 0-7-3-8-7z", "M6 9h3v3H6z", "M10 9h3v3h-3z", "M14 9h3v3h-3z", "M10 5h3v3h-3z"],
            Icon::Metrics => &["M3 3v18h18", "M7 15l4-4 3 3 5-6"],
            Icon::Desktop => &["M3 4h18v12H3z", "M8 20h8", "M12 16v4"],
            Icon::Bookmarks => &["M6 3h12v18l-6-4-6 4z"],
            Icon::Recordings => &["M12 12m-8 0a8 8 0 1 0 16 0a8 8 0 1 0-16 0", "M12 12m-3 0a3 3 0 1 0 6 0a3 3 0 1 0-6 0"],
            Icon::Audit => &["M9 4h6v3H9z", "M6 6h12v15H6z", "M9 12h6", "M9 16h4"],
            Icon::Settings => &["M12 12m-3 0a3 3 0 1 0 6 0a3 3 0 1 0-6 0", "M12 2v3", "M12 19v3", "M2 12h3", "M19 12h3", "M4.9 4.9l2.1 2.1", "M17 17l2.1 2.1", "M4.9 19.1L7 17", "M17 7l2.1-2.1"],
            Icon::Help => &["M12 12m-9 0a9 9 0 1 0 18 0a9 9 0 1 0-18 0", "M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14", "M12 17h.01"],
            Icon::Lock => &["M5 11h14v10H5z", "M8 11V7a4 4 0 0 1 8 0v4"],
            Icon::Collapse => &["M4 4h16v16H4z", "M9 4v16", "M15 10l-2 2 2 2"],
            Icon::Menu => &["M4 6h16", "M4 12h16", "M4 18h16"],
            Icon::Check => &["M5 12l5 5L20 7"],
            Icon::Logout => &["M15 4h4v16h-4", "M10 17l-5-5 5-5", "M5 12h11"],
            Icon::Download => &["M12 4v11", "M7 10l5 5 5-5", "M5 20h14"],
            Icon::Edit => &["M4 20h4L19 9l-4-4L4 16z", "M13 7l4 4"],
            Icon::Rename => &["M4 7h11", "M4 12h7", "M4 17h5", "M18 6v12", "M16 6h4", "M16 18h4"],
            Icon::Permissions => &["M8 15m-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0", "M11 12l9-9", "M17 6l3 3", "M15 8l2 2"],
            Icon::Delete => &["M4 7h16", "M9 7V4h6v3", "M6 7l1 13h10l1-13", "M10 11v6", "M14 11v6"],
            Icon::Start => &["M7 4l13 8-13 8z"],
            Icon::Stop => &["M6 6h12v12H6z"],
            Icon::Restart => &["M20 11a8 8 0 1 0-2.3 5.7", "M20 4v7h-7"],
            Icon::Pause => &["M8 5v14", "M16 5v14"],
            Icon::Logs => &["M5 4h14v16H5z", "M8 8h8", "M8 12h8", "M8 16h5"],
            Icon::Preview => &["M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z", "M12 12m-3 0a3 3 0 1 0 6 0a3 3 0 1 0-6 0"],
        }
    }
}

#[component]
pub fn IconView(icon: Icon, #[prop(default = 18)] size: u32) -> impl IntoView {
    view! {
        <svg
            class="icon"
            width=size
            height=size
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
        >
            {icon.paths().iter().map(|d| view! { <path d=*d></path> }).collect_view()}
        </svg>
    }
}
