//! Settings → License: this install's identity and license state.

use crate::api::license::{get_license_details, CheckLicenseNow, LicenseDetails};
use crate::pages::profile::ago;
use leptos::prelude::*;
use leptos_meta::Title;

pub fn state_label(state: &str) -> (&'static str, &'static str) {
    match state {
        "valid" => ("Valid", "ok"),
        "offline-grace" => ("Offline grace — the license server could not be reached; modules keep working until valid-until", "warn"),
        "expired" => ("Expired — the free core is active until the next successful check", "bad"),
        "tampered" => ("Rejected — the stored license failed verification", "bad"),
        "no-production-key" => ("This build has no license key compiled in: it runs the free core only", "warn"),
        _ => ("Free core", "ok"),
    }
}

fn date(ts: Option<i64>) -> String {
    ts.and_then(|t| chrono_format(t)).unwrap_or_else(|| "—".into())
}

fn chrono_format(t: i64) -> Option<String> {
    // Plain UTC date and time; the browser's locale is not known during SSR.
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", secs / 3600, secs % 3600 / 60))
}

/// Days since 1970-01-01 to (year, month, day) — Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[component]
pub fn LicenseSection() -> impl IntoView {
    let check = ServerAction::<CheckLicenseNow>::new();
    let details = Resource::new(move || check.version().get(), |_| get_license_details());
    view! {
        <Title text="License"/>
        <section class="card" id="license">
            <h2>"License"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    details.await.map(|d| view! { <Details d=d/> }).map_err(|e| e.to_string())
                })}
            </Transition>
            <div>
                <button class="button ghost" id="check-now" disabled=move || check.pending().get()
                    on:click=move |_| { check.dispatch(CheckLicenseNow {}); }>
                    {move || if check.pending().get() { "Checking…" } else { "Check now" }}
                </button>
            </div>
        </section>
    }
}

#[component]
fn Details(d: LicenseDetails) -> impl IntoView {
    let (label, tone) = state_label(&d.state);
    let install_id = d.install_id.clone();
    let modules: Vec<_> = d.owned.iter().collect();
    view! {
        <dl class="facts">
            <dt>"Install ID"</dt>
            <dd class="copy-row">
                <code id="install-id">{d.install_id.clone()}</code>
                <CopyButton text=install_id/>
            </dd>
            <dt>"State"</dt><dd><span class=format!("pill {tone}") id="license-state" data-state=d.state.clone()>{label}</span></dd>
            <dt>"Valid until"</dt><dd>{date(d.valid_until)}</dd>
            <dt>"Last check"</dt><dd>{d.last_check_at.map(ago).unwrap_or_else(|| "never".into())}</dd>
            {d.last_error.map(|e| view! { <dt>"Last error"</dt><dd class="error">{e}</dd> })}
            <dt>"License server"</dt><dd><code>{d.license_server}</code></dd>
            <dt>"Modules"</dt>
            <dd id="licensed-modules">
                {if modules.is_empty() {
                    view! { <span class="muted">"None — the free core"</span> }.into_any()
                } else {
                    view! { <ul class="tag-list">{modules.into_iter().map(|m| view! { <li class="tag">{m.name()}</li> }).collect_view()}</ul> }.into_any()
                }}
            </dd>
        </dl>
    }
}

/// Copies `text` to the clipboard (browser only).
#[component]
pub fn CopyButton(text: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
        copied.set(true);
    };
    view! {
        <button class="button ghost small" on:click=on_click>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
    }
}
