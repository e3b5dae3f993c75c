//! Every page of the product, in sidebar order. The sidebar, the route table's
//! titles and the Help page all read this list.

use crate::components::icons::Icon;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NavItem {
    pub label: &'static str,
    pub path: &'static str,
    pub icon: Icon,
    /// Keyboard shortcut after the `g` prefix (e.g. `g t` opens Terminal).
    pub key: char,
}

pub const NAV: &[NavItem] = &[
    NavItem { label: "Glance", path: "/", icon: Icon::Glance, key: 'g' },
    NavItem { label: "Infrastructure", path: "/infrastructure", icon: Icon::Infrastructure, key: 'i' },
    NavItem { label: "Terminal", path: "/terminal", icon: Icon::Terminal, key: 't' },
    NavItem { label: "Tunnels", path: "/tunnels", icon: Icon::Tunnels, key: 'u' },
    NavItem { label: "Files", path: "/files", icon: Icon::Files, key: 'f' },
    NavItem { label: "Docker", path: "/docker", icon: Icon::Docker, key: 'd' },
    NavItem { label: "Metrics", path: "/metrics", icon: Icon::Metrics, key: 'm' },
    NavItem { label: "Desktop", path: "/desktop", icon: Icon::Desktop, key: 'k' },
    NavItem { label: "Bookmarks", path: "/bookmarks", icon: Icon::Bookmarks, key: 'b' },
    NavItem { label: "Recordings", path: "/recordings", icon: Icon::Recordings, key: 'r' },
    NavItem { label: "Audit", path: "/audit", icon: Icon::Audit, key: 'a' },
    NavItem { label: "Settings", path: "/settings", icon: Icon::Settings, key: 's' },
    NavItem { label: "Help", path: "/help", icon: Icon::Help, key: 'h' },
];

/// The nav item a path belongs to (longest matching prefix), for highlighting.
pub fn active_item(path: &str) -> Option<&'static NavItem> {
    NAV.iter()
        .filter(|n| if n.path == "/" { path == "/" } else { path == n.path || path.starts_with(&format!("{}/", n.path)) })
        .max_by_key(|n| n.path.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_product_page_is_in_the_sidebar_once() {
        let labels: Vec<_> = NAV.iter().map(|n| n.label).collect();
        assert_eq!(
            labels,
            ["Glance", "Infrastructure", "Terminal", "Tunnels", "Files", "Docker", "Metrics", "Desktop", "Bookmarks", "Recordings", "Audit", "Settings", "Help"]
        );
        let mut keys: Vec<_> = NAV.iter().map(|n| n.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), NAV.len(), "shortcut keys must be unique");
    }

    #[test]
    fn active_item_uses_longest_prefix() {
        assert_eq!(active_item("/").map(|n| n.label), Some("Glance"));
        assert_eq!(active_item("/settings/license").map(|n| n.label), Some("Settings"));
        assert_eq!(active_item("/terminalx"), None);
    }
}
