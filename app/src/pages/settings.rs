//! Settings: a section list and one page per section.

use crate::components::{EmptyState, Icon};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_params_map;

pub const SECTIONS: &[(&str, &str, &str)] = &[
    ("profile", "Profile", "Your account, password, two-factor and sessions."),
    ("hosts", "Hosts & Integrations", "SSH hosts, Docker sources and integrations."),
    ("users", "Users", "Who can sign in and what they may do."),
    ("appearance", "Appearance", "Theme and terminal font."),
    ("license", "License", "Install ID, licensed modules and license status."),
    ("store", "Module Store", "Paid modules and bundles."),
    ("backup", "Backup", "Export and restore your data."),
];

#[component]
pub fn SettingsLayout() -> impl IntoView {
    view! {
        <div class="page settings">
            <header class="page-header"><h1>"Settings"</h1></header>
            <div class="settings-grid">
                <nav class="settings-nav" aria-label="Settings">
                    {SECTIONS.iter().map(|(slug, label, _)| view! {
                        <A href=format!("/settings/{slug}")>{*label}</A>
                    }).collect_view()}
                </nav>
                <div class="settings-body"><Outlet/></div>
            </div>
        </div>
    }
}

#[component]
pub fn SettingsIndex() -> impl IntoView {
    view! {
        <Title text="Settings"/>
        <div class="section-list">
            {SECTIONS.iter().map(|(slug, label, blurb)| view! {
                <a class="card link-card" href=format!("/settings/{slug}")>
                    <strong>{*label}</strong>
                    <span class="muted">{*blurb}</span>
                </a>
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn SettingsSection() -> impl IntoView {
    let params = use_params_map();
    let section = move || params.read().get("section").unwrap_or_default();
    move || {
        let slug = section();
        match SECTIONS.iter().find(|(s, _, _)| *s == slug) {
            Some(("profile", _, _)) => view! { <crate::pages::profile::ProfileSection/> }.into_any(),
            Some(("license", _, _)) => view! { <crate::pages::license::LicenseSection/> }.into_any(),
            Some(("store", _, _)) => view! { <crate::pages::store::StoreSection/> }.into_any(),
            Some(("hosts", _, _)) => view! { <crate::pages::hosts::HostsSection/> }.into_any(),
            Some(("appearance", _, _)) => view! { <crate::pages::appearance::AppearanceSection/> }.into_any(),
            Some((_, label, blurb)) => view! {
                <Title text=*label/>
                <h2>{*label}</h2>
                <EmptyState icon=Icon::Settings title="Not built yet" message=format!("{blurb} This section is on the way.")/>
            }
            .into_any(),
            None => view! { <EmptyState icon=Icon::Help title="Unknown section" message="There is no such settings section."/> }.into_any(),
        }
    }
}
