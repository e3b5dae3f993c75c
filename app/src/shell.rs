//! The HTML document, the route table and the application frame (sidebar + main).

use crate::components::icons::{Icon, IconView};
use crate::components::module_gate::Owned;
use crate::nav::{active_item, NAV};
use crate::pages;
use archnest_modules::ModuleSet;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;

/// The full HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover, interactive-widget=resizes-content"/>
                <meta name="theme-color" content="#0f1216"/>
                <meta name="color-scheme" content="dark"/>
                <meta name="mobile-web-app-capable" content="yes"/>
                <meta name="apple-mobile-web-app-capable" content="yes"/>
                <meta name="apple-mobile-web-app-title" content="ArchNest"/>
                <meta name="apple-mobile-web-app-status-bar-style" content="black-translucent"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| if page.is_empty() { "ArchNest".to_string() } else { format!("{page} · ArchNest") }/>
        <Meta name="description" content="ArchNest — your self-hosted infrastructure console"/>
        <Link rel="preload" href="/icons/icon.svg" as_="image"/>
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("setup") view=pages::auth::SetupPage/>
                <Route path=path!("login") view=pages::auth::LoginPage/>
                <ParentRoute path=path!("") view=Frame>
                    <Route path=path!("") view=pages::glance::GlancePage/>
                    <Route path=path!("infrastructure") view=pages::infrastructure::InfrastructurePage/>
                    <Route path=path!("terminal") view=pages::terminal::TerminalPage/>
                    <Route path=path!("tunnels") view=pages::tunnels::TunnelsPage/>
                    <Route path=path!("files") view=pages::files::FilesPage/>
                    <Route path=path!("docker") view=pages::docker::DockerPage/>
                    <Route path=path!("metrics") view=pages::metrics::MetricsPage/>
                    <Route path=path!("desktop") view=pages::placeholders::DesktopPage/>
                    <Route path=path!("bookmarks") view=pages::bookmarks::BookmarksPage/>
                    <Route path=path!("recordings") view=pages::placeholders::RecordingsPage/>
                    <Route path=path!("audit") view=pages::placeholders::AuditPage/>
                    <Route path=path!("help") view=pages::help::HelpPage/>
                    <ParentRoute path=path!("settings") view=pages::settings::SettingsLayout>
                        <Route path=path!("") view=pages::settings::SettingsIndex/>
                        <Route path=path!(":section") view=pages::settings::SettingsSection/>
                        <Route path=path!("store/modules/:slug") view=pages::store::StoreSection/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The theme chosen in this browser (Settings → Appearance).
#[derive(Clone, Copy)]
pub struct Theme(pub RwSignal<String>);

/// Lets a page (e.g. the store after a purchase) refresh the owned-module set.
#[derive(Clone, Copy)]
pub struct LicenseRefresh(pub RwSignal<u32>);

impl LicenseRefresh {
    pub fn refetch(self) {
        self.0.update(|n| *n += 1);
    }
}

/// Sidebar + content. The sidebar collapses to icons (remembered per browser) and
/// becomes a drawer on phone-sized screens.
#[component]
fn Frame() -> impl IntoView {
    let collapsed = RwSignal::new(false);
    let drawer_open = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    // The owned-module set is fetched in the browser after hydration (the server
    // renders the free-core view), so server and client markup always agree.
    let owned_set = RwSignal::new(ModuleSet::EMPTY);
    let refresh = RwSignal::new(0u32);
    Effect::new(move |_| {
        refresh.track();
        leptos::task::spawn_local(async move {
            if let Ok(s) = crate::api::license::get_license_summary().await {
                owned_set.set(s.owned);
            }
        });
    });
    provide_context(Owned(owned_set.into()));
    provide_context(LicenseRefresh(refresh));
    let theme = RwSignal::new("archnest-dark".to_string());
    provide_context(Theme(theme));
    // A paid theme applies only while its module is licensed; otherwise the free one.
    let owned = use_context::<Owned>().map(|o| o.0);
    let effective_theme = move || {
        let chosen = theme.get();
        let module = crate::pages::appearance::THEMES.iter().find(|(id, _, _)| *id == chosen).and_then(|(_, _, m)| *m);
        match (module, owned) {
            (None, _) => chosen,
            (Some(m), Some(o)) if o.get().contains(m) => chosen,
            _ => "archnest-dark".to_string(),
        }
    };
    crate::shortcuts::install();

    Effect::new(move |_| {
        hydrated.set(true);
        #[cfg(feature = "hydrate")]
        {
            collapsed.set(crate::pages::browser::load_flag("sidebar-collapsed"));
            if let Some(t) = crate::pages::browser::load_value("theme") {
                theme.set(t);
            }
            crate::pages::browser::register_service_worker();
        }
    });
    let toggle = move |_| {
        collapsed.update(|c| *c = !*c);
        #[cfg(feature = "hydrate")]
        crate::pages::browser::store_flag("sidebar-collapsed", collapsed.get_untracked());
    };

    #[cfg(feature = "hydrate")]
    Effect::new(move |prev: Option<()>| {
        let t = theme.get();
        if prev.is_some() {
            crate::pages::browser::store_value("theme", &t);
        }
    });

    let location = use_location();
    let current = move || active_item(&location.pathname.get()).map(|n| n.path);
    // Close the phone drawer after navigating.
    Effect::new(move |_| {
        location.pathname.track();
        drawer_open.set(false);
    });

    view! {
        <div
            class="frame"
            class:collapsed=move || collapsed.get()
            class:drawer-open=move || drawer_open.get()
            data-hydrated=move || if hydrated.get() { "true" } else { "false" }
            data-theme=effective_theme
        >
            <header class="topbar">
                <button class="icon-button" aria-label="Open navigation" on:click=move |_| drawer_open.update(|o| *o = !*o)>
                    <IconView icon=Icon::Menu/>
                </button>
                <a href="/" class="brand-small"><img src="/icons/icon.svg" alt="" width="22" height="22"/>"ArchNest"</a>
            </header>
            <nav class="sidebar" aria-label="Main">
                <a href="/" class="brand">
                    <img src="/icons/icon.svg" alt="" width="26" height="26"/>
                    <span class="label">"ArchNest"</span>
                </a>
                <ul>
                    {NAV
                        .iter()
                        .map(|item| {
                            let path = item.path;
                            view! {
                                <li>
                                    <A href=path attr:class="nav-link" attr:title=item.label attr:aria-current=move || (current() == Some(path)).then_some("page")>
                                        <IconView icon=item.icon/>
                                        <span class="label">{item.label}</span>
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <button
                    class="collapse-toggle"
                    aria-label=move || if collapsed.get() { "Expand sidebar" } else { "Collapse sidebar" }
                    aria-expanded=move || (!collapsed.get()).to_string()
                    on:click=toggle
                >
                    <IconView icon=Icon::Collapse/>
                    <span class="label">"Collapse"</span>
                </button>
            </nav>
            <div class="scrim" on:click=move |_| drawer_open.set(false)></div>
            <main class="content">
                <Outlet/>
            </main>
        </div>
    }
}
