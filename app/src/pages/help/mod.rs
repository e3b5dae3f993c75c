//! Help: how ArchNest works and where things live, one section per topic with a
//! table of contents. Facts here mirror the code (config keys and defaults from
//! `archnest_backend::config`, shortcuts from `crate::nav`); keep them in step.

mod data;
mod docker;
mod files;
mod ssh;

use crate::nav::NAV;
use leptos::prelude::*;
use leptos_meta::Title;

/// Section anchors and titles, in page order; the table of contents reads this.
pub const SECTIONS: &[(&str, &str)] = &[
    ("ssh-hosts", "Adding an SSH host"),
    ("host-keys", "Host keys and fingerprints"),
    ("files", "Files over SFTP"),
    ("tunnels", "SSH tunnels"),
    ("docker-tls", "Docker over TCP with TLS"),
    ("license", "License and offline use"),
    ("shortcuts", "Keyboard shortcuts"),
    ("data", "Where your data lives"),
    ("backup", "Backing up"),
];

#[component]
pub fn HelpPage() -> impl IntoView {
    view! {
        <Title text="Help"/>
        <div class="page prose help-page">
            <header class="page-header"><h1>"Help"</h1></header>
            <nav class="card help-toc" aria-label="Contents">
                <h2>"Contents"</h2>
                <ol>
                    {SECTIONS.iter().map(|(id, title)| view! { <li><a href=format!("#{id}")>{*title}</a></li> }).collect_view()}
                </ol>
            </nav>
            <ssh::SshHosts/>
            <ssh::HostKeys/>
            <files::Files/>
            <files::Tunnels/>
            <docker::DockerTls/>
            <data::License/>
            <Shortcuts/>
            <data::DataDir/>
            <data::Backup/>
        </div>
    }
}

/// A help section: a card with an anchor and the title from `SECTIONS`.
#[component]
pub(crate) fn Section(id: &'static str, children: Children) -> impl IntoView {
    let title = SECTIONS.iter().find(|(s, _)| *s == id).map(|(_, t)| *t).unwrap_or(id);
    view! {
        <section class="card help-section" id=id>
            <h2><a class="anchor" href=format!("#{id}")>{title}</a></h2>
            {children()}
        </section>
    }
}

#[component]
fn Shortcuts() -> impl IntoView {
    view! {
        <Section id="shortcuts">
            <p>"Press " <kbd>"g"</kbd> " and then a letter to jump to a page. Shortcuts are ignored while you type in a field."</p>
            <table class="table compact">
                <thead><tr><th>"Keys"</th><th>"Page"</th></tr></thead>
                <tbody>
                    {NAV.iter().map(|n| view! {
                        <tr><td><kbd>"g"</kbd>" "<kbd>{n.key.to_string()}</kbd></td><td>{n.label}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>"On the Bookmarks page, each tile's ↑ and ↓ buttons move it inside its group; Tab reaches them."</p>
        </Section>
    }
}

#[cfg(test)]
mod tests {
    use super::SECTIONS;

    #[test]
    fn anchors_are_unique_and_url_safe() {
        let mut ids: Vec<_> = SECTIONS.iter().map(|(id, _)| *id).collect();
        assert!(ids.iter().all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SECTIONS.len());
    }
}
